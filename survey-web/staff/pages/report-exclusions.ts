import type { ReportEntryView, ReportView, Verdict } from "../../../api/analysis/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { count } from "../format.ts";
import { type Html, type HtmlValue, html } from "../html.ts";
import { t } from "../i18n.ts";
import { mainInterval, value, verdictBadge } from "./report-parts.ts";

type Headline = Pick<ReportView, "satisfaction" | "awareness"> & {
  rows: ReportView["sample"]["rows"];
};

interface Measure {
  name: string;
  cell(side: Headline): HtmlValue;
}

/**
 * The figures without the excluded responses (the report's) beside the same figures with
 * them put back: an inspector sees at once what the exclusions changed.
 * `satisfactionToo`: publicity accounts see awareness only.
 */
export function exclusionComparison(report: ReportView, satisfactionToo: boolean): Html {
  const { responses, withExcluded } = report.exclusions;
  if (withExcluded === null) {
    return html`<p class="jh-hint" id="exclusions-none">
      ${t("report.exclusionsNone", { rows: count(report.sample.rows) })}
    </p>`;
  }
  const estimate = (entry: ReportEntryView) =>
    html`${value(entry, entry.estimate)}<br /><span class="jh-hint">${mainInterval(entry)}</span>`;
  const verdict = (v: Verdict | null) => (v === null ? "—" : verdictBadge(v));
  // One row per figure, one column per side.
  const satisfaction: Measure[] = [
    { name: t("report.satisfaction"), cell: (side) => estimate(side.satisfaction) },
    {
      name: t("report.lowerBound"),
      cell: (side) => value(side.satisfaction, side.satisfaction.lowerBound),
    },
    { name: t("report.verdictRow"), cell: (side) => verdict(side.satisfaction.verdict) },
  ];
  const measures: Measure[] = [
    { name: t("report.responsesCounted"), cell: (side) => count(side.rows) },
    ...(satisfactionToo ? satisfaction : []),
    { name: t("report.awareness"), cell: (side) => estimate(side.awareness) },
  ];
  const sides: [string, Headline][] = [
    [
      t("report.withoutExcluded"),
      { rows: report.sample.rows, satisfaction: report.satisfaction, awareness: report.awareness },
    ],
    [t("report.withExcluded"), withExcluded],
  ];
  const columns: Column<Measure>[] = [
    { label: null, rowHeader: true, cell: (m) => m.name },
    ...sides.map(([heading, side]): Column<Measure> => ({
      label: heading,
      numeric: true,
      cell: (m) => m.cell(side),
    })),
  ];
  return html`<p class="jh-hint">${t("report.exclusionsNote", { count: count(responses) })}</p>
    ${dataTable(columns, measures, {
      id: "exclusions-comparison",
      captionId: "exclusions-caption",
      caption: t("report.exclusions"),
      compact: true,
    })}`;
}
