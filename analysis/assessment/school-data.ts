/**
 * The per-school figures the assessment works on: one row per school *part* of one level
 * (split-schools.ts turns 九年一贯制 / 完全中学 / 十二年一贯制 schools into such parts).
 */

/** The two compulsory levels assessed separately (docs/assessment.md, Difference coefficients). */
export type Level = "primary" | "junior";

/**
 * How the school counts for exclusions: teaching points (教学点) under the scheme's size may be left
 * out, special-education schools are left out (docs/assessment.md, Schools left out and edge
 * cases).
 */
export type SchoolKind = "regular" | "teaching_point" | "special_education";

/**
 * Raw figures keyed by resource (see `ResourceKey` in schemes.ts): numerators such as floor area
 * in m², equipment value in yuan, book and teacher counts, or direct values such as class size.
 * null or absent = not reported.
 */
export type Resources = Readonly<Record<string, number | null | undefined>>;

export interface SchoolData {
  /** Unique within a level; split parts carry `<parent>:<level>` (split-schools.ts). */
  readonly schoolId: string;
  readonly level: Level;
  /** Enrolment P_i of this level (students). */
  readonly students: number;
  /** Defaults to "regular". */
  readonly kind?: SchoolKind;
  readonly resources: Resources;
}
