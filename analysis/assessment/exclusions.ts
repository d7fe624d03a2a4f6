import type { Level, Operator, Ownership, SchoolKind } from "./school-data.ts";

/**
 * Which schools a scheme leaves out of its difference coefficients (docs/assessment.md, Schools
 * left out and edge cases). The two national methods differ, and each rule is configurable:
 * - 2012 (the national 申报表 notes): private (民办) schools, schools not run by the county
 *   (province, city, university or enterprise schools) and every teaching point (教学点);
 * - 2017 (Hebei's wording): special and vocational schools, and teaching points under 50 pupils.
 */
export interface SchemeExclusions {
  /** Teaching points with fewer students are left out; null keeps them (unless all are left out). */
  readonly teachingPointMinStudents: number | null;
  /** Every teaching point is left out, whatever its size. */
  readonly excludeAllTeachingPoints: boolean;
  readonly excludeSpecialEducation: boolean;
  readonly excludeVocational: boolean;
  /** 民办 schools are left out. */
  readonly excludePrivate: boolean;
  /** Schools run by a province, city, university or enterprise are left out. */
  readonly excludeNonCounty: boolean;
}

/** Why a school is left out because of what it is (not because of a missing figure). */
export type KindExclusion =
  "private" | "non_county" | "special_education" | "vocational" | "teaching_point";

export interface ExcludableSchool {
  readonly students: number;
  readonly kind?: SchoolKind | undefined;
  readonly ownership?: Ownership | undefined;
  readonly operator?: Operator | undefined;
}

/**
 * The first rule that leaves the school out, in the order the reasons are listed to people:
 * private, not run by the county, special education, vocational, teaching point. null: kept.
 */
export function kindExclusion(
  school: ExcludableSchool,
  rules: Partial<SchemeExclusions>,
): KindExclusion | null {
  if (rules.excludePrivate && school.ownership === "private") return "private";
  if (rules.excludeNonCounty && school.operator !== undefined && school.operator !== "county") {
    return "non_county";
  }
  if (rules.excludeSpecialEducation && school.kind === "special_education") {
    return "special_education";
  }
  if (rules.excludeVocational && school.kind === "vocational") return "vocational";
  if (school.kind === "teaching_point") {
    if (rules.excludeAllTeachingPoints) return "teaching_point";
    const min = rules.teachingPointMinStudents;
    if (min != null && school.students < min) return "teaching_point";
  }
  return null;
}

export interface LeftOutSchool {
  readonly schoolId: string;
  readonly level: Level;
  readonly reason: KindExclusion | "zero_enrolment";
}

/**
 * The school parts every coefficient of a level leaves out, and why: the kind rules above, then
 * no students. (A missing figure leaves a school out of one indicator only: the coefficient lists
 * those itself.)
 */
export function leftOutSchools(
  rules: SchemeExclusions,
  parts: readonly (ExcludableSchool & { readonly schoolId: string; readonly level: Level })[],
): LeftOutSchool[] {
  const out: LeftOutSchool[] = [];
  for (const part of parts) {
    const reason = kindExclusion(part, rules) ?? (part.students === 0 ? "zero_enrolment" : null);
    if (reason !== null) out.push({ schoolId: part.schoolId, level: part.level, reason });
  }
  return out;
}
