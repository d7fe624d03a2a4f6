/**
 * Intervals (docs/intervals.md). R numbers: R 4.2.2, survey 4.1-1, svyciprop on the small table of
 * domain-estimates.test.ts; Clopper–Pearson values are those of R's binom.test.
 */
import { describe, expect, it } from "vitest";
import {
  clopperPearsonInterval,
  estimateFigure,
  kornGraubardInterval,
  logitInterval,
  stratifiedEstimate,
  tInterval,
} from "../../analysis/index.ts";

const design = { stratum: [0, 0, 0, 1, 1, 1, 2], weight: [1.5, 2, 1, 3, 1, 2, 1], strataCount: 3 };
const y = [1, 0, 1, Number.NaN, 1, 0, 1];
const score = [100, 0, 60, 80, Number.NaN, 100, 100];

describe("intervals against R", () => {
  const e = stratifiedEstimate(design, y);

  it("logit: svyciprop(~y, design)", () => {
    const ci = logitInterval(e.estimate, e.se, e.df)!;
    expect(ci.lower).toBeCloseTo(0.059543597840521, 9);
    expect(ci.upper).toBeCloseTo(0.952357831783076, 9);
  });

  it("Korn–Graubard: svyciprop(~y, design, method = 'beta'), at 95 % and 90 %", () => {
    const ci = kornGraubardInterval(e.estimate, e.variance, e.rows, e.df)!;
    expect(ci.lower).toBeCloseTo(0.0434992564224611, 12);
    expect(ci.upper).toBeCloseTo(0.970825991954818, 12);
    const ninety = kornGraubardInterval(e.estimate, e.variance, e.rows, e.df, 0.9)!;
    expect(ninety.lower).toBeCloseTo(0.0776757544905323, 12);
    expect(ninety.upper).toBeCloseTo(0.944212635425819, 12);
  });

  it("scores: confint(svymean(~score, design, na.rm = TRUE), df = degf(design))", () => {
    const s = stratifiedEstimate(design, score);
    const ci = tInterval(s.estimate, s.se, s.df)!;
    expect(ci.lower).toBeCloseTo(25.1517882232205, 11);
    expect(ci.upper).toBeCloseTo(117.705354633922, 11);
  });

  it("Clopper–Pearson: binom.test(5, 10) and the ends", () => {
    const ci = clopperPearsonInterval(5, 10);
    expect(ci.lower).toBeCloseTo(0.1870860284474, 12);
    expect(ci.upper).toBeCloseTo(0.8129139715526, 12);
    expect(clopperPearsonInterval(10, 10).lower).toBeCloseTo(0.025 ** (1 / 10), 15);
    expect(clopperPearsonInterval(0, 10).upper).toBeCloseTo(1 - 0.025 ** (1 / 10), 15);
  });

  it("undefined where R returns junk", () => {
    expect(logitInterval(1, 0, 10)).toBeNull();
    expect(logitInterval(0.5, 0.1, 0)).toBeNull();
    expect(kornGraubardInterval(0, 0, 10, 9)).toBeNull();
    expect(tInterval(100, 0, 10)).toBeNull();
  });
});

describe("figures at p = 1, p = 0 and zero variance: sound, never NaN, never zero width", () => {
  const sound = (figure: ReturnType<typeof estimateFigure>) => {
    for (const ci of [figure.interval, figure.kornGraubard]) {
      if (ci === null) continue;
      expect(Number.isFinite(ci.lower) && Number.isFinite(ci.upper)).toBe(true);
      expect(ci.upper - ci.lower).toBeGreaterThan(0);
      expect(ci.lower <= figure.estimate! && figure.estimate! <= ci.upper).toBe(true);
    }
  };

  it("p = 1: Clopper–Pearson on Kish's n_eff, [0.025^(1/n_eff), 1]", () => {
    const e = stratifiedEstimate(design, [1, 1, 1, 1, 1, 1, 1]);
    const figure = estimateFigure(e, "overall_item", "proportion");
    sound(figure);
    expect(figure.interval).toEqual(figure.kornGraubard);
    expect(figure.interval!.method).toBe("clopper_pearson_kish");
    expect(figure.interval!.lower).toBeCloseTo(0.025 ** (1 / e.kishNEff), 14);
    expect(figure.interval!.upper).toBe(1);
  });

  it("p = 0: [0, 1 − 0.025^(1/n_eff)]", () => {
    const e = stratifiedEstimate(design, [0, 0, 0, 0, 0, 0, 0]);
    const figure = estimateFigure(e, "overall_item", "proportion");
    sound(figure);
    expect(figure.kornGraubard!.lower).toBe(0);
    expect(figure.kornGraubard!.upper).toBeCloseTo(1 - 0.025 ** (1 / e.kishNEff), 14);
  });

  it("0 < p < 1 with zero variance (every stratum constant) falls back too", () => {
    const e = stratifiedEstimate(
      { stratum: [0, 0, 1, 1], weight: null, strataCount: 2 },
      [1, 1, 0, 0],
    );
    expect(e.estimate).toBe(0.5);
    const figure = estimateFigure(e, "overall_item", "proportion");
    sound(figure);
    expect(figure.kornGraubard!.method).toBe("clopper_pearson_kish");
  });

  it("scores: every answer 100 gives the bounded fallback; a normal one the t interval", () => {
    const all = estimateFigure(
      stratifiedEstimate(
        design,
        score.map(() => 100),
      ),
      "score",
      "score",
    );
    sound(all);
    expect(all.interval!.method).toBe("bounded_kish");
    expect(all.interval!.upper).toBeCloseTo(100, 12);
    expect(all.kornGraubard).toBeNull();
    const some = estimateFigure(stratifiedEstimate(design, score), "score", "score");
    expect(some.interval!.method).toBe("t");
  });

  it("a domain nobody answered has no estimate and no interval; small samples are flagged", () => {
    const figure = estimateFigure(
      stratifiedEstimate(
        design,
        y.map(() => Number.NaN),
      ),
      "awareness",
      "proportion",
    );
    expect(figure).toMatchObject({ n: 0, estimate: null, interval: null, smallSample: true });
  });
});
