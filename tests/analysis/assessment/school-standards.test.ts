/** School basic standards: the 2012 "4 of 13 missed" default and the 2017 per-school rule. */
import { describe, expect, it } from "vitest";
import {
  type SchoolData,
  applySchemeOverrides,
  basic2012,
  quality2017,
  schoolStandard,
  schoolStandards,
} from "../../../analysis/assessment/index.ts";

/**
 * A primary school of 100 pupils meeting every 2017 minimum (docs/assessment.md, The 2017
 * indicators and per-school minimums) exactly, with the figures of `changes` (as per-student or
 * per-100 values) replaced.
 */
function school2017(changes: Record<string, number | null> = {}): SchoolData {
  const minimums: Record<string, [string, number]> = {
    teachers_above_degree_per_100: ["teachers_above_degree", 4.2],
    backbone_teachers_per_100: ["backbone_teachers", 1],
    pe_art_teachers_per_100: ["pe_art_teachers", 0.9],
    floor_area: ["teaching_auxiliary_floor_area", 4.5 * 100],
    sports_ground: ["sports_ground_area", 7.5 * 100],
    equipment_value: ["equipment_value", 2000 * 100],
    multimedia_classrooms_per_100: ["multimedia_classrooms", 2.3],
  };
  const resources: Record<string, number | null> = {};
  for (const [id, [resource, value]] of Object.entries(minimums)) {
    const change = changes[id];
    resources[resource] = change === undefined ? value : change;
  }
  return { schoolId: "s", level: "primary", students: 100, resources };
}

describe("quality_2017 per-school rule: ≥ 6 of 7 met, the missed one ≥ 85 % of its minimum", () => {
  it("passes a school exactly on every minimum", () => {
    const result = schoolStandard(quality2017, school2017());
    expect(result.missed).toEqual([]);
    expect(result.checks).toHaveLength(7);
    expect(result.status).toBe("pass");
  });

  it("passes with one missed at 85 % of its minimum, fails at 84 %", () => {
    // 4.2 per 100 → 85 % is 3.57 teachers per 100 pupils.
    const at85 = schoolStandard(quality2017, school2017({ teachers_above_degree_per_100: 3.57 }));
    expect(at85.missed).toEqual(["teachers_above_degree_per_100"]);
    expect(at85.checks[0]?.attainment).toBeCloseTo(0.85, 12);
    expect(at85.status).toBe("pass");
    const at84 = schoolStandard(quality2017, school2017({ teachers_above_degree_per_100: 3.528 }));
    expect(at84.status).toBe("fail");
  });

  it("fails with two missed even when both are close", () => {
    const result = schoolStandard(quality2017, school2017({ floor_area: 449, sports_ground: 749 }));
    expect(result.missed).toEqual(["floor_area", "sports_ground"]);
    expect(result.status).toBe("fail");
  });

  it("is unknown when a missing figure could go either way, decided when it cannot", () => {
    expect(schoolStandard(quality2017, school2017({ floor_area: null })).status).toBe("unknown");
    const decided = schoolStandard(
      quality2017,
      school2017({ floor_area: null, sports_ground: 100, equipment_value: 100 }),
    );
    expect(decided.unknown).toEqual(["floor_area"]);
    expect(decided.status).toBe("fail");
  });

  it("uses the junior minimums for a junior school", () => {
    const junior = { ...school2017(), level: "junior" as const };
    const result = schoolStandard(quality2017, junior);
    // 4.2 per 100 misses the junior 5.3 (79 %), 4.5 m² misses 5.8 (78 %) …
    expect(result.missed.length).toBeGreaterThan(1);
    expect(result.status).toBe("fail");
  });
});

describe("basic_2012 default rule: a school missing 4 or more of its 13 core indicators is a veto", () => {
  const core = Object.entries(basic2012.schoolStandard.indicators);

  /** A primary school meeting every placeholder threshold, then missing `missed` of them. */
  function school2012(missed: number, missing = 0): SchoolData {
    const resources: Record<string, number | null> = {};
    core.forEach(([, indicator], i) => {
      const threshold = indicator.threshold.primary ?? 0;
      const fail = i < missed;
      const value =
        indicator.comparison === "at_least"
          ? threshold * (fail ? 0.5 : 1.5)
          : threshold * (fail ? 2 : 0.5);
      const raw =
        indicator.measure.kind === "direct" ? value : (value * 200) / indicator.measure.scale;
      resources[indicator.measure.resource] = i >= core.length - missing ? null : raw;
    });
    return { schoolId: `m${missed}`, level: "primary", students: 200, resources };
  }

  it("has 13 core indicators, all marked as placeholders for the province", () => {
    expect(core).toHaveLength(13);
    expect(core.every(([, i]) => i.placeholder)).toBe(true);
  });

  it("passes 3 missed and vetoes 4", () => {
    expect(schoolStandard(basic2012, school2012(3)).status).toBe("pass");
    expect(schoolStandard(basic2012, school2012(3)).missed).toHaveLength(3);
    expect(schoolStandard(basic2012, school2012(4)).status).toBe("fail");
  });

  it("is unknown while missing figures could make 4", () => {
    expect(schoolStandard(basic2012, school2012(2, 1)).status).toBe("pass");
    expect(schoolStandard(basic2012, school2012(2, 2)).status).toBe("unknown");
    expect(schoolStandard(basic2012, school2012(4, 2)).status).toBe("fail");
  });

  it("collects the vetoed and unknown schools over a district", () => {
    const result = schoolStandards(basic2012, [school2012(0), school2012(5), school2012(2, 3)]);
    expect(result.status).toBe("fail");
    expect(result.failing).toEqual(["m5"]);
    expect(result.unknown).toEqual(["m2"]);
  });

  it("follows a province's rule and thresholds given as overrides", () => {
    const province = applySchemeOverrides(basic2012, {
      schoolStandard: { rule: { kind: "min_met", minMet: 12 } },
    });
    if (!province.ok) throw new Error(JSON.stringify(province.issues));
    expect(schoolStandard(province.scheme, school2012(1)).status).toBe("pass");
    expect(schoolStandard(province.scheme, school2012(2)).status).toBe("fail");
  });
});
