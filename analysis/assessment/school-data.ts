/**
 * The per-school figures the assessment works on: one row per school *part* of one level
 * (split-schools.ts turns 九年一贯制 / 完全中学 / 十二年一贯制 schools into such parts).
 */

/** The two compulsory levels assessed separately (docs/assessment.md, Difference coefficients). */
export type Level = "primary" | "junior";

/**
 * What kind of school it is, for the scheme's exclusions (docs/assessment.md, Schools left out and
 * edge cases): a regular school, a teaching point (教学点), a special-education school or a
 * vocational school.
 */
export type SchoolKind = "regular" | "teaching_point" | "special_education" | "vocational";

/** 公办 or 民办. */
export type Ownership = "public" | "private";

/** Who runs the school: the county (区/县) itself, or another body. */
export type Operator = "county" | "province" | "city" | "university" | "enterprise";

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
  /** Defaults to "public". */
  readonly ownership?: Ownership;
  /** Defaults to "county". */
  readonly operator?: Operator;
  readonly resources: Resources;
}
