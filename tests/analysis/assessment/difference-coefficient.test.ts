/**
 * The difference coefficient (docs/assessment.md, Difference coefficients): the published 5-school
 * fixture, its properties on seeded random districts, and the edge cases that must give a status
 * instead of NaN.
 */
import { describe, expect, it } from "vitest";
import {
  type CoefficientInput,
  type DifferenceCoefficient,
  differenceCoefficient,
  formatCoefficient,
  isBorderline,
} from "../../../analysis/assessment/index.ts";
import { integer, prng } from "./prng.ts";

// The published fixture: 5 primary schools, students and books; CV 0.51526 (published 0.52).
const students = [45, 37, 89, 76, 55];
const books = [279, 137, 935, 160, 402];
const fixture: CoefficientInput[] = students.map((p, i) => ({
  schoolId: `s${i + 1}`,
  students: p,
  resource: books[i] ?? 0,
}));

function ok(result: DifferenceCoefficient) {
  if (result.status !== "ok") throw new Error(`expected ok, got ${result.status}`);
  return result;
}

/** The plain population CV of the x_i, as if every school had the same weight. */
function unweightedCv(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

function randomDistrict(seed: number, equalStudents = false): CoefficientInput[] {
  const random = prng(seed);
  const n = integer(random, 2, 40);
  const common = integer(random, 30, 2000);
  return Array.from({ length: n }, (_, i) => {
    const p = equalStudents ? common : integer(random, 1, 3000);
    return { schoolId: `r${i}`, students: p, resource: p * (0.2 + 20 * random()) };
  });
}

describe("differenceCoefficient: the published fixture", () => {
  const result = ok(differenceCoefficient(fixture));

  it("is the student-weighted population CV 0.51526", () => {
    expect(Math.abs(result.cv - 0.51526)).toBeLessThan(1e-5);
    expect(formatCoefficient(result.cv)).toBe("0.515");
  });

  it("is not one of the wrong unweighted answers 0.4888 / 0.5465", () => {
    expect(Math.abs(result.cv - 0.4888)).toBeGreaterThan(0.01);
    expect(Math.abs(result.cv - 0.5465)).toBeGreaterThan(0.01);
    // …which really are what the unweighted formulas give on these data.
    const x = students.map((p, i) => (books[i] ?? 0) / p);
    expect(unweightedCv(x)).toBeCloseTo(0.4888, 4);
  });

  it("reports the weighted mean Σ R / N, S, and every school with x_i", () => {
    expect(result.mean).toBeCloseTo(1913 / 302, 12);
    expect(result.sd / result.mean).toBe(result.cv);
    expect(result.totalStudents).toBe(302);
    expect(result.totalResource).toBe(1913);
    expect(result.schools.map((s) => s.value)).toEqual(students.map((p, i) => (books[i] ?? 0) / p));
    expect(result.excluded).toEqual([]);
    expect(result.borderline).toBeNull();
  });

  it("scales the shown mean and values ×100 for per-100 indicators, not the CV", () => {
    const per100 = ok(differenceCoefficient(fixture, { scale: 100 }));
    expect(per100.cv).toBeCloseTo(result.cv, 14);
    expect(per100.mean).toBeCloseTo(result.mean * 100, 10);
    expect(per100.sd).toBeCloseTo(result.sd * 100, 10);
    expect(per100.schools[0]?.value).toBeCloseTo(620, 10);
  });

  it("shares the variance term out over the schools", () => {
    const shares = result.schools.map((s) => s.varianceShare);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // School 3 (935 books for 89 pupils, x = 10.5) weighs most: large and far above 6.33.
    const largest = [...result.schools].sort((a, b) => b.varianceShare - a.varianceShare)[0];
    expect(largest?.schoolId).toBe("s3");
    const term = (89 / 302) * (935 / 89 - 1913 / 302) ** 2;
    expect(largest?.varianceTerm).toBeCloseTo(term, 12);
    expect(largest?.varianceShare).toBeCloseTo(term / result.sd ** 2, 12);
  });
});

describe("differenceCoefficient: properties on seeded random districts", () => {
  const seeds = Array.from({ length: 50 }, (_, i) => i + 1);

  it("is unchanged when every R_i is scaled by the same factor", () => {
    for (const seed of seeds) {
      const district = randomDistrict(seed);
      const factor = 0.001 + prng(seed * 7)() * 1000;
      const scaled = district.map((s) => ({ ...s, resource: (s.resource ?? 0) * factor }));
      const a = ok(differenceCoefficient(district)).cv;
      const b = ok(differenceCoefficient(scaled)).cv;
      expect(Math.abs(a - b)).toBeLessThan(1e-12 * Math.max(1, a));
    }
  });

  it("equals the unweighted population CV when all P_i are equal", () => {
    for (const seed of seeds) {
      const district = randomDistrict(seed, true);
      const x = district.map((s) => (s.resource ?? 0) / s.students);
      expect(ok(differenceCoefficient(district)).cv).toBeCloseTo(unweightedCv(x), 12);
    }
  });

  it("differs from the unweighted CV when enrolments differ (the weights matter)", () => {
    const district = randomDistrict(3);
    const x = district.map((s) => (s.resource ?? 0) / s.students);
    expect(Math.abs(ok(differenceCoefficient(district)).cv - unweightedCv(x))).toBeGreaterThan(
      1e-6,
    );
  });

  it("has variance shares that sum to 1", () => {
    for (const seed of seeds) {
      const shares = ok(differenceCoefficient(randomDistrict(seed))).schools.map(
        (s) => s.varianceShare,
      );
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      for (const share of shares) expect(share).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("differenceCoefficient: edge cases give a status, never NaN", () => {
  it("excludes a school with 0 students and names it", () => {
    const result = ok(
      differenceCoefficient([...fixture, { schoolId: "empty", students: 0, resource: 50 }]),
    );
    expect(result.excluded).toEqual([{ schoolId: "empty", reason: "zero_enrolment" }]);
    expect(Math.abs(result.cv - 0.51526)).toBeLessThan(1e-5);
  });

  it("is undefined when Σ R = 0, never 0", () => {
    const result = differenceCoefficient(fixture.map((s) => ({ ...s, resource: 0 })));
    expect(result).toMatchObject({ status: "undefined", reason: "zero_resource" });
    expect("cv" in result).toBe(false);
  });

  it("is undefined when no school is left", () => {
    expect(differenceCoefficient([])).toMatchObject({ status: "undefined", reason: "no_schools" });
    expect(differenceCoefficient([{ schoolId: "a", students: 0, resource: 0 }])).toMatchObject({
      status: "undefined",
      reason: "no_schools",
    });
  });

  it("gives CV 0 flagged not meaningful for one school", () => {
    const result = differenceCoefficient([{ schoolId: "a", students: 40, resource: 400 }]);
    expect(result).toMatchObject({
      status: "not_meaningful",
      reason: "one_school",
      cv: 0,
      mean: 10,
    });
  });

  it("excludes missing values, small teaching points and special-education schools", () => {
    const result = ok(
      differenceCoefficient([
        ...fixture,
        { schoolId: "missing", students: 100, resource: null },
        { schoolId: "point", students: 49, resource: 1, kind: "teaching_point" },
        { schoolId: "big-point", students: 50, resource: 300, kind: "teaching_point" },
        { schoolId: "special", students: 30, resource: 300, kind: "special_education" },
      ]),
    );
    expect(result.excluded).toEqual([
      { schoolId: "missing", reason: "missing_value" },
      { schoolId: "point", reason: "teaching_point" },
      { schoolId: "special", reason: "special_education" },
    ]);
    expect(result.schools.map((s) => s.schoolId)).toContain("big-point");
    const kept = ok(
      differenceCoefficient(
        [{ schoolId: "point", students: 10, resource: 1, kind: "teaching_point" }, ...fixture],
        { teachingPointMinStudents: null },
      ),
    );
    expect(kept.excluded).toEqual([]);
  });

  it("gives variance shares of 0 (not NaN) when every school has the same x_i", () => {
    const result = ok(
      differenceCoefficient([
        { schoolId: "a", students: 10, resource: 50 },
        { schoolId: "b", students: 30, resource: 150 },
      ]),
    );
    expect(result.cv).toBe(0);
    expect(result.schools.map((s) => s.varianceShare)).toEqual([0, 0]);
  });

  it("refuses negative or non-finite figures and duplicate schools", () => {
    expect(() => differenceCoefficient([{ schoolId: "a", students: -1, resource: 1 }])).toThrow(
      RangeError,
    );
    expect(() => differenceCoefficient([{ schoolId: "a", students: 5, resource: NaN }])).toThrow(
      RangeError,
    );
    expect(() => differenceCoefficient([...fixture, ...fixture])).toThrow(/twice/);
    expect(() => formatCoefficient(Number.NaN)).toThrow(RangeError);
  });
});

describe("borderline", () => {
  it("marks values within ±0.005 of the threshold", () => {
    expect(isBorderline(0.555, 0.55)).toBe(true);
    expect(isBorderline(0.545, 0.55)).toBe(true);
    expect(isBorderline(0.5551, 0.55)).toBe(false);
    expect(isBorderline(0.5449, 0.55)).toBe(false);
    expect(ok(differenceCoefficient(fixture, { threshold: 0.52 })).borderline).toBe(true);
    expect(ok(differenceCoefficient(fixture, { threshold: 0.5 })).borderline).toBe(false);
  });
});
