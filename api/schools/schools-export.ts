import type { SchoolRecord } from "./repository.ts";
import { csvFile } from "../http/csv.ts";
import { spreadsheetSafe } from "../http/spreadsheet-safe.ts";

/**
 * The campaign's schools as CSV, in the format `npm run analyze --schools` reads and the
 * school import accepts (its English headings): code, name, town, area_type (urban, town,
 * rural), levels (`;`-separated: primary, junior, senior), the enrolment per level (empty for
 * a level the school lacks), teachers (empty when not entered) and the school's kind: ownership
 * (public, private), operator (county, province, city, university, enterprise) and kind
 * (regular, teaching_point, special_education, vocational). UTF-8 with a byte-order mark, CRLF,
 * schools in code order.
 */
export const schoolsCsvColumns = [
  "code",
  "name",
  "town",
  "area_type",
  "levels",
  "primary",
  "junior",
  "senior",
  "teachers",
  "ownership",
  "operator",
  "kind",
] as const;

export function schoolsCsv(schools: readonly SchoolRecord[]): string {
  const sorted = [...schools].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return csvFile([
    schoolsCsvColumns,
    ...sorted.map((s) => [
      s.code,
      spreadsheetSafe(s.name),
      spreadsheetSafe(s.town),
      s.areaType,
      s.levels.join(";"),
      s.enrolment.primary ?? "",
      s.enrolment.junior ?? "",
      s.enrolment.senior ?? "",
      s.teachers ?? "",
      s.ownership,
      s.operator,
      s.kind,
    ]),
  ]);
}
