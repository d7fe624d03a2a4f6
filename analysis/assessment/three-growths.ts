import type { Level } from "./school-data.ts";
import { type CriterionStatus, allOf, fromBounds } from "./status.ts";

/**
 * "Three growths" (三个增长, 义务教育法 art. 42; docs/assessment.md, Three growths), per year t
 * against year t − 1:
 *   appropriation     education appropriation grows faster than regular fiscal revenue:
 *                     A_t / A_(t−1) > F_t / F_(t−1)
 *   perStudentSpending  per-student education spending grows, at every level given
 *   payAndPublicFunds staff pay grows and per-student public funds grow, at every level given
 * A year is met when all three are met, missed when any is missed, otherwise unknown (a figure
 * of t or t − 1 missing, or a base ≤ 0 for the growth rates). The veto: missed in more than
 * `maxMissedYears` (1) of the last `window` (3) years, i.e. in two of three; unknown while the
 * missing years could still decide it. Growth is strict: equal to last year is not growth.
 */
export interface BudgetYear {
  readonly year: number;
  /** 财政教育拨款 / 义务教育财政拨款 (yuan). */
  readonly educationAppropriation: number | null;
  /** 财政经常性收入 (yuan). */
  readonly regularFiscalRevenue: number | null;
  /** 生均教育事业费 per level (yuan). */
  readonly perStudentSpending: Readonly<Partial<Record<Level, number | null>>>;
  /** 教职工工资 (e.g. average pay, yuan). */
  readonly staffPay: number | null;
  /** 生均公用经费 per level (yuan). */
  readonly perStudentPublicFunds: Readonly<Partial<Record<Level, number | null>>>;
}

export type GrowthCondition = "appropriation" | "perStudentSpending" | "payAndPublicFunds";

export interface GrowthYear {
  readonly year: number;
  readonly conditions: Readonly<Record<GrowthCondition, CriterionStatus>>;
  readonly status: CriterionStatus;
}

export interface ThreeGrowths {
  /** The assessed years, oldest first. */
  readonly years: readonly GrowthYear[];
  readonly missedYears: readonly number[];
  readonly unknownYears: readonly number[];
  /** pass: not a veto; fail: missed in too many years (the veto fires). */
  readonly status: CriterionStatus;
}

export interface ThreeGrowthsRule {
  readonly window: number;
  readonly maxMissedYears: number;
}

/**
 * `years` to assess (default: the last `rule.window` years of the series); each needs the year
 * before it in `series` too, or its conditions are unknown.
 */
export function threeGrowths(
  series: readonly BudgetYear[],
  rule: ThreeGrowthsRule = { window: 3, maxMissedYears: 1 },
  years?: readonly number[],
): ThreeGrowths {
  const byYear = new Map(series.map((y) => [y.year, y]));
  const sortedYears = [...byYear.keys()].sort((a, b) => a - b);
  const assessed = [...(years ?? sortedYears.slice(-rule.window))].sort((a, b) => a - b);
  const results = assessed.map((year) => growthYear(year, byYear.get(year), byYear.get(year - 1)));
  const missedYears = results.filter((r) => r.status === "fail").map((r) => r.year);
  const unknownYears = results.filter((r) => r.status === "unknown").map((r) => r.year);
  // Years of the window with no row at all count as unknown.
  const absent = Math.max(0, rule.window - results.length);
  const unknown = unknownYears.length + absent;
  return {
    years: results,
    missedYears,
    unknownYears,
    status: fromBounds(
      missedYears.length + unknown <= rule.maxMissedYears,
      missedYears.length <= rule.maxMissedYears,
    ),
  };
}

function growthYear(
  year: number,
  current: BudgetYear | undefined,
  previous: BudgetYear | undefined,
): GrowthYear {
  const conditions: Record<GrowthCondition, CriterionStatus> =
    current === undefined || previous === undefined
      ? { appropriation: "unknown", perStudentSpending: "unknown", payAndPublicFunds: "unknown" }
      : {
          appropriation: fasterThan(
            [previous.educationAppropriation, current.educationAppropriation],
            [previous.regularFiscalRevenue, current.regularFiscalRevenue],
          ),
          perStudentSpending: allOf(
            levelsOf(current, previous, "perStudentSpending").map(([a, b]) => grows(a, b)),
          ),
          payAndPublicFunds: allOf([
            grows(previous.staffPay, current.staffPay),
            ...levelsOf(current, previous, "perStudentPublicFunds").map(([a, b]) => grows(a, b)),
          ]),
        };
  return { year, conditions, status: allOf(Object.values(conditions)) };
}

type Pair = readonly [number | null | undefined, number | null | undefined];

/** The levels reported in either year, as (previous, current) pairs; none at all is unknown. */
function levelsOf(
  current: BudgetYear,
  previous: BudgetYear,
  field: "perStudentSpending" | "perStudentPublicFunds",
): Pair[] {
  const levels = new Set([...Object.keys(previous[field]), ...Object.keys(current[field])]);
  if (levels.size === 0) return [[null, null]];
  return [...levels].map((l) => [previous[field][l as Level], current[field][l as Level]]);
}

function grows(before: number | null | undefined, after: number | null | undefined) {
  if (before == null || after == null) return "unknown";
  return after > before ? "pass" : "fail";
}

function fasterThan(a: Pair, b: Pair): CriterionStatus {
  const [a0, a1] = a;
  const [b0, b1] = b;
  if (a0 == null || a1 == null || b0 == null || b1 == null || !(a0 > 0) || !(b0 > 0)) {
    return "unknown";
  }
  // a1/a0 > b1/b0 without dividing: both bases are positive.
  return a1 * b0 > b1 * a0 ? "pass" : "fail";
}
