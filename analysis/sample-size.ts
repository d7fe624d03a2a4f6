/**
 * Survey sample size for a district (docs/weighting.md, Sample size):
 *   basic_2012:   n = max(600, ⌈0.0015 × resident population⌉)
 *   quality_2017: n = ⌈0.0015 × resident population⌉
 * Parents are at least half: ⌈n / 2⌉. Targets are floors, never caps.
 * Example: 1.07 M residents → 1 605 responses, ≥ 803 parents.
 */
export type SampleScheme = "basic_2012" | "quality_2017";

export interface SampleTarget {
  total: number;
  parentsAtLeast: number;
}

const perTenThousand = 15; // 1.5 ‰
const basicMinimum = 600;

export function sampleTarget(residentPopulation: number, scheme: SampleScheme): SampleTarget {
  if (!Number.isFinite(residentPopulation) || residentPopulation < 0) {
    throw new RangeError(
      `resident population must be a non-negative number, got ${residentPopulation}`,
    );
  }
  // Integer arithmetic first: 0.0015 × n in floating point can land a hair
  // above a whole number and ⌈·⌉ would then add one response too many.
  const proportional = Math.ceil((residentPopulation * perTenThousand) / 10_000);
  const total = scheme === "basic_2012" ? Math.max(basicMinimum, proportional) : proportional;
  return { total, parentsAtLeast: Math.ceil(total / 2) };
}
