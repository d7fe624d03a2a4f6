import { api, integrityApi, links } from "../api-client.ts";
import type { ReportBreakdownRowView, ReportView } from "../../../api/analysis/types.ts";
import type { SamplePlanView } from "../../../api/campaigns/types.ts";
import { chartFailed, chartFigure } from "../chart-figure.ts";
import { loadCharts } from "../chart-loader.ts";
import type { BarChart } from "../charts.ts";
import { dateTime } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { mayExport, maySeeSatisfaction } from "../roles.ts";
import { setTitle } from "../shell.ts";
import { configSection, sampleTable, schoolSampleTable, weightsSection } from "./report-audit.ts";
import { versionSampleTable } from "./report-versions.ts";
import { exclusionComparison } from "./report-exclusions.ts";
import { integrityReportSection } from "./report-integrity.ts";
import { breakdownTable, figureCard, groupRows, keyLabel } from "./report-parts.ts";

const satisfactionDimensions = ["school", "town", "areaType", "item", "channel", "day"];
const awarenessDimensions = ["source", "channel", "day"];

function section(id: string, title: string, body: Html): Html {
  return html`<section class="jh-panel" aria-labelledby="${id}-title" id="${id}">
    <h2 id="${id}-title">${title}</h2>
    ${body}
  </section>`;
}

function breakdowns(
  prefix: string,
  title: string,
  rows: Partial<Record<string, readonly ReportBreakdownRowView[]>>,
  dimensions: string[],
): Html {
  return html`${dimensions
    .filter((d) => rows[d] !== undefined)
    .map(
      (d) =>
        html`<h3>${label("dimension", d)}</h3>
          ${breakdownTable(`${prefix}-${d}`, `${title} · ${label("dimension", d)}`, d, rows[d] ?? [])}`,
    )}`;
}

function exportLinks(campaignId: number): Html {
  return html`<p class="jh-actions">
    <a class="jh-button" href="${links.exportReportXlsx(campaignId)}" download
      >${t("report.exportReport")}</a
    >
    <a class="jh-button" href="${links.exportResponsesXlsx(campaignId)}" download
      >${t("report.exportXlsx")}</a
    >
    <a class="jh-button" href="${links.exportResponsesCsv(campaignId)}" download
      >${t("report.exportCsv")}</a
    >
  </p>`;
}

/**
 * The printable report: the satisfaction figure with its definition, verdict
 * and intervals, awareness, every breakdown, the sample against the plan and
 * the weight audit. Publicity sees the awareness part only; exports are the
 * bureau's. Suppressed counts ("<5") come from the API as they are shown.
 */
export async function reportPage(ctx: PageContext): Promise<void> {
  const { main, campaign, permissions, signal } = ctx;
  setTitle(t("report.title"), campaign.name);
  render(main, html`${heading(t("report.title"), campaign.name)}${loading()}`);
  const satisfactionToo = maySeeSatisfaction(permissions);
  const [reportResult, planResult] = await Promise.allSettled([
    api.report(campaign.id),
    satisfactionToo ? api.samplePlan(campaign.id) : Promise.resolve(null),
  ]);
  if (signal.aborted) return;
  if (reportResult.status === "rejected") {
    render(
      main,
      html`${heading(t("report.title"), campaign.name)}${errorBox(reportResult.reason)}`,
    );
    return;
  }
  const report: ReportView = reportResult.value;
  const plan: SamplePlanView | null = planResult.status === "fulfilled" ? planResult.value : null;
  // The data-quality section (docs/integrity.md, The integrity report): counts for viewers,
  // everything for admins.
  const integrity = satisfactionToo
    ? await integrityApi.report(campaign.id).catch(() => null)
    : null;
  if (signal.aborted) return;
  const sat = report.satisfaction;
  const schoolNames = new Map(
    (report.breakdowns.satisfaction.school ?? []).map((r) => [r.key, keyLabel("school", r)]),
  );

  render(
    main,
    html`${heading(t("report.title"), campaign.name)}
      <p class="jh-print-only">${t("report.printedAt", { time: dateTime(new Date()) })}</p>
      <div class="jh-actions jh-no-print">
        <button type="button" class="jh-button" id="print">${t("report.print")}</button>
      </div>
      ${mayExport(permissions) ? exportLinks(campaign.id) : ""}
      ${
        satisfactionToo
          ? section(
              "report-satisfaction",
              t("report.satisfaction"),
              html`${figureCard("figure-satisfaction", sat, sat.verdict)}
              ${chartFigure("chart-satisfaction-groups", t("report.byGroupChartTitle"), t("report.byGroupChart"))}
              ${breakdownTable("satisfaction-groups", t("report.satisfactionByGroup"), "group", groupRows(sat.byGroup))}`,
            )
          : ""
      }
      ${section(
        "report-exclusions",
        t("report.exclusions"),
        exclusionComparison(report, satisfactionToo),
      )}
      ${section(
        "report-awareness",
        t("report.awareness"),
        html`<p class="jh-hint">${t("report.awarenessNote")} ${t("report.tableNotes")}</p>
          ${figureCard("figure-awareness", report.awareness, null)}
          ${chartFigure("chart-awareness-sources", t("report.sourcesChartTitle"), t("report.sourcesChart"))}
          ${breakdownTable("awareness-groups", t("report.awarenessByGroup"), "group", groupRows(report.awareness.byGroup))}
          ${breakdowns("awareness", t("report.awareness"), report.breakdowns.awareness, awarenessDimensions)}`,
      )}
      ${
        satisfactionToo
          ? html`${section(
              "report-breakdowns",
              t("report.breakdowns"),
              html`<p class="jh-hint">${t("report.tableNotes")}</p>
                ${breakdowns(
                  "satisfaction",
                  t("report.satisfaction"),
                  report.breakdowns.satisfaction,
                  satisfactionDimensions,
                )}`,
            )}
            ${section(
              "report-sample",
              t("report.sample"),
              html`${sampleTable(report.sample, plan)}${versionSampleTable(report.sample)}${schoolSampleTable(report.sample, plan, schoolNames)}`,
            )}
            ${section("report-weights", t("report.weights"), weightsSection(report.weights, report.warnings))}
            ${section("report-config", t("report.config"), configSection(report.config, report.items))}`
          : ""
      }
      ${integrity ? integrityReportSection(integrity) : ""}`,
  );
  $(main, "#print").addEventListener("click", () => window.print());

  const charts: BarChart[] = [];
  signal.addEventListener("abort", () => charts.forEach((c) => c.destroy()));
  const module = await loadCharts().catch(() => null);
  if (signal.aborted) return;
  const ids = ["chart-satisfaction-groups", "chart-awareness-sources"];
  if (!module) return chartFailed(main, ids);
  /** Estimates per row on the figure's scale: percent for shares, 0–100 for scores. */
  const draw = (
    id: string,
    rows: readonly ReportBreakdownRowView[],
    dimension: string,
    color: string,
  ) => {
    const canvas = main.querySelector<HTMLCanvasElement>(`#${id}`);
    if (!canvas) return;
    const score = rows[0]?.scale === "score";
    const scaled = (r: ReportBreakdownRowView) =>
      r.estimate === null ? null : score ? r.estimate : r.estimate * 100;
    charts.push(
      module.barChart(canvas, {
        labels: rows.map((r) => keyLabel(dimension, r)),
        horizontal: true,
        max: 100,
        unit: score ? "" : "%",
        series: [{ label: t("report.colEstimate"), data: rows.map(scaled), color }],
      }),
    );
  };
  if (satisfactionToo) {
    draw("chart-satisfaction-groups", groupRows(sat.byGroup), "group", "#0b4f8a");
  }
  draw("chart-awareness-sources", report.breakdowns.awareness.source ?? [], "source", "#5c6b7a");
}
