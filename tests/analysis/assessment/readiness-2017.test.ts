/**
 * Readiness under the 2017 method in full (docs/assessment.md, The 2017 method in full): the
 * application conditions, the 6 + 1 vetoes, the 9 education-quality items, the 15
 * government-guarantee items and the 7 resource indicators with their per-school minimums.
 */
import { describe, expect, it } from "vitest";
import {
  type ReadinessCriterion,
  type ReadinessInput,
  type SchoolData,
  applySchemeOverrides,
  evaluateScheme,
  quality2017,
  readiness,
  schoolStandards,
} from "../../../analysis/assessment/index.ts";

const indicatorIds = Object.keys(quality2017.indicators);

/** Ningguo 2022 primary CVs (2017 method), in the scheme's indicator order: 6 of 7 above 0.50. */
const ningguo = [0.677, 0.674, 0.618, 0.519, 0.597, 0.167, 0.759];

/**
 * Two primary schools of 100 pupils whose per-student figures are (1 ± c) times `base` on each
 * indicator: with equal enrolments the weighted CV is exactly c.
 */
function twoSchools(cvs: readonly number[], base = 2): SchoolData[] {
  return [1, -1].map((sign, i) => {
    const resources: Record<string, number> = {};
    Object.values(quality2017.indicators).forEach((indicator, k) => {
      const floor = Object.values(quality2017.schoolStandard.indicators)[k]?.threshold.primary ?? 1;
      const perStudent = (floor / indicator.scale) * base * (1 + sign * (cvs[k] ?? 0));
      resources[indicator.resource] = perStudent * 100;
    });
    return { schoolId: `s${i}`, level: "primary", students: 100, resources };
  });
}

function byId(input: ReadinessInput): Map<string, ReadinessCriterion> {
  return new Map(readiness(input).criteria.map((c) => [c.criterion, c]));
}

describe("readiness under quality_2017", () => {
  it("lists the application conditions, every resource indicator, the 15 guarantee and 9 quality items and the 6 + 1 vetoes, each with a status", () => {
    const result = readiness({ scheme: quality2017 });
    const ids = result.criteria.map((c) => c.criterion);
    const of = (prefix: string) => ids.filter((id) => id.startsWith(prefix));
    expect(of("application:")).toEqual([
      "application:basic_recognised",
      "application:monitoring_high",
    ]);
    expect(of("resource:")).toEqual(indicatorIds.map((id) => `resource:${id}`));
    expect(of("guarantee:")).toHaveLength(15);
    expect(of("quality:")).toHaveLength(9);
    expect(of("veto:")).toEqual([
      "veto:exam_admission",
      "veto:illegal_school_choice",
      "veto:key_schools_classes",
      "veto:unfilled_posts",
      "veto:major_incident",
      "veto:falsification",
      "veto:satisfaction",
    ]);
    expect(ids).toContain("school_standards");
    // Nothing the 2017 sources do not support: no three growths, no government score, no
    // composite balance rows; disabled enrolment appears once, as its quality item.
    for (const gone of [
      "three_growths",
      "government_score",
      "balance:primary",
      "disabled_enrolment",
    ]) {
      expect(ids).not.toContain(gone);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of result.criteria) expect(["pass", "fail", "unknown"]).toContain(c.status);
    expect(result.criteria.every((c) => c.status === "unknown")).toBe(true);
    // Application conditions are their own kind; the guarantee list marks what is unconfirmed.
    expect(result.criteria.filter((c) => c.kind === "application")).toHaveLength(2);
    const guarantee = result.criteria.filter((c) => c.criterion.startsWith("guarantee:"));
    expect(guarantee.filter((c) => c.basis === "sourced")).toHaveLength(7);
    expect(guarantee.filter((c) => c.basis === "unconfirmed")).toHaveLength(8);
  });

  it("lists three growths only when a province adds it to the 2017 scheme", () => {
    const added = applySchemeOverrides(quality2017, {
      threeGrowths: { window: 3, maxMissedYears: 1 },
    });
    if (!added.ok) throw new Error(JSON.stringify(added.issues));
    const ids = readiness({ scheme: added.scheme }).criteria.map((c) => c.criterion);
    expect(ids).toContain("three_growths");
  });

  it("gives each resource indicator its per-school minimum at both levels", () => {
    const c = byId({ scheme: quality2017 }).get("resource:floor_area");
    expect(c?.levels?.map((l) => [l.level, l.floor, l.threshold])).toEqual([
      ["primary", 4.5, 0.5],
      ["junior", 5.8, 0.45],
    ]);
  });

  it("fails the Ningguo 2022 primary figures: 6 of 7 coefficients above 0.50", () => {
    const schools = twoSchools(ningguo);
    const evaluation = evaluateScheme(quality2017, "primary", schools);
    expect(evaluation.indicators.map((i) => i.value)).toEqual(
      ningguo.map((cv) => expect.closeTo(cv, 12)),
    );
    const criteria = byId({ scheme: quality2017, balance: [evaluation] });
    const primary = indicatorIds.map(
      (id) => criteria.get(`resource:${id}`)?.levels?.find((l) => l.level === "primary")?.status,
    );
    expect(primary).toEqual(["fail", "fail", "fail", "fail", "fail", "pass", "fail"]);
    for (const id of indicatorIds.filter((_, k) => ningguo[k] !== 0.167)) {
      const c = criteria.get(`resource:${id}`);
      expect(c?.status).toBe("fail");
      expect(c?.holders.length).toBeGreaterThan(0);
    }
    expect(criteria.get("resource:multimedia_classrooms_per_100")?.margin).toBeCloseTo(
      0.5 - 0.759,
      12,
    );
    expect(readiness({ scheme: quality2017, balance: [evaluation] }).status).toBe("fail");
  });

  it("names the schools below an indicator's minimum beside its coefficient", () => {
    const schools = twoSchools([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 1);
    const criteria = byId({
      scheme: quality2017,
      balance: [evaluateScheme(quality2017, "primary", schools)],
      schoolStandards: schoolStandards(quality2017, schools),
    });
    const floor = criteria.get("resource:floor_area");
    // s1 has 0.9 of the minimum on every indicator; s0 1.1.
    expect(floor?.belowFloor).toEqual([{ schoolId: "s1", attainment: expect.closeTo(0.9, 12) }]);
    // The junior level has no schools: its coefficient stays unknown, so does the indicator.
    expect(floor?.status).toBe("unknown");
    expect(criteria.get("school_standards")).toMatchObject({ status: "fail", holders: ["s1"] });
  });
});

describe("the per-school minimums: ≥ 6 of 7 met, the seventh at least 85 % of its minimum", () => {
  /** A primary school on every minimum, with floor area at `share` of its 4.5 m² minimum. */
  function school(share: number): SchoolData {
    const resources: Record<string, number> = {};
    Object.entries(quality2017.schoolStandard.indicators).forEach(([, indicator]) => {
      if (indicator.measure.kind !== "per_student") return;
      const floor = indicator.threshold.primary ?? 0;
      resources[indicator.measure.resource] = (floor / indicator.measure.scale) * 200;
    });
    resources.teaching_auxiliary_floor_area = 4.5 * 200 * share;
    return { schoolId: `at-${share}`, level: "primary", students: 200, resources };
  }

  it("fails a school at 84 % and passes it at 85 %", () => {
    const at = (share: number) =>
      byId({
        scheme: quality2017,
        schoolStandards: schoolStandards(quality2017, [school(share)]),
      }).get("school_standards");
    expect(at(0.84)).toMatchObject({ status: "fail", holders: ["at-0.84"] });
    expect(at(0.85)).toMatchObject({ status: "pass", holders: [] });
    expect(at(1)).toMatchObject({ status: "pass" });
  });
});

describe("quality and guarantee items decided by figures", () => {
  const entry = (itemId: string, figures: Record<string, number | null>) => ({
    itemId,
    status: "unknown" as const,
    figures,
  });

  it("checks junior retention against 95 %", () => {
    const at = (value: number) =>
      byId({
        scheme: quality2017,
        vetoEntries: [entry("junior_retention", { junior_retention: value })],
      }).get("quality:junior_retention");
    expect(at(0.962)).toMatchObject({ status: "pass", holders: [] });
    expect(at(0.962)?.margin).toBeCloseTo(0.012, 12);
    expect(at(0.95)?.status).toBe("pass");
    expect(at(0.949)).toMatchObject({ status: "fail", holders: ["区教委"] });
  });

  it("needs level III or above and a difference rate below 0.15, both", () => {
    const at = (figures: Record<string, number | null>) =>
      byId({ scheme: quality2017, vetoEntries: [entry("quality_monitoring", figures)] }).get(
        "quality:quality_monitoring",
      );
    expect(at({ lowest_level: 3, difference_rate: 0.149 })?.status).toBe("pass");
    // "Below 0.15": 0.15 itself misses.
    expect(at({ lowest_level: 3, difference_rate: 0.15 })?.status).toBe("fail");
    expect(at({ lowest_level: 2, difference_rate: 0.1 })?.status).toBe("fail");
    expect(at({ lowest_level: 4, difference_rate: null })).toMatchObject({
      status: "unknown",
      note: "incomplete",
    });
    expect(at({ lowest_level: 4, difference_rate: null })?.figures).toHaveLength(2);
  });

  it("uses the staff's yes/no only while no figure is entered", () => {
    const criteria = byId({
      scheme: quality2017,
      vetoEntries: [
        { itemId: "nearby_admission", status: "met" },
        { itemId: "migrant_children", status: "met", figures: { migrant_share: 0.8 } },
        { itemId: "homework", status: "not_met" },
      ],
    });
    expect(criteria.get("guarantee:nearby_admission")).toMatchObject({
      status: "pass",
      note: "entered",
    });
    expect(criteria.get("guarantee:migrant_children")).toMatchObject({ status: "fail" });
    expect(criteria.get("quality:homework")).toMatchObject({ status: "fail", holders: ["区教委"] });
  });

  it("checks the teacher-training share of public funds per school", () => {
    const schools: SchoolData[] = [
      {
        schoolId: "a",
        level: "primary",
        students: 300,
        resources: { public_funds_budget: 400_000, teacher_training_spending: 20_000 },
      },
      {
        schoolId: "b",
        level: "junior",
        students: 500,
        resources: { public_funds_budget: 600_000, teacher_training_spending: 29_000 },
      },
      { schoolId: "c", level: "primary", students: 100, resources: {} },
    ];
    const criteria = byId({ scheme: quality2017, schools });
    const share = criteria.get("quality:training_share");
    expect(share).toMatchObject({ status: "fail", holders: ["b", "c"], holderKind: "schools" });
    expect(share?.schoolShares?.map((s) => s.status)).toEqual(["pass", "fail", "unknown"]);
    const fixed = byId({
      scheme: quality2017,
      schools: schools.slice(0, 1),
    }).get("quality:training_share");
    expect(fixed).toMatchObject({ status: "pass", holders: [] });
  });

  it("takes disabled-children enrolment from the entered rate against 95 %", () => {
    const at = (rate: number) =>
      byId({ scheme: quality2017, disabledEnrolmentRate: rate }).get("quality:disabled_enrolment");
    expect(at(0.96)?.status).toBe("pass");
    expect(at(0.94)).toMatchObject({ status: "fail", holders: ["区教委", "区残联"] });
  });
});
