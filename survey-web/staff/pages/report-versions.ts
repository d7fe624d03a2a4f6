import type { ReportView, SuppressedCount } from "../../../api/analysis/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { count } from "../format.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";

type VersionRow = { key: string; version: number; responses: SuppressedCount };

/**
 * How many answered each questionnaire version (the report combines versions by question
 * name; docs/questionnaires.md, Versions). Nothing when no response has come in.
 */
export function versionSampleTable(sample: ReportView["sample"]): Html {
  const rows: readonly VersionRow[] = sample.byVersion;
  if (rows.length === 0) return html``;
  const columns: Column<VersionRow>[] = [
    {
      label: t("report.versionQuestionnaire"),
      rowHeader: true,
      cell: (r) => label("questionnaire", r.key),
    },
    { label: t("report.version"), cell: (r) => t("qe.versionN", { version: r.version }) },
    { label: t("report.versionResponses"), numeric: true, cell: (r) => count(r.responses) },
  ];
  return html`${dataTable(columns, rows, {
      id: "sample-versions",
      caption: t("report.versionsCaption"),
      compact: true,
    })}
    <p class="jh-hint">${t("report.versionsNote")}</p>`;
}
