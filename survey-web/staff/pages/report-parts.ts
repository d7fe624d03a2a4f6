import type {
  Pair,
  ReportBreakdownRowView,
  ReportEntryView,
  ReportFigureView,
  Verdict,
} from "../../../api/analysis/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { count, decimal, percent } from "../format.ts";
import { type Html, html } from "../html.ts";
import { hasText, label, t } from "../i18n.ts";

/** An estimate on its own scale: a share as a percentage, a score (0–100) as a number. */
export function value(
  figure: Pick<ReportFigureView, "scale">,
  x: number | null | undefined,
): string {
  if (x === null || x === undefined) return "—";
  return figure.scale === "score" ? decimal(x, 1) : percent(x, 1);
}

function interval(figure: ReportFigureView, pair: Pair | undefined): string {
  return pair ? `${value(figure, pair[0])} – ${value(figure, pair[1])}` : "—";
}

/** The interval a table shows: t for scores, logit for shares (R's default). */
export function mainInterval(figure: ReportFigureView): string {
  return interval(figure, figure.scale === "score" ? figure.ci?.t : figure.ci?.logit);
}

/** The figure's definition in words: the number beside the 85 % line always names it. */
export function definitionText(definition: string): string {
  const key = `definition.${definition}`;
  return hasText(key) ? t(key) : definition;
}

/** A breakdown key as people read it: group and area names translated, items named. */
export function keyLabel(dimension: string, row: { key: string; label: string | null }): string {
  if (row.label) return row.label;
  switch (dimension) {
    case "group":
      return label("group", row.key);
    case "areaType":
      return label("area", row.key);
    case "item":
      return label("item", row.key);
    case "source":
      return label("source", row.key);
    default:
      return row.key;
  }
}

export function verdictBadge(v: Verdict): Html {
  const sign = v.verdict === "pass" ? "✓" : v.verdict === "fail" ? "✗" : "!";
  return html`<span class="jh-verdict jh-verdict--${v.verdict}"
    ><span aria-hidden="true">${sign} </span>${label("verdict", v.verdict)}</span
  >`;
}

/** The headline figure: estimate, verdict, definition, intervals and sample, in words. */
export function figureCard(id: string, figure: ReportEntryView, verdict: Verdict | null): Html {
  const { ci } = figure;
  return html`<div class="jh-figure" id="${id}">
    <div>
      <p class="jh-figure__value">${value(figure, figure.estimate)}</p>
      ${verdict ? verdictBadge(verdict) : ""}
    </div>
    <dl class="jh-facts">
      <dt>${t("report.definition")}</dt>
      <dd>${definitionText(figure.definition)}</dd>
      ${
        verdict
          ? html`<dt>${t("report.threshold")}</dt>
              <dd>${value(figure, verdict.threshold)}</dd>
              <dt>${t("report.lowerBound")}</dt>
              <dd>${value(figure, verdict.lowerBound)}</dd>`
          : ""
      }
      ${
        figure.scale === "score"
          ? html`<dt>${t("report.ciT")}</dt>
              <dd>${interval(figure, ci?.t)}</dd>`
          : html`<dt>${t("report.ciLogit")}</dt>
              <dd>${interval(figure, ci?.logit)}</dd>
              <dt>${t("report.ciBeta")}</dt>
              <dd>${interval(figure, ci?.beta)}</dd>`
      }
      <dt>${t("report.se")}</dt>
      <dd>${value(figure, figure.se)}</dd>
      <dt>${t("report.n")}</dt>
      <dd>
        ${t("report.nValue", {
          n: count(figure.n),
          rows: count(figure.rows),
          nEff: typeof figure.nEff === "number" ? decimal(figure.nEff, 1) : count(figure.nEff),
        })}
      </dd>
      <dt>${t("report.unweighted")}</dt>
      <dd>${value(figure.unweighted, figure.unweighted.estimate)}</dd>
    </dl>
    ${verdict ? html`<p class="jh-verdict-note">${verdictNote(verdict, figure)}</p>` : ""}
    ${figure.smallSample ? html`<p class="jh-alert jh-alert--info">${t("report.smallSample")}</p>` : ""}
  </div>`;
}

function verdictNote(v: Verdict, figure: ReportFigureView): string {
  const vars = { threshold: value(figure, v.threshold), bound: value(figure, v.lowerBound) };
  if (v.verdict === "pass") return t("verdict.passNote", vars);
  if (v.verdict === "fail") return t("verdict.failNote", vars);
  return v.moreResponses === null
    ? t("verdict.atRiskNote", vars)
    : t("verdict.atRiskMore", { ...vars, more: count(v.moreResponses) });
}

/** One breakdown as a table: who, how many, the estimate with its interval, unweighted beside. */
export function breakdownTable(
  id: string,
  caption: string,
  dimension: string,
  rows: readonly ReportBreakdownRowView[],
): Html {
  const columns: Column<ReportBreakdownRowView>[] = [
    { label: label("dimension", dimension), rowHeader: true, cell: (r) => keyLabel(dimension, r) },
    { label: t("report.colN"), numeric: true, cell: (r) => count(r.n) },
    {
      label: t("report.colEstimate"),
      numeric: true,
      cell: (r) =>
        html`${value(r, r.estimate)}${r.smallSample && r.estimate !== null ? html`<span class="jh-small" title="${t("report.smallSampleShort")}"> *</span>` : ""}`,
    },
    { label: t("report.colCi"), numeric: true, cell: mainInterval },
    {
      label: t("report.colUnweighted"),
      numeric: true,
      cell: (r) => value(r.unweighted, r.unweighted.estimate),
    },
  ];
  return dataTable(columns, rows, { id, caption, compact: true, empty: t("table.empty") });
}

/** byGroup of a headline figure as breakdown rows, in the report's order. */
export function groupRows(byGroup: Record<string, ReportEntryView>): ReportBreakdownRowView[] {
  return Object.entries(byGroup).map(([key, entry]) => ({ ...entry, key, label: null }));
}
