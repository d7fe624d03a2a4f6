import type { ReportChannel, ReportSchool } from "../../analysis/analysis-report.ts";
import type { ItemRoles } from "../db/database.ts";

/**
 * The report's inputs besides the cells, put in one order by the API and by
 * `npm run analyze` alike, so both print the same JSON from the same data.
 */

/** Schools in code order (code units: the same on every machine and database collation). */
export function sortedReportSchools(schools: readonly ReportSchool[]): ReportSchool[] {
  return [...schools].sort((a, b) => compareText(a.code, b.code));
}

/** Channels by numeric id (ids are text in cells), any other id after them in code order. */
export function sortedReportChannels(channels: readonly ReportChannel[]): ReportChannel[] {
  const numeric = (id: string) => (/^\d+$/.test(id) ? Number(id) : Number.POSITIVE_INFINITY);
  return [...channels].sort((a, b) => numeric(a.id) - numeric(b.id) || compareText(a.id, b.id));
}

/** The satisfaction items of every questionnaire version, each once, in first-seen order. */
export function satisfactionItems(questionnaires: readonly { itemRoles: ItemRoles }[]): string[] {
  return [...new Set(questionnaires.flatMap((q) => q.itemRoles.satisfaction ?? []))];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
