/**
 * Judging CVs under the two schemes: the published rows (docs/assessment.md, Published figures
 * to test against) reproduce from their single CVs, and a whole evaluation from school figures.
 */
import { describe, expect, it } from "vitest";
import {
  type SchoolData,
  basic2012,
  differenceCoefficient,
  evaluateScheme,
  formatCoefficient,
  judgeCoefficients,
  quality2017,
} from "../../../analysis/assessment/index.ts";

/** The 2012 indicators in the order of docs/assessment.md, mapped to a published row of 8 CVs. */
function row2012(cvs: readonly number[]): Record<string, number> {
  const ids = Object.keys(basic2012.indicators);
  expect(ids).toHaveLength(8);
  return Object.fromEntries(ids.map((id, i) => [id, cvs[i] ?? Number.NaN]));
}

function row2017(cvs: readonly number[]): Record<string, number> {
  const ids = Object.keys(quality2017.indicators);
  expect(ids).toHaveLength(7);
  return Object.fromEntries(ids.map((id, i) => [id, cvs[i] ?? Number.NaN]));
}

describe("basic_2012: composite = mean of the 8 CVs", () => {
  it("Hefei Luyang primary → 0.592, passing although single CVs exceed 1", () => {
    const cvs = [0.881, 1.299, 0.977, 0.379, 0.17, 0.334, 0.286, 0.408];
    const judged = judgeCoefficients(basic2012, "primary", row2012(cvs));
    expect(formatCoefficient(judged.composite ?? Number.NaN)).toBe("0.592");
    expect(judged.status).toBe("pass");
    expect(judged.margin).toBeCloseTo(0.65 - 0.59175, 12);
    expect(judged.above).toEqual(["floor_area", "sports_ground", "equipment_value"]);
    expect(judged.borderline).toBe(false);
  });

  it("Changchun Nanguan primary → 0.359", () => {
    const cvs = [0.393, 0.578, 0.372, 0.246, 0.208, 0.311, 0.311, 0.455];
    const judged = judgeCoefficients(basic2012, "primary", row2012(cvs));
    expect(formatCoefficient(judged.composite ?? Number.NaN)).toBe("0.359");
    expect(judged.status).toBe("pass");
  });

  it("Chongqing Yongchuan primary → 0.5627 (published 0.562 from unrounded inputs)", () => {
    const cvs = [0.696, 0.916, 0.819, 0.58, 0.45, 0.286, 0.285, 0.47];
    const judged = judgeCoefficients(basic2012, "primary", row2012(cvs));
    expect(judged.composite).toBeCloseTo(0.56275, 10);
    expect(judged.status).toBe("pass");
    // The same row fails the junior line of 0.55 — by more than the borderline band.
    const junior = judgeCoefficients(basic2012, "junior", row2012(cvs));
    expect(junior.status).toBe("fail");
    expect(junior.borderline).toBe(false);
  });

  it("marks a composite within ±0.005 of the line as borderline", () => {
    const judged = judgeCoefficients(basic2012, "junior", row2012(Array(8).fill(0.553)));
    expect(judged.status).toBe("fail");
    expect(judged.borderline).toBe(true);
  });

  it("is unknown while a CV is undefined, unless the known ones already fail it", () => {
    const partial = { ...row2012(Array(8).fill(0.3)), books: null };
    expect(judgeCoefficients(basic2012, "primary", partial)).toMatchObject({
      status: "unknown",
      composite: null,
      undefinedIndicators: ["books"],
    });
    const hopeless = { ...row2012(Array(8).fill(0.9)), books: null };
    expect(judgeCoefficients(basic2012, "primary", hopeless).status).toBe("fail");
    expect(() => judgeCoefficients(basic2012, "primary", {})).toThrow(/no CV/);
  });
});

describe("quality_2017: each CV separately", () => {
  it("Ningguo 2022 primary fails: 6 of 7 CVs above 0.50", () => {
    const cvs = [0.677, 0.674, 0.618, 0.519, 0.597, 0.167, 0.759];
    const judged = judgeCoefficients(quality2017, "primary", row2017(cvs));
    expect(judged.status).toBe("fail");
    expect(judged.above).toHaveLength(6);
    expect(judged.composite).toBeNull();
    expect(judged.margin).toBeCloseTo(0.5 - 0.759, 12);
  });

  it("fails on a single CV above the line even when their mean is low", () => {
    const cvs = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.46];
    expect(judgeCoefficients(quality2017, "primary", row2017(cvs)).status).toBe("pass");
    expect(judgeCoefficients(quality2017, "junior", row2017(cvs)).status).toBe("fail");
  });
});

describe("evaluateScheme from school figures", () => {
  // Three primary schools with every 2012 resource; books follow the published fixture's first 3
  // schools.
  const schools: SchoolData[] = [
    { schoolId: "a", level: "primary", students: 45, resources: resources(1, 279) },
    { schoolId: "b", level: "primary", students: 37, resources: resources(0.8, 137) },
    { schoolId: "c", level: "primary", students: 89, resources: resources(2.1, 935) },
    { schoolId: "j", level: "junior", students: 300, resources: resources(3, 900) },
  ];

  function resources(factor: number, books: number) {
    return {
      teaching_auxiliary_floor_area: 200 * factor,
      sports_ground_area: 500 * factor,
      equipment_value: 60000 * factor,
      computers: 10 * factor,
      books,
      teachers: 4 * factor,
      teachers_above_degree: 3 * factor,
      teachers_intermediate_title: 2,
    };
  }

  it("computes every CV over the schools of the level and averages them", () => {
    const evaluation = evaluateScheme(basic2012, "primary", schools);
    expect(evaluation.indicators).toHaveLength(8);
    const books = evaluation.indicators.find((i) => i.indicatorId === "books");
    const expected = differenceCoefficient([
      { schoolId: "a", students: 45, resource: 279 },
      { schoolId: "b", students: 37, resource: 137 },
      { schoolId: "c", students: 89, resource: 935 },
    ]);
    if (expected.status !== "ok") throw new Error("not ok");
    expect(books?.value).toBe(expected.cv);
    expect(books?.coefficient.schools.map((s) => s.schoolId)).toEqual(["a", "b", "c"]);
    const mean = evaluation.indicators.reduce((a, i) => a + (i.value ?? 0), 0) / 8;
    expect(evaluation.composite).toBeCloseTo(mean, 14);
    expect(evaluation.status).toBe(mean <= 0.65 ? "pass" : "fail");
    expect(evaluation.indicators.every((i) => i.status === null)).toBe(true);
  });

  it("flags a level with one school as not meaningful", () => {
    const evaluation = evaluateScheme(basic2012, "junior", schools);
    expect(evaluation.notMeaningful).toHaveLength(8);
    expect(evaluation.composite).toBe(0);
  });

  it("is unknown when an indicator has no data at all", () => {
    const bare = schools.map((s) => ({ ...s, resources: { ...s.resources, computers: null } }));
    const evaluation = evaluateScheme(basic2012, "primary", bare);
    expect(evaluation.undefinedIndicators).toEqual(["computers_per_100"]);
    const knownMean = evaluation.indicators.reduce((a, i) => a + (i.value ?? 0), 0) / 8;
    expect(knownMean).toBeLessThan(0.65);
    expect(evaluation.status).toBe("unknown");
    expect(evaluation.composite).toBeNull();
    const computers = evaluation.indicators.find((i) => i.indicatorId === "computers_per_100");
    expect(computers?.coefficient).toMatchObject({ status: "undefined", reason: "no_schools" });
  });

  it("judges each 2017 CV with its own status and margin", () => {
    const evaluation = evaluateScheme(quality2017, "primary", schools);
    for (const indicator of evaluation.indicators) {
      if (indicator.value === null) expect(indicator.status).toBe("unknown");
      else expect(indicator.margin).toBeCloseTo(0.5 - indicator.value, 14);
    }
  });
});
