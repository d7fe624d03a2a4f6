import {
  type SchoolData,
  type SchoolRecord,
  type SchoolType,
  type Scheme,
  type SplitWarning,
  compulsoryParts,
} from "../../analysis/assessment/index.ts";
import type { SchoolIndicatorRow } from "./indicators-repository.ts";
import type { SchoolRecord as StoredSchool } from "../schools/index.ts";

/**
 * Stored figures → the analysis's school parts. School ids are school codes (`DS004`, or
 * `DS004:primary` for a part of a multi-level school), so holders read as codes on the page.
 * The school type comes from the school list's levels; a part's enrolment from its figures row,
 * else from the school list. Schools without any figures row are left out and listed. The kind
 * (teaching point, special, vocational), ownership and operator come from the school list; a
 * figures row's kind (older figures sheets carried one) counts only where the list says regular.
 */
export interface AssessedSchools {
  parts: readonly (SchoolData & { parentSchoolId: string })[];
  warnings: readonly SplitWarning[];
  /** Schools of the list with no figures in the school year. */
  withoutData: readonly string[];
  names: Readonly<Record<string, string>>;
}

function typeOf(levels: readonly string[]): SchoolType | null {
  const has = (l: string) => levels.includes(l);
  if (has("primary") && has("junior") && has("senior")) return "twelve_year";
  if (has("primary") && has("junior")) return "nine_year";
  if (has("junior") && has("senior")) return "complete_middle";
  if (has("primary")) return "primary";
  if (has("junior")) return "junior";
  return null;
}

export function assessedSchools(
  scheme: Scheme,
  schools: readonly StoredSchool[],
  rows: readonly SchoolIndicatorRow[],
): AssessedSchools {
  const bySchool = new Map<number, SchoolIndicatorRow[]>();
  for (const row of rows) bySchool.set(row.schoolId, [...(bySchool.get(row.schoolId) ?? []), row]);
  const records: SchoolRecord[] = [];
  const withoutData: string[] = [];
  for (const school of schools) {
    const type = typeOf(school.levels);
    const own = bySchool.get(school.id) ?? [];
    if (type === null) continue;
    if (own.length === 0) {
      withoutData.push(school.code);
      continue;
    }
    const whole = own.find((r) => r.level === "school");
    const students: Partial<Record<"primary" | "junior" | "senior", number>> = {};
    const perPart: Partial<Record<"primary" | "junior" | "senior", Record<string, number | null>>> =
      {};
    for (const level of ["primary", "junior", "senior"] as const) {
      if (!school.levels.includes(level)) continue;
      const row = own.find((r) => r.level === level);
      const count = row?.students ?? school.enrolment[level];
      if (count !== undefined) students[level] = count;
      if (row) perPart[level] = row.resources;
    }
    const single = type === "primary" || type === "junior";
    records.push({
      schoolId: school.code,
      type,
      kind: school.kind !== "regular" ? school.kind : ((whole ?? own[0])?.kind ?? "regular"),
      ownership: school.ownership,
      operator: school.operator,
      students,
      // A single-level school's figures are its one part's; a multi-level school's shared
      // figures sit on its whole-school row.
      resources: single ? {} : (whole?.resources ?? {}),
      perPart,
    });
  }
  const split = compulsoryParts(records, scheme.split);
  return {
    parts: split.schools,
    warnings: split.warnings,
    withoutData,
    names: Object.fromEntries(schools.map((s) => [s.code, s.name])),
  };
}
