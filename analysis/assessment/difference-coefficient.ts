import { type KindExclusion, type SchemeExclusions, kindExclusion } from "./exclusions.ts";
import type { Operator, Ownership, SchoolKind } from "./school-data.ts";

/**
 * The difference coefficient (差异系数) of one indicator at one level, exactly as
 * docs/assessment.md#formula has it:
 *
 *   x_i = R_i / P_i · scale     (scale 100 for "per 100 students" indicators)
 *   N   = Σ P_i,   X̄ = Σ R_i / N · scale   (the student-weighted mean)
 *   S   = sqrt( Σ (P_i/N) (x_i − X̄)² )      (student-weighted, population form: no n − 1)
 *   CV  = S / X̄
 *
 * `scale` changes the mean, S and each x_i shown, never the CV. Fixture: students 45, 37, 89, 76,
 * 55 and books 279, 137, 935, 160, 402 give CV 0.51526 (the unweighted 0.4888 / 0.5465 are wrong).
 * Computed in full precision; `formatCoefficient` shows 3 decimals. Edge cases give a status,
 * never NaN: 0 students → excluded (a warning), Σ R = 0 → "undefined", one school → CV 0 with
 * status "not_meaningful". Schools the scheme leaves out by kind (exclusions.ts) are listed with
 * their reason.
 */
export interface CoefficientInput {
  readonly schoolId: string;
  /** P_i, students of the level; 0 excludes the school. */
  readonly students: number;
  /** R_i, the raw resource (m², yuan, books, teachers …); null = not reported. */
  readonly resource: number | null | undefined;
  readonly kind?: SchoolKind;
  readonly ownership?: Ownership;
  readonly operator?: Operator;
}

/**
 * The scale, the line and the scheme's exclusions. Without them: teaching points under 50
 * pupils and special-education schools are left out, every other school is kept.
 */
export interface CoefficientOptions extends Partial<SchemeExclusions> {
  /** 100 for "per 100 students" indicators; default 1. */
  readonly scale?: number;
  /** The pass line, to mark a borderline CV; null or absent = no line. */
  readonly threshold?: number | null;
}

export type ExclusionReason = KindExclusion | "zero_enrolment" | "missing_value";

export interface ExcludedSchool {
  readonly schoolId: string;
  readonly reason: ExclusionReason;
}

export interface IncludedSchool {
  readonly schoolId: string;
  readonly students: number;
  readonly resource: number;
  /** x_i = R_i / P_i · scale. */
  readonly value: number;
  /** (P_i/N)(x_i − X̄)², on the scale of x (its sum is S²). */
  readonly varianceTerm: number;
  /** varianceTerm / S², summing to 1; 0 for every school when S = 0. */
  readonly varianceShare: number;
}

interface Common {
  /** Included schools, in input order. */
  readonly schools: readonly IncludedSchool[];
  /** Schools left out and why: show these as warnings beside the figure. */
  readonly excluded: readonly ExcludedSchool[];
}

export type DifferenceCoefficient =
  | (Common & {
      readonly status: "ok";
      readonly cv: number;
      /** X̄ on the indicator's scale. */
      readonly mean: number;
      /** S on the indicator's scale. */
      readonly sd: number;
      readonly totalStudents: number;
      readonly totalResource: number;
      /** Within ±0.005 of the threshold; null when no threshold was given. */
      readonly borderline: boolean | null;
    })
  | (Common & {
      readonly status: "undefined";
      /** no_schools: nothing left after exclusions; zero_resource: Σ R = 0, so X̄ = 0. */
      readonly reason: "zero_resource" | "no_schools";
    })
  | (Common & {
      readonly status: "not_meaningful";
      readonly reason: "one_school";
      /** Always 0: a single school differs from nobody. */
      readonly cv: 0;
      readonly mean: number;
      readonly sd: 0;
      readonly totalStudents: number;
      readonly totalResource: number;
    });

/**
 * Values within this distance of a line are borderline (docs/assessment.md, Rounding and borderline
 * values).
 */
export const borderlineMargin = 0.005;

const defaultTeachingPointMinStudents = 50;

export function differenceCoefficient(
  inputs: readonly CoefficientInput[],
  options: CoefficientOptions = {},
): DifferenceCoefficient {
  const scale = options.scale ?? 1;
  if (!(scale > 0 && Number.isFinite(scale))) {
    throw new RangeError(`scale must be a positive number, got ${scale}`);
  }
  const { kept, excluded } = partition(inputs, options);
  const totalStudents = sum(kept.map((s) => s.students));
  const totalResource = sum(kept.map((s) => s.resource));
  if (kept.length === 0)
    return { status: "undefined", reason: "no_schools", schools: [], excluded };
  // Variance terms stay 0 until there is a spread to share out.
  const plain = kept.map((s) => ({
    ...s,
    value: (s.resource / s.students) * scale,
    varianceTerm: 0,
    varianceShare: 0,
  }));
  if (totalResource === 0) {
    return { status: "undefined", reason: "zero_resource", schools: plain, excluded };
  }
  const mean = (totalResource / totalStudents) * scale;
  if (kept.length === 1) {
    return {
      status: "not_meaningful",
      reason: "one_school",
      cv: 0,
      mean,
      sd: 0,
      totalStudents,
      totalResource,
      schools: plain,
      excluded,
    };
  }
  const terms = plain.map((s) => (s.students / totalStudents) * (s.value - mean) ** 2);
  const variance = sum(terms);
  const schools = plain.map((s, i) => {
    const term = terms[i] ?? 0;
    return { ...s, varianceTerm: term, varianceShare: variance > 0 ? term / variance : 0 };
  });
  const sd = Math.sqrt(variance);
  const cv = sd / mean;
  return {
    status: "ok",
    cv,
    mean,
    sd,
    totalStudents,
    totalResource,
    borderline: options.threshold == null ? null : isBorderline(cv, options.threshold),
    schools,
    excluded,
  };
}

/** |value − threshold| ≤ 0.005 (with a hair of slack for binary fractions such as 0.555). */
export function isBorderline(value: number, threshold: number, margin = borderlineMargin): boolean {
  return Math.abs(value - threshold) <= margin + 1e-12;
}

/** The CV as shown: 3 decimals ("0.515"). Throws on a non-finite number: never print NaN. */
export function formatCoefficient(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a coefficient: ${value}`);
  return value.toFixed(3);
}

interface Kept {
  readonly schoolId: string;
  readonly students: number;
  readonly resource: number;
}

function partition(
  inputs: readonly CoefficientInput[],
  options: CoefficientOptions,
): { kept: Kept[]; excluded: ExcludedSchool[] } {
  const rules: Partial<SchemeExclusions> = {
    ...options,
    teachingPointMinStudents:
      options.teachingPointMinStudents === undefined
        ? defaultTeachingPointMinStudents
        : options.teachingPointMinStudents,
    excludeSpecialEducation: options.excludeSpecialEducation ?? true,
  };
  const kept: Kept[] = [];
  const excluded: ExcludedSchool[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const { schoolId, students, resource } = input;
    if (seen.has(schoolId)) throw new RangeError(`school ${schoolId} appears twice`);
    seen.add(schoolId);
    if (!(Number.isFinite(students) && students >= 0)) {
      throw new RangeError(`students of ${schoolId} must be a number ≥ 0, got ${students}`);
    }
    if (resource != null && !(Number.isFinite(resource) && resource >= 0)) {
      throw new RangeError(`resource of ${schoolId} must be a number ≥ 0, got ${resource}`);
    }
    const reason = exclusion(input, rules);
    if (reason !== null) excluded.push({ schoolId, reason });
    else kept.push({ schoolId, students, resource: resource as number });
  }
  return { kept, excluded };
}

function exclusion(
  input: CoefficientInput,
  rules: Partial<SchemeExclusions>,
): ExclusionReason | null {
  const byKind = kindExclusion(input, rules);
  if (byKind !== null) return byKind;
  if (input.students === 0) return "zero_enrolment";
  if (input.resource == null) return "missing_value";
  return null;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
