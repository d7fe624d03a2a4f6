/**
 * Breakdowns as domain estimates, and awareness through the same machinery (docs/weighting.md,
 * Breakdowns).
 */
import { describe, expect, it } from "vitest";
import { analysisConfig, domainEstimates, itemValues } from "../../analysis/index.ts";
import { awarenessValues } from "../../analysis/reference/awareness-values.ts";
import { breakdown, itemBreakdown } from "../../analysis/reference/breakdowns.ts";
import { designWeights, enrolmentShares } from "../../analysis/reference/design-weights.ts";
import { overallEstimate } from "../../analysis/reference/overall-estimate.ts";
import { enrolment, workedExample } from "./worked-example.ts";

const { group, school, y } = workedExample();
const { weight } = designWeights({
  group,
  school,
  groups: ["parent"],
  schoolShares: { parent: enrolmentShares(enrolment) },
  poststratify: true,
  groupWeights: null,
});
const design = { stratum: group, weight, strataCount: 1 };

describe("breakdown", () => {
  it("by school: each school's share, n, intervals, weighted beside unweighted", () => {
    const rows = breakdown(
      design,
      y,
      { codes: school, labels: ["A", "B", "C"] },
      "overall_item",
      "proportion",
    );
    expect(rows.map((r) => r.key)).toEqual(["A", "B", "C"]);
    // Weights are constant within a school, so weighting does not move a school's share.
    [0.9, 0.8, 0.75].forEach((share, k) => {
      expect(rows[k]!.weighted.estimate).toBeCloseTo(share, 14);
      expect(rows[k]!.unweighted.estimate).toBeCloseTo(share, 14);
    });
    for (const row of rows) {
      expect(row.weighted).toMatchObject({ n: 40, definition: "overall_item", smallSample: false });
      expect(row.weighted.df).toBe(39);
      expect(row.weighted.interval!.method).toBe("logit");
      expect(row.weighted.kornGraubard!.method).toBe("korn_graubard");
    }
  });

  it("small domains are flagged; empty ones have no estimate; respondents in no domain count nowhere", () => {
    // Day 0: the first 10 respondents; day 1: none; the rest on no day.
    const codes = Int32Array.from(y, (_, i) => (i < 10 ? 0 : -1));
    const [first, second] = breakdown(
      design,
      y,
      { codes, labels: ["day 1", "day 2"] },
      "overall_item",
      "proportion",
    );
    expect(first!.weighted).toMatchObject({ n: 10, smallSample: true, estimate: 1 });
    expect(first!.weighted.interval!.method).toBe("clopper_pearson_kish");
    expect(second!.weighted).toMatchObject({ n: 0, estimate: null, interval: null });
  });

  it("by group: each group's own weighted mean ȳ_g, with the variance of its stratum only", () => {
    const stratum = Int32Array.from(y, (_, i) => (i % 3 === 0 ? 1 : 0));
    const twoGroups = { stratum, weight, strataCount: 2 };
    const rows = breakdown(
      twoGroups,
      y,
      { codes: stratum, labels: ["parent", "teacher"] },
      "overall_item",
      "proportion",
    );
    const direct = domainEstimates(twoGroups, y, { key: stratum, count: 2 });
    expect(rows[1]!.weighted.estimate).toBe(direct[1]!.estimate);
    const teachers = Array.from(y).filter((_, i) => stratum[i] === 1);
    const teacherWeights = Array.from(weight).filter((_, i) => stratum[i] === 1);
    const own = domainEstimates(
      { stratum: new Int32Array(teachers.length), weight: teacherWeights, strataCount: 1 },
      teachers,
      null,
    )[0]!;
    expect(rows[1]!.weighted.estimate).toBeCloseTo(own.estimate, 14);
    expect(rows[1]!.weighted.se).toBeCloseTo(own.se, 14);
  });

  it("by item: each item's favourable share over the whole design", () => {
    const config = analysisConfig();
    const items = {
      sat_overall: itemValues(
        Array.from(y, (v) => (v === 1 ? "satisfied" : "dissatisfied")),
        config,
        "proportion",
      ),
      sat_school_choice: itemValues(
        Array.from(y, (_, i) => (i < 60 ? "unknown" : "basically_satisfied")),
        config,
        "proportion",
      ),
    };
    const rows = itemBreakdown(design, items, "proportion");
    expect(rows.map((r) => r.key)).toEqual(["sat_overall", "sat_school_choice"]);
    expect(rows[0]!.weighted.estimate).toBeCloseTo(0.855, 12);
    expect(rows[1]!.weighted).toMatchObject({ n: 60, estimate: 1, definition: "item_favourable" });
  });
});

describe("awareness", () => {
  it("goes through the same estimator as its own figure and never changes satisfaction", () => {
    const config = analysisConfig();
    const answers = Array.from(y, (_, i) =>
      i % 4 === 0 ? "unaware" : i % 4 === 1 ? "heard" : "know",
    );
    const aware = overallEstimate(
      design,
      awarenessValues(answers, config.aware),
      "awareness",
      "proportion",
    );
    expect(aware.definition).toBe("awareness");
    expect(aware.verdict).toBeNull();
    expect(aware.unweighted.estimate).toBe(0.75);
    const knowOnly = overallEstimate(
      design,
      awarenessValues(answers, ["know"]),
      "awareness",
      "proportion",
    );
    expect(knowOnly.unweighted.estimate).toBe(0.5);
    const satisfaction = overallEstimate(design, y, "overall_item", "proportion", 0.85);
    expect(satisfaction.weighted.estimate).toBeCloseTo(0.855, 12);
    expect(satisfaction.verdict!.verdict).toBe("at_risk");
  });
});
