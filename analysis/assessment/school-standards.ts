import type { SchoolStandardRule, Scheme, StandardIndicator } from "./scheme.ts";
import type { Level, SchoolData } from "./school-data.ts";
import { type CriterionStatus, allOf, fromBounds } from "./status.ts";

/**
 * School basic standards (docs/assessment.md, School basic standards): per school, each indicator
 * of the scheme's `schoolStandard` met or missed, and whether the scheme's rule makes the school a
 * veto (2012 default: 4 or more of the 13 core indicators missed; 2017: fewer than 6 of 7 minimums
 * met, or a missed one below 85 % of its minimum). An indicator without data is "unknown"; a
 * school's status is then decided only when every way of filling the gaps gives the same answer.
 * Indicators whose threshold is null at the school's level are skipped.
 */
export type CheckStatus = "met" | "missed" | "unknown";

export interface StandardCheck {
  readonly indicatorId: string;
  /** The school's value on the indicator's scale; null when a figure is missing. */
  readonly value: number | null;
  readonly threshold: number;
  readonly comparison: StandardIndicator["comparison"];
  /** value / threshold (at_least) or threshold / value (at_most): 1 = exactly on the line. */
  readonly attainment: number | null;
  readonly status: CheckStatus;
}

export interface SchoolStandardResult {
  readonly schoolId: string;
  readonly level: Level;
  readonly checks: readonly StandardCheck[];
  readonly missed: readonly string[];
  readonly unknown: readonly string[];
  /** pass: meets the standard; fail: the rule makes it a veto; unknown: missing data decide. */
  readonly status: CriterionStatus;
}

export interface SchoolStandards {
  readonly schools: readonly SchoolStandardResult[];
  /** pass when every school passes. */
  readonly status: CriterionStatus;
  /** Schools that are a veto, then those still unknown: the holders of the criterion. */
  readonly failing: readonly string[];
  readonly unknown: readonly string[];
}

export function schoolStandards(scheme: Scheme, schools: readonly SchoolData[]): SchoolStandards {
  const results = schools.map((school) => schoolStandard(scheme, school));
  return {
    schools: results,
    status: allOf(results.map((r) => r.status)),
    failing: results.filter((r) => r.status === "fail").map((r) => r.schoolId),
    unknown: results.filter((r) => r.status === "unknown").map((r) => r.schoolId),
  };
}

export function schoolStandard(scheme: Scheme, school: SchoolData): SchoolStandardResult {
  const checks: StandardCheck[] = [];
  for (const [indicatorId, indicator] of Object.entries(scheme.schoolStandard.indicators)) {
    const threshold = indicator.threshold[school.level];
    if (threshold === null) continue;
    const value = measure(indicator, school);
    const attainment = value === null ? null : attainmentOf(value, threshold, indicator.comparison);
    checks.push({
      indicatorId,
      value,
      threshold,
      comparison: indicator.comparison,
      attainment,
      status: attainment === null ? "unknown" : atLeast(attainment, 1) ? "met" : "missed",
    });
  }
  return {
    schoolId: school.schoolId,
    level: school.level,
    checks,
    missed: checks.filter((c) => c.status === "missed").map((c) => c.indicatorId),
    unknown: checks.filter((c) => c.status === "unknown").map((c) => c.indicatorId),
    status: applyRule(scheme.schoolStandard.rule, checks),
  };
}

function measure(indicator: StandardIndicator, school: SchoolData): number | null {
  const raw = school.resources[indicator.measure.resource];
  if (raw == null || !Number.isFinite(raw)) return null;
  if (indicator.measure.kind === "direct") return raw;
  return school.students > 0 ? (raw / school.students) * indicator.measure.scale : null;
}

function attainmentOf(value: number, threshold: number, comparison: StandardCheck["comparison"]) {
  const [num, den] = comparison === "at_least" ? [value, threshold] : [threshold, value];
  return den === 0 ? Number.POSITIVE_INFINITY : num / den;
}

/** a ≥ b up to binary rounding: a figure exactly on the line (4.2 per 100) counts as on it. */
function atLeast(a: number, b: number): boolean {
  return a >= b * (1 - 1e-12);
}

function applyRule(rule: SchoolStandardRule, checks: readonly StandardCheck[]): CriterionStatus {
  const met = checks.filter((c) => c.status === "met").length;
  const missed = checks.filter((c) => c.status === "missed");
  const unknown = checks.length - met - missed.length;
  switch (rule.kind) {
    case "max_missed":
      return fromBounds(missed.length + unknown <= rule.maxMissed, missed.length <= rule.maxMissed);
    case "min_met":
      return fromBounds(met >= rule.minMet, met + unknown >= rule.minMet);
    case "min_met_with_floor": {
      const floorsHold = missed.every((c) => atLeast(c.attainment ?? 0, rule.floorShare));
      // Worst case: every unknown missed far below its floor; best case: every unknown met.
      return fromBounds(
        unknown === 0 && met >= rule.minMet && floorsHold,
        met + unknown >= rule.minMet && floorsHold,
      );
    }
  }
}
