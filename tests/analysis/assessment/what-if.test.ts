/**
 * "Where to act" (docs/assessment.md, Where to act): the what-if and the ranking by share of the
 * variance term.
 */
import { describe, expect, it } from "vitest";
import {
  type CoefficientInput,
  differenceCoefficient,
  topContributors,
  whatIf,
  whatIfAtCountyMean,
} from "../../../analysis/assessment/index.ts";

// The published 5-school fixture (students, books).
const fixture: CoefficientInput[] = [
  { schoolId: "s1", students: 45, resource: 279 },
  { schoolId: "s2", students: 37, resource: 137 },
  { schoolId: "s3", students: 89, resource: 935 },
  { schoolId: "s4", students: 76, resource: 160 },
  { schoolId: "s5", students: 55, resource: 402 },
];

describe("whatIf", () => {
  it("recomputes the CV with one school's resource replaced", () => {
    const result = whatIf(fixture, "s4", 500);
    const direct = differenceCoefficient(
      fixture.map((s) => (s.schoolId === "s4" ? { ...s, resource: 500 } : s)),
    );
    expect(result.after).toEqual(direct);
    expect(result.fromResource).toBe(160);
    expect(result.toResource).toBe(500);
    expect(result.change).toBeLessThan(0);
    if (result.before.status !== "ok" || result.after.status !== "ok") throw new Error("not ok");
    expect(result.change).toBeCloseTo(result.after.cv - result.before.cv, 14);
  });

  it("raises a school to the county mean: its x_i equals the old X̄ and the CV falls", () => {
    const before = differenceCoefficient(fixture);
    if (before.status !== "ok") throw new Error("not ok");
    const result = whatIfAtCountyMean(fixture, "s4");
    expect(result?.toResource).toBeCloseTo(76 * (1913 / 302), 10);
    expect(result?.change).toBeLessThan(0);
    if (result?.after.status !== "ok") throw new Error("not ok");
    const s4 = result.after.schools.find((s) => s.schoolId === "s4");
    expect(s4?.value).toBeCloseTo(before.mean, 10);
  });

  it("rejects an unknown school and has no mean to aim at when the CV is undefined", () => {
    expect(() => whatIf(fixture, "nope", 1)).toThrow(RangeError);
    expect(
      whatIfAtCountyMean(
        fixture.map((s) => ({ ...s, resource: 0 })),
        "s1",
      ),
    ).toBeNull();
  });
});

describe("topContributors", () => {
  it("ranks schools by their share of the variance term, largest first", () => {
    const result = differenceCoefficient(fixture);
    const ranked = topContributors(result);
    const shares = ranked.map((s) => s.varianceShare);
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
    expect(ranked[0]?.schoolId).toBe("s3");
    expect(topContributors(result, 2)).toHaveLength(2);
  });

  it("is empty when there is no spread to share", () => {
    expect(topContributors(differenceCoefficient([]))).toEqual([]);
    expect(
      topContributors(differenceCoefficient([{ schoolId: "a", students: 5, resource: 5 }])),
    ).toEqual([]);
  });
});
