/**
 * The verdict against the line and the "more responses" figure (docs/satisfaction.md, The pass line
 * and the verdict).
 */
import { describe, expect, it } from "vitest";
import { type FigureInput, lowerBound, stratifiedEstimate, verdict } from "../../analysis/index.ts";
import { designWeights, enrolmentShares } from "../../analysis/reference/design-weights.ts";
import { enrolment, workedExample } from "./worked-example.ts";

/** n respondents in one stratum, `yes` of them with y = 1, unit weights. */
function simple(n: number, yes: number): FigureInput {
  const y = Array.from({ length: n }, (_, i) => (i < yes ? 1 : 0));
  return stratifiedEstimate({ stratum: new Int32Array(n), weight: null, strataCount: 1 }, y);
}

/** The verdict's projection: m more responses at the current mix, the estimate held. */
function grown(stats: FigureInput, m: number): FigureInput {
  const f = (stats.rows + m) / stats.rows;
  return {
    ...stats,
    n: stats.n * f,
    rows: stats.rows + m,
    variance: stats.variance / f,
    se: Math.sqrt(stats.variance / f),
    df: stats.df + m,
    kishNEff: stats.kishNEff * f,
  };
}

describe("verdict", () => {
  it("pass: the one-sided 95 % Korn–Graubard bound is above 85 %", () => {
    const result = verdict(simple(1000, 930), "proportion", 0.85)!;
    expect(result).toMatchObject({ verdict: "pass", moreResponses: 0, threshold: 0.85 });
    expect(result.lowerBoundMethod).toBe("korn_graubard");
    expect(result.lowerBound).toBeGreaterThan(0.85);
    expect(result.lowerBound).toBeLessThan(0.93);
  });

  it("fail: the estimate is below the line, whatever the bound", () => {
    expect(verdict(simple(1000, 849), "proportion", 0.85)).toMatchObject({
      verdict: "fail",
      moreResponses: null,
    });
  });

  it("at risk on the worked example, with the smallest number of responses that suffices", () => {
    const { group, school, y } = workedExample();
    const { weight } = designWeights({
      group,
      school,
      groups: ["parent"],
      schoolShares: { parent: enrolmentShares(enrolment) },
      poststratify: true,
      groupWeights: null,
    });
    const stats = stratifiedEstimate({ stratum: group, weight, strataCount: 1 }, y);
    const result = verdict(stats, "proportion", 0.85)!;
    expect(result.verdict).toBe("at_risk");
    const m = result.moreResponses!;
    expect(m).toBeGreaterThan(0);
    expect(lowerBound(grown(stats, m), "proportion").value).toBeGreaterThanOrEqual(0.85);
    expect(lowerBound(grown(stats, m - 1), "proportion").value).toBeLessThan(0.85);
  });

  it("p = 1 with few respondents: the Clopper–Pearson bound 0.05^(1/n) decides", () => {
    // 20 of 20: 0.05^(1/20) = 0.861 ≥ 0.85, a pass.
    expect(verdict(simple(20, 20), "proportion", 0.85)).toMatchObject({
      verdict: "pass",
      lowerBound: expect.closeTo(0.05 ** (1 / 20), 14),
      lowerBoundMethod: "clopper_pearson_kish",
    });
    // 10 of 10: 0.741, at risk; n_eff must reach ln 0.05 / ln 0.85 = 18.4, so 9 more.
    expect(verdict(simple(10, 10), "proportion", 0.85)).toMatchObject({
      verdict: "at_risk",
      moreResponses: 9,
    });
  });

  it("an estimate exactly on the line is at risk, and no number of responses lifts the bound", () => {
    expect(verdict(simple(100, 85), "proportion", 0.85)).toMatchObject({
      verdict: "at_risk",
      moreResponses: null,
    });
  });

  it("scores compare with 100 × the threshold, using est − t_0.95 · SE", () => {
    const scores = Array.from({ length: 200 }, (_, i) => (i < 180 ? 100 : i < 190 ? 60 : 0));
    const stats = stratifiedEstimate(
      { stratum: new Int32Array(200), weight: null, strataCount: 1 },
      scores,
    );
    const result = verdict(stats, "score", 0.85)!;
    expect(result.threshold).toBe(85);
    expect(result.lowerBoundMethod).toBe("t");
    expect(result.verdict).toBe("pass"); // 93 with SE ≈ 1.7
  });

  it("no verdict without values", () => {
    expect(verdict(simple(0, 0), "proportion", 0.85)).toBeNull();
  });
});
