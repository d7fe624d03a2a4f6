import type { ReportEntryView, ReportView, Verdict } from "../../../api/analysis/types.ts";
import { count } from "../format.ts";
import { type Html, html } from "../html.ts";
import { t } from "../i18n.ts";
import { mainInterval, value, verdictBadge } from "./report-parts.ts";

type Headline = Pick<ReportView, "satisfaction" | "awareness"> & {
  rows: ReportView["sample"]["rows"];
};

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
  const sides: Headline[] = [
    { rows: report.sample.rows, satisfaction: report.satisfaction, awareness: report.awareness },
    withExcluded,
  ];
  const row = (heading: string, cell: (side: Headline) => Html | string) =>
    html`<tr>
      <th scope="row">${heading}</th>
      ${sides.map((side) => html`<td class="jh-num">${cell(side)}</td>`)}
    </tr>`;
  const estimate = (entry: ReportEntryView) =>
    html`${value(entry, entry.estimate)}<br /><span class="jh-hint">${mainInterval(entry)}</span>`;
  const verdict = (v: Verdict | null) => (v === null ? "—" : verdictBadge(v));
  return html`<p class="jh-hint">${t("report.exclusionsNote", { count: count(responses) })}</p>
    <div class="jh-table-wrap" tabindex="0" role="region" aria-labelledby="exclusions-caption">
      <table class="jh-table jh-table--compact" id="exclusions-comparison">
        <caption id="exclusions-caption">
          ${t("report.exclusions")}
        </caption>
        <thead>
          <tr>
            <td></td>
            <th scope="col" class="jh-num">${t("report.withoutExcluded")}</th>
            <th scope="col" class="jh-num">${t("report.withExcluded")}</th>
          </tr>
        </thead>
        <tbody>
          ${row(t("report.responsesCounted"), (side) => count(side.rows))}
          ${
            satisfactionToo
              ? html`${row(t("report.satisfaction"), (side) => estimate(side.satisfaction))}
                ${row(t("report.lowerBound"), (side) =>
                  value(side.satisfaction, side.satisfaction.lowerBound),
                )}
                ${row(t("report.verdictRow"), (side) => verdict(side.satisfaction.verdict))}`
              : ""
          }
          ${row(t("report.awareness"), (side) => estimate(side.awareness))}
        </tbody>
      </table>
    </div>`;
}
