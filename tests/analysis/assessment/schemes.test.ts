/** The built-in schemes as data and province overrides (docs/assessment.md, The two schemes). */
import { describe, expect, it } from "vitest";
import {
  applySchemeOverrides,
  basic2012,
  parseScheme,
  quality2017,
  schemes,
} from "../../../analysis/assessment/index.ts";

describe("built-in schemes", () => {
  it("are valid against their own schema", () => {
    for (const scheme of Object.values(schemes))
      expect(parseScheme(scheme)).toMatchObject({ ok: true });
  });

  it("basic_2012: 8 indicators, composite vs 0.65 / 0.55, the seed plan's 8 vetoes", () => {
    expect(Object.keys(basic2012.indicators)).toHaveLength(8);
    expect(basic2012.balance).toMatchObject({
      aggregation: "composite_mean",
      threshold: { primary: 0.65, junior: 0.55 },
    });
    expect(basic2012.schoolStandard.rule).toEqual({ kind: "max_missed", maxMissed: 3 });
    expect(Object.keys(basic2012.vetoes)).toHaveLength(8);
    expect(basic2012.disabledEnrolmentThreshold).toBe(0.8);
    expect(basic2012.satisfactionThreshold).toBe(0.85);
    const points = Object.values(basic2012.governmentScore?.indicators ?? {}).map(
      (i) => i.maxPoints,
    );
    expect(points).toHaveLength(17);
    expect(points.reduce((a, b) => a + b, 0)).toBe(100);
    expect(basic2012.governmentScore?.passMark).toBe(85);
  });

  it("quality_2017: 7 indicators each vs 0.50 / 0.45, the published per-school minimums", () => {
    expect(Object.keys(quality2017.indicators)).toHaveLength(7);
    expect(quality2017.balance).toMatchObject({
      aggregation: "each",
      threshold: { primary: 0.5, junior: 0.45 },
    });
    expect(quality2017.schoolStandard.rule).toEqual({
      kind: "min_met_with_floor",
      minMet: 6,
      floorShare: 0.85,
    });
    const minimums = Object.values(quality2017.schoolStandard.indicators).map((i) => [
      i.threshold.primary,
      i.threshold.junior,
    ]);
    expect(minimums).toEqual([
      [4.2, 5.3],
      [1, 1],
      [0.9, 0.9],
      [4.5, 5.8],
      [7.5, 10.2],
      [2000, 2500],
      [2.3, 2.4],
    ]);
    expect(quality2017.disabledEnrolmentThreshold).toBe(0.95);
    expect(quality2017.governmentScore).toBeNull();
    for (const id of [
      "exam_admission",
      "illegal_school_choice",
      "key_schools_classes",
      "satisfaction",
    ]) {
      expect(quality2017.vetoes[id]).toBeDefined();
    }
    // The six grounds for refusal plus social recognition below 85 %.
    expect(Object.keys(quality2017.vetoes)).toHaveLength(7);
  });

  it("quality_2017: 2 application conditions, 9 quality and 15 guarantee items, no three growths", () => {
    expect(Object.keys(quality2017.applicationConditions)).toHaveLength(2);
    expect(Object.keys(quality2017.qualityItems)).toHaveLength(9);
    const guarantee = Object.values(quality2017.guaranteeItems);
    expect(guarantee).toHaveLength(15);
    expect(guarantee.filter((i) => i.basis === "sourced")).toHaveLength(7);
    expect(guarantee.filter((i) => i.basis === "unconfirmed")).toHaveLength(8);
    expect(quality2017.threeGrowths).toBeNull();
    // The numeric quality items are checked from figures with the published lines.
    const check = (id: string) => quality2017.qualityItems[id]?.check;
    expect(check("junior_retention")).toMatchObject({
      kind: "figures",
      figures: { junior_retention: { comparison: "at_least", threshold: 0.95, unit: "share" } },
    });
    expect(check("quality_monitoring")).toMatchObject({
      kind: "figures",
      figures: {
        lowest_level: { comparison: "at_least", threshold: 3 },
        difference_rate: { comparison: "below", threshold: 0.15 },
      },
    });
    expect(check("training_share")).toMatchObject({ kind: "school_share", atLeast: 0.05 });
    expect(check("disabled_enrolment")).toEqual({ kind: "disabled_enrolment" });
    // basic_2012 has none of these; its three growths stay.
    expect(Object.keys(basic2012.qualityItems)).toHaveLength(0);
    expect(basic2012.threeGrowths).toEqual({ window: 3, maxMissedYears: 1 });
  });

  it("refuses one id in two lists, and takes a province's three growths for 2017", () => {
    const clash = applySchemeOverrides(quality2017, {
      guaranteeItems: {
        homework: {
          label: { zh: "重复", en: "Repeat" },
          departments: [],
          basis: "province",
          check: { kind: "manual" },
        },
      },
    });
    expect(clash.ok).toBe(false);
    const growths = applySchemeOverrides(quality2017, {
      threeGrowths: { window: 3, maxMissedYears: 1 },
    });
    expect(growths.ok && growths.scheme.threeGrowths).toEqual({ window: 3, maxMissedYears: 1 });
  });

  it("splits facility figures only, 1 : 1.1 : 1.32 and 1 : 1.2", () => {
    expect(basic2012.split.weights).toEqual({ primary: 1, junior: 1.1, senior: 1.32 });
    expect(basic2012.split.completeMiddleWeights).toEqual({ junior: 1, senior: 1.2 });
    const teacherResources = Object.values(basic2012.indicators)
      .filter((i) => i.kind === "teacher")
      .map((i) => i.resource);
    for (const r of teacherResources) expect(basic2012.split.splitResources).not.toContain(r);
    const facilityResources = Object.values({ ...basic2012.indicators, ...quality2017.indicators })
      .filter((i) => i.kind === "facility")
      .map((i) => i.resource);
    for (const r of facilityResources) expect(basic2012.split.splitResources).toContain(r);
  });
});

describe("applySchemeOverrides", () => {
  it("deep-merges a province's thresholds and leaves the base untouched", () => {
    const result = applySchemeOverrides(basic2012, {
      disabledEnrolmentThreshold: 0.9,
      schoolStandard: {
        indicators: { class_size: { threshold: { primary: 40 }, placeholder: false } },
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scheme.disabledEnrolmentThreshold).toBe(0.9);
    expect(result.scheme.schoolStandard.indicators.class_size?.threshold).toEqual({
      primary: 40,
      junior: 50,
    });
    expect(result.scheme.schoolStandard.indicators.class_size?.placeholder).toBe(false);
    expect(Object.keys(result.scheme.schoolStandard.indicators)).toHaveLength(13);
    expect(basic2012.schoolStandard.indicators.class_size?.threshold.primary).toBe(45);
    expect(basic2012.disabledEnrolmentThreshold).toBe(0.8);
  });

  it("adds and removes items, and replaces a rule of another kind whole", () => {
    const result = applySchemeOverrides(basic2012, {
      vetoes: {
        safety: null,
        arrears: {
          label: { zh: "拖欠教师工资", en: "Teacher pay in arrears" },
          departments: ["区财政局"],
          evaluation: "manual",
        },
      },
      schoolStandard: { rule: { kind: "min_met", minMet: 11 } },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(Object.keys(result.scheme.vetoes)).not.toContain("safety");
    expect(result.scheme.vetoes.arrears?.departments).toEqual(["区财政局"]);
    expect(result.scheme.schoolStandard.rule).toEqual({ kind: "min_met", minMet: 11 });
  });

  it("rejects invalid results with the path of each problem", () => {
    const bad = applySchemeOverrides(basic2012, {
      balance: { threshold: { primary: -1 } },
      satisfactionThreshold: 85,
      typo: 1,
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const paths = bad.issues.map((i) => i.path);
    expect(paths).toContain("balance.threshold.primary");
    expect(paths).toContain("satisfactionThreshold");
    expect(bad.issues.some((i) => i.message.includes("typo"))).toBe(true);
    expect(applySchemeOverrides(basic2012, [1]).ok).toBe(false);
    expect(applySchemeOverrides(basic2012, JSON.parse('{"__proto__": {"x": 1}}')).ok).toBe(false);
  });

  it("keeps the government score summing to 100", () => {
    const result = applySchemeOverrides(basic2012, {
      governmentScore: { indicators: { access_1: { maxPoints: 10 } } },
    });
    expect(result.ok).toBe(false);
    const removed = applySchemeOverrides(basic2012, { governmentScore: null });
    expect(removed.ok && removed.scheme.governmentScore).toBeNull();
  });
});
