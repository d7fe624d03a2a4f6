import {
  type DifferenceCoefficient,
  type IncludedSchool,
  differenceCoefficient,
  isBorderline,
} from "./difference-coefficient.ts";
import type { Scheme } from "./scheme.ts";
import type { Level, SchoolData } from "./school-data.ts";
import type { CriterionStatus } from "./status.ts";
import { topContributors } from "./what-if.ts";

/**
 * Inter-school balance of one level under a scheme (docs/assessment.md, Difference coefficients):
 * - composite_mean (2012): composite = arithmetic mean of the 8 CVs, pass when ≤ 0.65 primary /
 *   0.55 junior; single CVs may exceed 1 and still pass (Luyang: 0.592).
 * - each (2017): every CV ≤ 0.50 primary / 0.45 junior separately; no composite.
 * `margin` = threshold − value (positive: room to spare; for "each", the tightest indicator).
 * A CV that is undefined (Σ R = 0, no schools) leaves the outcome unknown unless the known CVs
 * already decide it; a one-school CV counts as 0 and is listed in `notMeaningful`.
 */
export interface IndicatorEvaluation {
  readonly indicatorId: string;
  readonly coefficient: DifferenceCoefficient;
  /** The CV judged: `cv` when ok, 0 when not meaningful, null when undefined. */
  readonly value: number | null;
  /** Under "each" the indicator's own outcome; under composite_mean null (only the mean is judged). */
  readonly status: CriterionStatus | null;
  readonly margin: number | null;
  /** The schools with the largest share of the variance term (at most 3). */
  readonly topContributors: readonly IncludedSchool[];
}

export interface BalanceJudgement {
  readonly aggregation: Scheme["balance"]["aggregation"];
  readonly threshold: number;
  /** composite_mean only: the mean of the CVs, null while one is undefined. */
  readonly composite: number | null;
  readonly status: CriterionStatus;
  readonly margin: number | null;
  readonly borderline: boolean;
  /** Indicators above the threshold (they fail under "each", pull the mean up under composite). */
  readonly above: readonly string[];
  /** Indicators without a CV. */
  readonly undefinedIndicators: readonly string[];
}

export interface SchemeEvaluation extends BalanceJudgement {
  readonly schemeId: string;
  readonly level: Level;
  readonly indicators: readonly IndicatorEvaluation[];
  readonly notMeaningful: readonly string[];
}

/** Computes every indicator's CV over the schools of `level` and judges them. */
export function evaluateScheme(
  scheme: Scheme,
  level: Level,
  schools: readonly SchoolData[],
): SchemeEvaluation {
  const threshold = scheme.balance.threshold[level];
  const ofLevel = schools.filter((s) => s.level === level);
  const coefficients = Object.entries(scheme.indicators).map(([indicatorId, indicator]) => {
    const coefficient = differenceCoefficient(
      ofLevel.map((s) => ({
        schoolId: s.schoolId,
        students: s.students,
        resource: s.resources[indicator.resource],
        ...(s.kind === undefined ? {} : { kind: s.kind }),
        ...(s.ownership === undefined ? {} : { ownership: s.ownership }),
        ...(s.operator === undefined ? {} : { operator: s.operator }),
      })),
      {
        ...scheme.exclusions,
        scale: indicator.scale,
        threshold: scheme.balance.aggregation === "each" ? threshold : null,
      },
    );
    return { indicatorId, coefficient, value: judgedValue(coefficient) };
  });
  const judgement = judgeCoefficients(
    scheme,
    level,
    Object.fromEntries(coefficients.map((c) => [c.indicatorId, c.value])),
  );
  const each = scheme.balance.aggregation === "each";
  return {
    schemeId: scheme.id,
    level,
    ...judgement,
    indicators: coefficients.map(({ indicatorId, coefficient, value }) => ({
      indicatorId,
      coefficient,
      value,
      status: each ? (value === null ? "unknown" : value <= threshold ? "pass" : "fail") : null,
      margin: each && value !== null ? threshold - value : null,
      topContributors: topContributors(coefficient, 3),
    })),
    notMeaningful: coefficients
      .filter((c) => c.coefficient.status === "not_meaningful")
      .map((c) => c.indicatorId),
  };
}

/**
 * Judges CVs already known, e.g. a published table row: `cvs` maps each of the scheme's
 * indicators to its CV (null = undefined). Throws when an indicator is absent.
 */
export function judgeCoefficients(
  scheme: Scheme,
  level: Level,
  cvs: Readonly<Record<string, number | null>>,
): BalanceJudgement {
  const threshold = scheme.balance.threshold[level];
  const ids = Object.keys(scheme.indicators);
  const values = ids.map((id) => {
    const value = cvs[id];
    if (value === undefined) throw new RangeError(`no CV for indicator ${id}`);
    if (value !== null && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`CV of ${id} must be a number ≥ 0, got ${value}`);
    }
    return value;
  });
  const known = values.filter((v): v is number => v !== null);
  const undefinedIndicators = ids.filter((_, i) => values[i] === null);
  const above = ids.filter((_, i) => (values[i] ?? 0) > threshold);
  const near = (v: number) => isBorderline(v, threshold, scheme.balance.borderlineMargin);

  if (scheme.balance.aggregation === "composite_mean") {
    const sum = known.reduce((a, b) => a + b, 0);
    const composite = undefinedIndicators.length === 0 ? sum / ids.length : null;
    // CVs are ≥ 0, so the known ones alone give a lower bound on the mean.
    const status: CriterionStatus =
      composite !== null
        ? composite <= threshold
          ? "pass"
          : "fail"
        : sum / ids.length > threshold
          ? "fail"
          : "unknown";
    return {
      aggregation: "composite_mean",
      threshold,
      composite,
      status,
      margin: composite === null ? null : threshold - composite,
      borderline: composite !== null && near(composite),
      above,
      undefinedIndicators,
    };
  }
  const status: CriterionStatus =
    above.length > 0 ? "fail" : undefinedIndicators.length > 0 ? "unknown" : "pass";
  return {
    aggregation: "each",
    threshold,
    composite: null,
    status,
    margin: known.length === 0 ? null : Math.min(...known.map((v) => threshold - v)),
    borderline: known.some(near),
    above,
    undefinedIndicators,
  };
}

function judgedValue(coefficient: DifferenceCoefficient): number | null {
  if (coefficient.status === "ok") return coefficient.cv;
  if (coefficient.status === "not_meaningful") return 0;
  return null;
}
