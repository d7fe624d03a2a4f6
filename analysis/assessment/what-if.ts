import {
  type CoefficientInput,
  type CoefficientOptions,
  type DifferenceCoefficient,
  type IncludedSchool,
  differenceCoefficient,
} from "./difference-coefficient.ts";

/**
 * "Where to act": the CV if one school's resource R_i were a given value, and the schools ranked by
 * their share of the variance term (P_i/N)(x_i − X̄)² / S² (docs/assessment.md, Where to act). The
 * what-if recomputes everything, X̄ included: raising one school moves the county mean too.
 */
export interface WhatIf {
  readonly schoolId: string;
  /** R_i as reported (null when it was missing). */
  readonly fromResource: number | null;
  readonly toResource: number;
  readonly before: DifferenceCoefficient;
  readonly after: DifferenceCoefficient;
  /** after.cv − before.cv when both are "ok"; otherwise null. */
  readonly change: number | null;
}

/** The CV with school `schoolId`'s resource set to `resource`. Throws if the school is not in `inputs`. */
export function whatIf(
  inputs: readonly CoefficientInput[],
  schoolId: string,
  resource: number,
  options: CoefficientOptions = {},
): WhatIf {
  const target = inputs.find((s) => s.schoolId === schoolId);
  if (target === undefined) throw new RangeError(`school ${schoolId} is not among the inputs`);
  const before = differenceCoefficient(inputs, options);
  const after = differenceCoefficient(
    inputs.map((s) => (s.schoolId === schoolId ? { ...s, resource } : s)),
    options,
  );
  return {
    schoolId,
    fromResource: target.resource ?? null,
    toResource: resource,
    before,
    after,
    change: before.status === "ok" && after.status === "ok" ? after.cv - before.cv : null,
  };
}

/**
 * The what-if with the school's x_i brought to the current county mean: R_i = P_i · Σ R / N.
 * Null when the current CV has no mean (status "undefined").
 */
export function whatIfAtCountyMean(
  inputs: readonly CoefficientInput[],
  schoolId: string,
  options: CoefficientOptions = {},
): WhatIf | null {
  const current = differenceCoefficient(inputs, options);
  if (current.status === "undefined") return null;
  const target = current.schools.find((s) => s.schoolId === schoolId);
  if (target === undefined) {
    throw new RangeError(`school ${schoolId} is not included in the coefficient`);
  }
  const resource = (target.students * current.totalResource) / current.totalStudents;
  return whatIf(inputs, schoolId, resource, options);
}

/** Included schools by share of the variance term, largest first (ties keep input order). */
export function topContributors(
  result: DifferenceCoefficient,
  limit = Number.POSITIVE_INFINITY,
): readonly IncludedSchool[] {
  if (result.status !== "ok") return [];
  return [...result.schools]
    .filter((s) => s.varianceShare > 0)
    .sort((a, b) => b.varianceShare - a.varianceShare)
    .slice(0, limit);
}
