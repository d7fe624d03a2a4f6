import { type GradeBand, gradeBandTargets } from "./grade-bands.ts";
import { largestRemainder } from "./largest-remainder.ts";
import type { AreaType } from "./report-school.ts";
import { type RespondentCategory, respondentCategories } from "./respondent-categories.ts";
import { type SampleScheme, sampleTarget } from "./sample-size.ts";

const areaTypes: readonly AreaType[] = ["urban", "town", "rural"];

/**
 * The sample plan of a campaign (docs/weighting.md, Sample plan): the total n (basic_2012:
 * max(600, ⌈1.5 ‰ × residents⌉); quality_2017: ⌈1.5 ‰ × residents⌉), parents
 * at least half (⌈n / 2⌉), the other official respondent categories (人大代表、政协委员 as
 * one, 校长、教师 as one, every other group alone) equal shares of the rest, parent
 * targets per school proportional to enrolment, urban/town/rural targets
 * proportional to their residents when those are entered, and the students' quota
 * split equally over the grade bands (analysis/grade-bands.ts). Shares are split by
 * largest remainder so the cells add up exactly.
 *
 * Targets are floors: nothing closes when a cell is full. The bureau may plan
 * a larger total (`total`); an override below the computed n cannot lower the
 * floor, so the plan uses the larger of the two and reports both.
 */
export interface SamplePlanInput {
  scheme: SampleScheme;
  residentPopulation: number;
  /** The bureau's own total target (an override of the computed one). */
  total?: number | null;
  /** Respondent groups besides parents that the campaign asks. */
  otherGroups: readonly string[];
  /** With `areaType`, parent targets also follow the area shares (see `parentsBySchool`). */
  schools: readonly { code: string; enrolment: number; areaType?: AreaType }[];
  /** Residents per area type, when entered. */
  areaPopulation?: Partial<Record<AreaType, number | null>>;
}

export interface SamplePlan {
  /** The target in force: max(computedTotal, overrideTotal). */
  total: number;
  /** The computed n for the resident population (docs/weighting.md, Sample size). */
  computedTotal: number;
  overrideTotal: number | null;
  /**
   * One quota per official respondent category, parents first: what the rules count. A
   * shared quota (deputies with CPPCC members, principals with teachers) is not split further.
   */
  quotas: (RespondentCategory & { target: number })[];
  /** The quotas that cover a single group (parents always), by that group. */
  byGroup: Record<string, number>;
  /**
   * Parents per school. Proportional to enrolment; when area targets exist and
   * every area with pupils has residents entered, first split across those
   * areas by residents, then within each area by enrolment.
   */
  parentsBySchool: Record<string, number>;
  /** Every group together per area type; null when no residents per area are entered. */
  byArea: Partial<Record<AreaType, number>> | null;
  /** The students' quota per grade band, equal shares; null when the plan has no students. */
  byGradeBand: Record<GradeBand, number> | null;
}

export function samplePlan(input: SamplePlanInput): SamplePlan {
  const computedTotal = sampleTarget(input.residentPopulation, input.scheme).total;
  const overrideTotal = input.total ?? null;
  if (overrideTotal !== null && (!Number.isInteger(overrideTotal) || overrideTotal < 1))
    throw new RangeError(`a total target must be a whole number ≥ 1, got ${overrideTotal}`);
  const total = Math.max(computedTotal, overrideTotal ?? 0);
  const parents = Math.ceil(total / 2);

  const categories = respondentCategories(input.otherGroups.filter((g) => g !== "parent"));
  const others = largestRemainder(
    total - parents,
    categories.map(() => 1),
  );
  const quotas = [
    { key: "parent", groups: ["parent"], target: parents },
    ...categories.map((category, i) => ({ ...category, target: others[i] ?? 0 })),
  ];
  const byGroup = Object.fromEntries(
    quotas.flatMap((q) => (q.groups.length === 1 ? [[q.groups[0] ?? q.key, q.target]] : [])),
  );

  const areas = areaTypes.filter((a) => (input.areaPopulation?.[a] ?? 0) > 0);
  const population = (a: AreaType) => input.areaPopulation?.[a] ?? 0;
  let byArea: SamplePlan["byArea"] = null;
  if (areas.length > 0) {
    const parts = largestRemainder(total, areas.map(population));
    byArea = Object.fromEntries(areas.map((area, i) => [area, parts[i] ?? 0]));
  }

  return {
    total,
    computedTotal,
    overrideTotal,
    quotas,
    byGroup,
    parentsBySchool: splitParents(parents, input.schools, byArea ? areas : null, population),
    byArea,
    byGradeBand: byGroup.student === undefined ? null : gradeBandTargets(byGroup.student),
  };
}

function splitParents(
  parents: number,
  schools: SamplePlanInput["schools"],
  areas: readonly AreaType[] | null,
  population: (a: AreaType) => number,
): Record<string, number> {
  const byEnrolment = (n: number, list: SamplePlanInput["schools"]) => {
    const parts = largestRemainder(
      n,
      list.map((s) => Math.max(0, s.enrolment)),
    );
    return list.map((s, i) => [s.code, parts[i] ?? 0] as const);
  };
  const pupils = (a: AreaType) =>
    schools.filter((s) => s.areaType === a).reduce((sum, s) => sum + Math.max(0, s.enrolment), 0);
  // Areas without pupils cannot be reached through schools: their share goes
  // to the others, in proportion to residents again. If an area with pupils
  // has no residents entered, its schools would get nothing: enrolment alone then.
  const served = areaTypes.filter((a) => pupils(a) > 0);
  if (
    !areas ||
    schools.some((s) => s.areaType === undefined) ||
    served.length === 0 ||
    served.some((a) => !areas.includes(a))
  ) {
    return Object.fromEntries(byEnrolment(parents, schools));
  }
  const perArea = largestRemainder(parents, served.map(population));
  const result = new Map<string, number>(schools.map((s) => [s.code, 0]));
  served.forEach((area, i) => {
    const inArea = schools.filter((s) => s.areaType === area);
    for (const [code, n] of byEnrolment(perArea[i] ?? 0, inArea)) result.set(code, n);
  });
  return Object.fromEntries(result);
}
