import { largestRemainder } from "./largest-remainder.ts";
import { type SampleScheme, sampleTarget } from "./sample-size.ts";

/**
 * The sample plan of a campaign (DOMAIN.md §4): the total n (basic_2012:
 * max(600, ⌈1.5 ‰ × residents⌉); quality_2017: ⌈1.5 ‰ × residents⌉; an
 * explicit total overrides both), parents at least half (⌈n / 2⌉), the other
 * groups equal shares of the rest, parent targets per school proportional to
 * enrolment, and urban/town/rural targets proportional to their population
 * when it is known. Shares are split by largest remainder so the cells add
 * up exactly. Targets are floors: nothing closes when a cell is full.
 */
export interface SamplePlanInput {
  scheme: SampleScheme;
  residentPopulation: number;
  /** Overrides the computed total (staff may plan a larger sample). */
  total?: number;
  /** Respondent groups besides parents that the campaign asks. */
  otherGroups: readonly string[];
  schools: readonly { code: string; enrolment: number }[];
  /** Residents per area type, when entered. */
  areaPopulation?: Partial<Record<"urban" | "town" | "rural", number>>;
}

export interface SamplePlan {
  total: number;
  byGroup: Record<string, number>;
  parentsBySchool: Record<string, number>;
  byArea: Partial<Record<"urban" | "town" | "rural", number>> | null;
}

export function samplePlan(input: SamplePlanInput): SamplePlan {
  const total = input.total ?? sampleTarget(input.residentPopulation, input.scheme).total;
  if (!Number.isInteger(total) || total < 1)
    throw new RangeError(`total must be a whole number ≥ 1, got ${total}`);
  const parents = Math.ceil(total / 2);
  const others = largestRemainder(
    total - parents,
    input.otherGroups.map(() => 1),
  );
  const byGroup: Record<string, number> = { parent: parents };
  input.otherGroups.forEach((group, i) => {
    byGroup[group] = others[i] ?? 0;
  });
  const schoolParts = largestRemainder(
    parents,
    input.schools.map((s) => Math.max(0, s.enrolment)),
  );
  const parentsBySchool = Object.fromEntries(
    input.schools.map((s, i) => [s.code, schoolParts[i] ?? 0]),
  );
  let byArea: SamplePlan["byArea"] = null;
  const areas = Object.entries(input.areaPopulation ?? {}).filter(([, n]) => (n ?? 0) > 0) as [
    "urban" | "town" | "rural",
    number,
  ][];
  if (areas.length > 0) {
    const parts = largestRemainder(
      total,
      areas.map(([, n]) => n),
    );
    byArea = Object.fromEntries(areas.map(([area], i) => [area, parts[i] ?? 0]));
  }
  return { total, byGroup, parentsBySchool, byArea };
}
