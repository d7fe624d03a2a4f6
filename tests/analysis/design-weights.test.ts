/** Weights: post-stratification to school shares, group weights, the audit (docs/weighting.md). */
import { describe, expect, it } from "vitest";
import { weightAudit } from "../../analysis/index.ts";
import { designWeights, enrolmentShares } from "../../analysis/reference/design-weights.ts";
import { overallEstimate } from "../../analysis/reference/overall-estimate.ts";
import { enrolment, workedExample } from "./worked-example.ts";

describe("the worked example (weights only, one stratum)", () => {
  const { group, school, y } = workedExample();
  const weights = designWeights({
    group,
    school,
    groups: ["parent"],
    schoolShares: { parent: enrolmentShares(enrolment) },
    poststratify: true,
    groupWeights: null,
  });

  it("b = share · n_g / n_(g,s) = 1.8 / 0.9 / 0.3", () => {
    expect(weights.base[0]).toBeCloseTo(1.8, 14);
    expect(weights.base[40]).toBeCloseTo(0.9, 14);
    expect(weights.base[80]).toBeCloseTo(0.3, 14);
    expect(weights.weight).toBe(weights.base); // no group weights: w = b
  });

  it("weighted 0.8550, unweighted 0.8167, Kish n_eff 86.96", () => {
    const result = overallEstimate(
      { stratum: group, weight: weights.weight, strataCount: 1 },
      y,
      "overall_item",
      "proportion",
    );
    expect(result.weighted.estimate).toBeCloseTo(0.855, 12);
    expect(result.unweighted.estimate).toBeCloseTo(98 / 120, 12);
    expect(result.weights.kishNEff).toBeCloseTo(120 ** 2 / 165.6, 10);
    expect(result.weights.kishNEff.toFixed(2)).toBe("86.96");
    expect(result.weights).toMatchObject({ n: 120, ratio: expect.closeTo(6, 12) });
    expect(result.weighted.nEff).toBeCloseTo(86.96, 2);
    expect(result.unweighted.nEff).toBe(120);
  });

  it("post-stratification off: every b is 1", () => {
    const off = designWeights({
      group,
      school,
      groups: ["parent"],
      schoolShares: { parent: enrolmentShares(enrolment) },
      poststratify: false,
      groupWeights: null,
    });
    expect(Array.from(new Set(off.weight))).toEqual([1]);
    expect(off.groups[0]).toMatchObject({ poststratified: false, groupWeight: null });
  });
});

describe("designWeights", () => {
  // 6 parents in schools 0, 0, 1, 1, 1, 2 (school 3 has no parent yet) and 4 teachers.
  const group = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  const school = Int32Array.from([0, 0, 1, 1, 1, 2, -1, 0, 1, -1]);
  const shares = { parent: [0.4, 0.3, 0.2, 0.1] };

  it("renormalises shares over schools with respondents and names the empty ones", () => {
    const result = designWeights({
      group,
      school,
      groups: ["parent", "teacher"],
      schoolShares: shares,
      poststratify: true,
      groupWeights: null,
    });
    // share' = 0.4/0.9, 0.3/0.9, 0.2/0.9; b = share' · 6 / n_(g,s)
    expect(result.base[0]).toBeCloseTo(((0.4 / 0.9) * 6) / 2, 14);
    expect(result.base[2]).toBeCloseTo(((0.3 / 0.9) * 6) / 3, 14);
    expect(result.base[5]).toBeCloseTo(((0.2 / 0.9) * 6) / 1, 14);
    expect(Array.from(result.base.subarray(6))).toEqual([1, 1, 1, 1]); // no shares: b = 1
    const parentTotal = result.base.subarray(0, 6).reduce((a, b) => a + b, 0);
    expect(parentTotal).toBeCloseTo(6, 12);
    expect(result.groups[0]).toMatchObject({ key: "parent", respondents: 6, emptySchools: [3] });
  });

  it("group weights: w = b · W'_g · n / B_g, normalised over the groups present", () => {
    const result = designWeights({
      group,
      school,
      groups: ["parent", "teacher"],
      schoolShares: shares,
      poststratify: true,
      // students are absent: normalised over parent and teacher only (3 : 1).
      groupWeights: { parent: 0.6, teacher: 0.2, student: 0.2 },
    });
    const total = (from: number, to: number) =>
      result.weight.subarray(from, to).reduce((a, b) => a + b, 0);
    expect(total(0, 6)).toBeCloseTo(0.75 * 10, 12);
    expect(total(6, 10)).toBeCloseTo(0.25 * 10, 12);
    expect(result.groups[0]!.groupWeight).toBeCloseTo(0.75, 15);
    expect(result.groups[1]!.groupWeight).toBeCloseTo(0.25, 15);
    // Within a group the ratios of b are kept.
    expect(result.weight[0]! / result.weight[5]!).toBeCloseTo(
      result.base[0]! / result.base[5]!,
      12,
    );
  });

  it("refuses a respondent without a share, and a present group without a weight", () => {
    const base = { group, school, groups: ["parent", "teacher"], poststratify: true };
    expect(() =>
      designWeights({ ...base, schoolShares: { parent: [0.4, 0.3, 0] }, groupWeights: null }),
    ).toThrow(/no school share/);
    expect(() =>
      designWeights({ ...base, schoolShares: shares, groupWeights: { parent: 1 } }),
    ).toThrow(/"teacher" has no group weight/);
  });

  it("enrolment shares and the audit", () => {
    expect(Array.from(enrolmentShares([1200, 600, 200]))).toEqual([0.6, 0.3, 0.1]);
    expect(() => enrolmentShares([0, 0])).toThrow(RangeError);
    expect(weightAudit([1, 1, 1, 1])).toEqual({
      n: 4,
      sum: 4,
      min: 1,
      max: 1,
      ratio: 1,
      kishNEff: 4,
      designEffect: 1,
    });
    expect(weightAudit([1, 3, 100], [true, true, false])).toMatchObject({
      n: 2,
      max: 3,
      kishNEff: 1.6,
    });
  });
});
