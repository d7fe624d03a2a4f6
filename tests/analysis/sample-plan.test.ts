import { describe, expect, it } from "vitest";
import { largestRemainder, respondentCategories, samplePlan } from "../../analysis/index.ts";

const others = ["teacher", "principal", "deputy", "cppcc_member", "resident"];
const schools = [
  { code: "A", enrolment: 1200 },
  { code: "B", enrolment: 600 },
  { code: "C", enrolment: 200 },
];

describe("samplePlan (docs/weighting.md, Sample size and Sample plan)", () => {
  it("1.07 M residents: 1,605 responses, 803 parents, the rest in equal shares per official category", () => {
    const plan = samplePlan({
      scheme: "basic_2012",
      residentPopulation: 1_070_000,
      otherGroups: others,
      schools,
    });
    expect(plan.total).toBe(1605);
    // Worked by hand (docs/weighting.md, Sample plan): 1,605 − 803 = 802 over three categories
    // (校长、教师 / 人大代表、政协委员 / 其他群众) is 267⅓ each: 267 apiece and the one left to
    // the first, so 268 / 267 / 267 — not 802 / 5 groups (160 or 161) as a split per group.
    expect(plan.quotas).toEqual([
      { key: "parent", groups: ["parent"], target: 803 },
      { key: "principal_teacher", groups: ["teacher", "principal"], target: 268 },
      { key: "deputy_cppcc", groups: ["deputy", "cppcc_member"], target: 267 },
      { key: "resident", groups: ["resident"], target: 267 },
    ]);
    expect(plan.quotas.reduce((sum, q) => sum + q.target, 0)).toBe(1605);
    // A shared quota is not split into per-group targets.
    expect(plan.byGroup).toEqual({ parent: 803, resident: 267 });
  });

  it("counts students as a category of their own (2017: 1 M residents, 1,500 responses)", () => {
    const plan = samplePlan({
      scheme: "quality_2017",
      residentPopulation: 1_000_000,
      otherGroups: [...others, "student"],
      schools,
    });
    // By hand: 1.5 ‰ of 1,000,000 = 1,500; parents 750; 750 / 4 categories = 187.5, so
    // 187 each and the two left to the first two: 188 / 188 / 187 / 187.
    expect(plan.quotas.map((q) => [q.key, q.target])).toEqual([
      ["parent", 750],
      ["principal_teacher", 188],
      ["deputy_cppcc", 188],
      ["resident", 187],
      ["student", 187],
    ]);
  });

  it("lets a category stand for the one group a campaign asks of it", () => {
    expect(respondentCategories(["cppcc_member", "teacher", "resident", "teacher"])).toEqual([
      { key: "deputy_cppcc", groups: ["cppcc_member"] },
      { key: "principal_teacher", groups: ["teacher"] },
      { key: "resident", groups: ["resident"] },
    ]);
    // 600 (2012 floor) − 300 parents = 300 over two categories: 150 each.
    const plan = samplePlan({
      scheme: "basic_2012",
      residentPopulation: 200_000,
      otherGroups: ["teacher", "deputy", "cppcc_member"],
      schools,
    });
    expect(plan.byGroup).toEqual({ parent: 300, teacher: 150 });
    expect(plan.quotas[2]).toEqual({
      key: "deputy_cppcc",
      groups: ["deputy", "cppcc_member"],
      target: 150,
    });
  });

  it("200,000 residents under 2012 still need 600", () => {
    expect(
      samplePlan({
        scheme: "basic_2012",
        residentPopulation: 200_000,
        otherGroups: others,
        schools,
      }).total,
    ).toBe(600);
  });

  it("splits parents across schools by enrolment and areas by population", () => {
    const plan = samplePlan({
      scheme: "basic_2012",
      residentPopulation: 0,
      total: 1000,
      otherGroups: others,
      schools,
      areaPopulation: { urban: 500_000, town: 300_000, rural: 200_000 },
    });
    expect(plan.parentsBySchool).toEqual({ A: 300, B: 150, C: 50 });
    expect(plan.byArea).toEqual({ urban: 500, town: 300, rural: 200 });
  });

  it("has no area targets when populations are not entered", () => {
    expect(
      samplePlan({
        scheme: "quality_2017",
        residentPopulation: 1_000_000,
        otherGroups: [],
        schools,
      }).byArea,
    ).toBeNull();
  });
});

describe("samplePlan: overrides and area shares", () => {
  const areaSchools = [
    { code: "U1", enrolment: 900, areaType: "urban" as const },
    { code: "U2", enrolment: 300, areaType: "urban" as const },
    { code: "T1", enrolment: 600, areaType: "town" as const },
    { code: "R1", enrolment: 200, areaType: "rural" as const },
  ];

  it("treats an override as a floor beside the computed target, never below it", () => {
    const base = {
      scheme: "basic_2012" as const,
      residentPopulation: 1_070_000,
      otherGroups: others,
      schools,
    };
    expect(samplePlan({ ...base, total: 2000 })).toMatchObject({
      total: 2000,
      computedTotal: 1605,
      overrideTotal: 2000,
    });
    expect(samplePlan({ ...base, total: 1000 })).toMatchObject({
      total: 1605,
      overrideTotal: 1000,
    });
    expect(samplePlan({ ...base, total: null })).toMatchObject({
      total: 1605,
      overrideTotal: null,
    });
    expect(() => samplePlan({ ...base, total: 0 })).toThrow(RangeError);
    expect(() => samplePlan({ ...base, total: 12.5 })).toThrow(RangeError);
  });

  it("plans nothing, rather than failing, for a 2017 campaign without residents", () => {
    const plan = samplePlan({
      scheme: "quality_2017",
      residentPopulation: 0,
      otherGroups: others,
      schools,
    });
    expect(plan.total).toBe(0);
    expect(Object.values(plan.byGroup).every((n) => n === 0)).toBe(true);
  });

  it("splits parents across areas by residents, then within each area by enrolment", () => {
    // 1000 parents of 2000: urban 50 %, town 30 %, rural 20 % of the residents.
    const plan = samplePlan({
      scheme: "basic_2012",
      residentPopulation: 0,
      total: 2000,
      otherGroups: others,
      schools: areaSchools,
      areaPopulation: { urban: 500_000, town: 300_000, rural: 200_000 },
    });
    expect(plan.byArea).toEqual({ urban: 1000, town: 600, rural: 400 });
    // Urban's 500 parents go 3 : 1 by enrolment, although urban has 60 % of the pupils.
    expect(plan.parentsBySchool).toEqual({ U1: 375, U2: 125, T1: 300, R1: 200 });
  });

  it("gives an area without schools' pupils no parents, and falls back to enrolment when an area with pupils has no residents", () => {
    const base = {
      scheme: "basic_2012" as const,
      residentPopulation: 0,
      total: 2000,
      otherGroups: others,
    };
    const noRuralSchools = samplePlan({
      ...base,
      schools: areaSchools.filter((s) => s.areaType !== "rural"),
      areaPopulation: { urban: 500_000, town: 300_000, rural: 200_000 },
    });
    expect(noRuralSchools.byArea).toEqual({ urban: 1000, town: 600, rural: 400 });
    // Rural's share of the parents goes to the others, 5 : 3.
    expect(noRuralSchools.parentsBySchool).toEqual({ U1: 469, U2: 156, T1: 375 });
    const ruralUnknown = samplePlan({
      ...base,
      schools: areaSchools,
      areaPopulation: { urban: 500_000, town: 300_000, rural: null },
    });
    expect(ruralUnknown.byArea).toEqual({ urban: 1250, town: 750 });
    expect(ruralUnknown.parentsBySchool).toEqual({ U1: 450, U2: 150, T1: 300, R1: 100 });
  });
});

describe("largestRemainder", () => {
  it("always adds up to the total and rounds each share by less than one", () => {
    const weights = [3, 1, 1, 7, 0, 2.5];
    for (const total of [0, 1, 7, 13, 100, 1001]) {
      const parts = largestRemainder(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      const sum = weights.reduce((a, b) => a + b, 0);
      parts.forEach((p, i) =>
        expect(Math.abs(p - (total * (weights[i] as number)) / sum)).toBeLessThan(1),
      );
    }
  });

  it("splits equally when every weight is zero, and refuses bad input", () => {
    expect(largestRemainder(5, [0, 0])).toEqual([3, 2]);
    expect(() => largestRemainder(-1, [1])).toThrow(RangeError);
    expect(() => largestRemainder(3, [Number.NaN])).toThrow(RangeError);
  });
});
