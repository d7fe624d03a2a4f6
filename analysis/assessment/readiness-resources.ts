import type { Scheme } from "./scheme.ts";
import type { SchemeEvaluation } from "./scheme-evaluation.ts";
import type { Level } from "./school-data.ts";
import type { SchoolStandards } from "./school-standards.ts";
import { type CriterionStatus, allOf } from "./status.ts";

/**
 * Resource allocation under a scheme that judges each coefficient separately (2017;
 * docs/assessment.md, The 2017 indicators and per-school minimums): one criterion per indicator,
 * passing when its CV is within the line at every level. Beside it, the indicator's per-school
 * minimum at each level and the school parts below it: the per-school rule itself (≥ 6 of 7 met,
 * the missed one ≥ 85 %) is the school-standards criterion.
 */
export interface ResourceLevel {
  readonly level: Level;
  /** The CV judged (0 for a single school), null when undefined or the level has no schools. */
  readonly value: number | null;
  readonly threshold: number;
  readonly status: CriterionStatus;
  readonly borderline: boolean;
  /** The per-school minimum at this level, null when the standard has none for the indicator. */
  readonly floor: number | null;
}

export interface BelowFloor {
  readonly schoolId: string;
  /** value / minimum: 0.84 = 84 % of it. */
  readonly attainment: number | null;
}

export interface ResourceCriterionFacts {
  readonly status: CriterionStatus;
  readonly margin?: number;
  readonly holders: readonly string[];
  readonly borderline: boolean;
  readonly levels: readonly ResourceLevel[];
  readonly belowFloor: readonly BelowFloor[];
}

const levels: readonly Level[] = ["primary", "junior"];

export function resourceCriterion(
  scheme: Scheme,
  indicatorId: string,
  evaluations: readonly SchemeEvaluation[] | undefined,
  standards: SchoolStandards | null | undefined,
): ResourceCriterionFacts {
  const standard = scheme.schoolStandard.indicators[indicatorId];
  const perLevel = levels.map((level) => {
    const evaluation = evaluations?.find((e) => e.level === level);
    const indicator = evaluation?.indicators.find((i) => i.indicatorId === indicatorId);
    const threshold = scheme.balance.threshold[level];
    const value = indicator?.value ?? null;
    return {
      level,
      value,
      threshold,
      status: indicator?.status ?? "unknown",
      borderline:
        value !== null && Math.abs(value - threshold) <= scheme.balance.borderlineMargin + 1e-12,
      floor: standard?.threshold[level] ?? null,
      indicator,
    };
  });
  const status = allOf(perLevel.map((l) => l.status));
  const margins = perLevel.flatMap((l) => (l.value === null ? [] : [l.threshold - l.value]));
  // Failing levels: the schools holding the CV up; unknown ones: the schools lacking the figure.
  const holders =
    status === "pass"
      ? []
      : [
          ...new Set(
            perLevel.flatMap((l) =>
              l.status === "fail"
                ? (l.indicator?.topContributors.map((s) => s.schoolId) ?? [])
                : l.status === "unknown"
                  ? (l.indicator?.coefficient.excluded
                      .filter((e) => e.reason === "missing_value")
                      .map((e) => e.schoolId) ?? [])
                  : [],
            ),
          ),
        ];
  const belowFloor = (standards?.schools ?? []).flatMap((school) =>
    school.checks
      .filter((c) => c.indicatorId === indicatorId && c.status === "missed")
      .map((c) => ({ schoolId: school.schoolId, attainment: c.attainment })),
  );
  return {
    status,
    ...(margins.length > 0 ? { margin: Math.min(...margins) } : {}),
    holders,
    borderline: perLevel.some((l) => l.borderline),
    levels: perLevel.map(({ indicator: _, ...rest }) => rest),
    belowFloor,
  };
}
