/**
 * The stratified estimator (docs/intervals.md, Linearisation variance). Reference numbers for the
 * small table below come from R 4.2.2 with survey 4.1-1: tests/analysis/r/survey-reference.R on
 * that table.
 */
import { describe, expect, it } from "vitest";
import { type SurveyDesign, domainEstimates, stratifiedEstimate } from "../../analysis/index.ts";

// group, w, y (NaN = no value), score, domain
const table = {
  stratum: [0, 0, 0, 1, 1, 1, 2],
  weight: [1.5, 2, 1, 3, 1, 2, 1],
  y: [1, 0, 1, Number.NaN, 1, 0, 1],
  score: [100, 0, 60, 80, Number.NaN, 100, 100],
  domain: [0, 1, 0, 1, 0, 1, 0],
};
const design: SurveyDesign = { stratum: table.stratum, weight: table.weight, strataCount: 3 };

describe("against R on a small table (survey 4.1-1, lonely.psu = adjust)", () => {
  it("overall: svymean(~y, na.rm = TRUE), degf", () => {
    const result = stratifiedEstimate(design, table.y);
    expect(result.estimate).toBeCloseTo(0.529411764705882, 14);
    expect(result.se).toBeCloseTo(0.25819734403014, 13);
    expect(result).toMatchObject({ n: 6, rows: 7, strata: 3, df: 4 });
    const score = stratifiedEstimate(design, table.score);
    expect(score.estimate).toBeCloseTo(71.4285714285714, 12);
    expect(score.se).toBeCloseTo(16.6676384556338, 12);
  });

  it("domains: subset(design, dom == k) keeps each stratum's full size", () => {
    const [first, second] = domainEstimates(design, table.score, { key: table.domain, count: 2 });
    expect(first!.estimate).toBeCloseTo(88.5714285714286, 12);
    expect(first!.se).toBeCloseTo(11.8858936967845, 12);
    expect(first!.df).toBe(1); // 4 rows − 3 strata
    expect(second!.estimate).toBeCloseTo(62.8571428571429, 12);
    expect(second!.se).toBeCloseTo(20.2771303646926, 12);
  });

  it("by group, including the group of one (est = y, SE 0, df 0)", () => {
    const groups = domainEstimates(design, table.y, { key: table.stratum, count: 3 });
    expect(groups[0]!.estimate).toBeCloseTo(0.555555555555556, 14);
    expect(groups[0]!.se).toBeCloseTo(0.372831330136827, 14);
    expect(groups[1]!.se).toBeCloseTo(0.38490017945975, 14);
    expect(groups[2]).toMatchObject({ estimate: 1, se: 0, df: 0, n: 1 });
  });
});

/**
 * The stratified formula of docs/intervals.md, written out independently: no domains, no missing
 * values.
 */
function stratifiedFormula(group: number[], b: number[], y: number[], W: number[]) {
  const groups = W.length;
  const n = Array<number>(groups).fill(0);
  const B = Array<number>(groups).fill(0);
  const by = Array<number>(groups).fill(0);
  group.forEach((g, i) => {
    n[g]! += 1;
    B[g]! += b[i]!;
    by[g]! += b[i]! * y[i]!;
  });
  const mean = by.map((s, g) => s / B[g]!);
  const est = W.reduce((sum, w, g) => sum + w * mean[g]!, 0);
  let variance = 0;
  for (let g = 0; g < groups; g++) {
    let sum = 0;
    group.forEach((gi, i) => {
      if (gi !== g) return;
      const term =
        n[g] === 1
          ? y[i]! - est // lonely group: W_g² (y − est)²
          : b[i]! * (y[i]! - mean[g]!) + (b[i]! - B[g]! / n[g]!) * (mean[g]! - est);
      sum += term * term;
    });
    variance += n[g] === 1 ? W[g]! ** 2 * sum : (W[g]! / B[g]!) ** 2 * (n[g]! / (n[g]! - 1)) * sum;
  }
  return { est, se: Math.sqrt(variance) };
}

describe("the stratified formula (no domains): est = Σ W_g ȳ_g and its SE", () => {
  it("agrees with group weights and post-stratified b varying within groups, a lonely group too", () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const sizes = [1, 12, 40, 7];
    const W = [0.1, 0.2, 0.5, 0.2];
    const group: number[] = [];
    const b: number[] = [];
    const y: number[] = [];
    sizes.forEach((size, g) => {
      for (let j = 0; j < size; j++) {
        group.push(g);
        b.push(0.2 + 2 * next());
        y.push(next() < 0.8 ? 1 : 0);
      }
    });
    const n = group.length;
    const B = sizes.map((_, g) => b.reduce((s, bi, i) => (group[i] === g ? s + bi : s), 0));
    const w = b.map((bi, i) => (bi * W[group[i]!]! * n) / B[group[i]!]!);
    const ours = stratifiedEstimate({ stratum: group, weight: w, strataCount: 4 }, y);
    const reference = stratifiedFormula(group, b, y, W);
    expect(ours.estimate).toBeCloseTo(reference.est, 14);
    expect(Math.abs(ours.se / reference.se - 1)).toBeLessThan(1e-12);
    expect(ours.df).toBe(n - 4);
  });
});

describe("stratifiedEstimate, edges", () => {
  it("unit weights give the plain mean; no value anywhere gives n = 0 and NaN inside", () => {
    const unweighted = stratifiedEstimate({ ...design, weight: null }, table.y);
    expect(unweighted.estimate).toBeCloseTo(4 / 6, 15);
    expect(unweighted.kishNEff).toBe(6);
    const empty = stratifiedEstimate(
      design,
      table.y.map(() => Number.NaN),
    );
    expect(empty.n).toBe(0);
    expect(empty.rows).toBe(7);
  });

  it("a domain without respondents and a respondent in no domain", () => {
    const result = domainEstimates(design, table.y, { key: [0, 0, -1, 0, 0, 0, 0], count: 2 });
    expect(result[1]).toMatchObject({ n: 0, rows: 0, strata: 0 });
    expect(result[0]!.rows).toBe(6);
  });

  it("refuses broken input", () => {
    expect(() => stratifiedEstimate(design, [1, 0])).toThrow(RangeError);
    expect(() => stratifiedEstimate({ ...design, strataCount: 2 }, table.y)).toThrow(/stratum/);
    expect(() => stratifiedEstimate({ ...design, weight: [0, 1, 1, 1, 1, 1, 1] }, table.y)).toThrow(
      /weight/,
    );
    expect(() => domainEstimates(design, table.y, { key: table.domain, count: 1 })).toThrow(
      /domain/,
    );
  });
});
