// The integrity report's count tables, shared by the integrity page and the
// printable report: plain tables (they print whole), counts as the API sent
// them ("<5" stays "<5" for accounts that see counts only).
import type {
  IntegrityChannelRow,
  IntegrityReportView,
  IntegritySchoolRow,
  IntegrityView,
} from "../../../api/integrity/types.ts";
import type { SuppressedCount } from "../../../api/analysis/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { count, hourLabel } from "../format.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";

interface CountRow {
  name: string;
  cells: readonly (SuppressedCount | string)[];
}

/** A captioned, scrollable table; `head` are the column headings, the first one names the rows. */
export function countTable(
  id: string,
  caption: string,
  head: readonly string[],
  rows: readonly CountRow[],
): Html {
  const [first = "", ...rest] = head;
  const columns: Column<CountRow>[] = [
    { label: first, rowHeader: true, cell: (row) => row.name },
    ...rest.map((heading, i): Column<CountRow> => ({
      label: heading,
      numeric: true,
      cell: (row) => {
        const c = row.cells[i];
        return typeof c === "number" ? count(c) : c;
      },
    })),
  ];
  return dataTable(columns, rows, { id, caption, compact: true, empty: t("table.empty") });
}

/** The three headline figures and the refusals while closed, as a definition list. */
export function integrityTotals(view: IntegrityView): Html {
  return html`<dl class="jh-facts" id="integrity-totals">
    <dt>${t("integrity.responses")}</dt>
    <dd>${count(view.totals.responses)}</dd>
    <dt>${t("integrity.flagged")}</dt>
    <dd>${count(view.totals.flagged)}</dd>
    <dt>${t("integrity.excluded")}</dt>
    <dd>${count(view.totals.excluded)}</dd>
    <dt>${t("integrity.closedRefusals")}</dt>
    <dd id="integrity-closed-refusals">${count(view.closedRefusals.total)}</dd>
  </dl>`;
}

export function kindTable(prefix: string, view: IntegrityView): Html {
  const withClusters = !("countsOnly" in view);
  const head = [
    t("integrity.colKind"),
    t("integrity.colResponses"),
    ...(withClusters ? [t("integrity.colClusters")] : []),
  ];
  const rows = view.byKind.map((k) => ({
    name: label("flagKind", k.kind),
    cells: [k.responses, ...("clusters" in k ? [k.clusters] : [])],
  }));
  return countTable(`${prefix}-kinds`, t("integrity.byKindCaption"), head, rows);
}

const placeHead = () => [
  t("integrity.colResponses"),
  t("integrity.colFlagged"),
  t("integrity.colExcluded"),
];

export function schoolName(row: Pick<IntegritySchoolRow, "code" | "name" | "schoolId">): string {
  if (row.schoolId === null) return t("integrity.districtLinks");
  return [row.code, row.name].filter(Boolean).join(" ");
}

export function schoolTable(prefix: string, rows: readonly IntegritySchoolRow[]): Html {
  return countTable(
    `${prefix}-schools`,
    t("integrity.bySchoolCaption"),
    [t("integrity.colSchool"), ...placeHead()],
    rows.map((r) => ({ name: schoolName(r), cells: [r.responses, r.flagged, r.excluded] })),
  );
}

export function channelTable(prefix: string, rows: readonly IntegrityChannelRow[]): Html {
  return countTable(
    `${prefix}-channels`,
    t("integrity.byChannelCaption"),
    [t("integrity.colChannel"), ...placeHead()],
    rows.map((r) => ({ name: r.label, cells: [r.responses, r.flagged, r.excluded] })),
  );
}

/** Refusals while closed, per link and the hours they came in (admins; nothing when there were none). */
export function refusalTable(prefix: string, report: IntegrityReportView): Html {
  const { byChannel } = report.closedRefusals;
  if (byChannel.length === 0) return html``;
  const labels = new Map(report.byChannel.map((c) => [c.channelId, c.label]));
  return countTable(
    `${prefix}-refusals`,
    t("integrity.refusalsCaption"),
    [
      t("integrity.colChannel"),
      t("integrity.colCount"),
      t("integrity.colFirst"),
      t("integrity.colLast"),
    ],
    byChannel.map((r) => ({
      name: labels.get(r.channelId) ?? `#${r.channelId}`,
      cells: [r.count, hourLabel(r.firstHour), hourLabel(r.lastHour)],
    })),
  );
}
