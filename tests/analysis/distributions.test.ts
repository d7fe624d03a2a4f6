/**
 * The distributions (ours for pbeta and qnorm, stdlib's behind our wrappers for qbeta and qt)
 * against R 4.2 (`pbeta`, `qbeta`, `qt`, `qnorm`, whose beta functions are TOMS 708), on the
 * grid in tests/fixtures/analysis/r-distributions.json (regenerate with
 * tests/analysis/r/distributions.R). Shapes from 0.3 to 10⁶ including the
 * Korn–Graubard shapes n*·p, n*(1 − p) + 1 up to n* = 2·10⁶; tail probabilities ≥ 0.001.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  incompleteBeta,
  inverseIncompleteBetaPoint,
  normalQuantile,
  studentTQuantile,
} from "../../analysis/index.ts";

interface Fixture {
  beta: Record<"a" | "b" | "p" | "x" | "y" | "x15" | "pbeta", number[]>;
  t: Record<"df" | "p" | "q", number[]>;
  normal: Record<"p" | "q", number[]>;
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/analysis/r-distributions.json", import.meta.url), "utf8"),
) as Fixture;

/** The worst relative error over a column, with where it happened. */
function worst(count: number, error: (i: number) => number): { error: number; at: number } {
  let result = { error: 0, at: -1 };
  for (let i = 0; i < count; i++) {
    const e = error(i);
    if (!(e <= result.error)) result = { error: e, at: i };
  }
  return result;
}

const relative = (ours: number, theirs: number) =>
  ours === theirs ? 0 : Math.abs(ours - theirs) / Math.abs(theirs);

describe("distributions against R", () => {
  const { a, b, p, x, y, x15, pbeta } = fixture.beta;

  it("qbeta: x and 1 − x to 1e-12 relative", () => {
    const points = a.map((_, i) => inverseIncompleteBetaPoint(p[i]!, a[i]!, b[i]!));
    const lower = worst(a.length, (i) => relative(points[i]!.x, x[i]!));
    const upper = worst(a.length, (i) => relative(points[i]!.y, y[i]!));
    expect(lower.error, `x at a=${a[lower.at]}, b=${b[lower.at]}, p=${p[lower.at]}`).toBeLessThan(
      1e-12,
    );
    expect(
      upper.error,
      `1 − x at a=${a[upper.at]}, b=${b[upper.at]}, p=${p[upper.at]}`,
    ).toBeLessThan(1e-12);
  });

  it("pbeta to 1e-12 relative", () => {
    const result = worst(a.length, (i) =>
      relative(incompleteBeta(x15[i]!, a[i]!, b[i]!), pbeta[i]!),
    );
    expect(
      result.error,
      `at a=${a[result.at]}, b=${b[result.at]}, x=${x15[result.at]}`,
    ).toBeLessThan(1e-12);
  });

  it("qt to 1e-12 relative, df from 1 to 10⁷", () => {
    const { df, p: tp, q } = fixture.t;
    const result = worst(df.length, (i) => relative(studentTQuantile(tp[i]!, df[i]!), q[i]!));
    expect(result.error, `at df=${df[result.at]}, p=${tp[result.at]}`).toBeLessThan(1e-12);
  });

  it("qnorm to 1e-14 relative (the fixture has 15 digits)", () => {
    const { p: np, q } = fixture.normal;
    const result = worst(np.length, (i) => relative(normalQuantile(np[i]!), q[i]!));
    expect(result.error, `at p=${np[result.at]}`).toBeLessThan(1e-14);
  });
});

describe("distributions: edges and identities", () => {
  it("qt is symmetric and exact for df = 1 and 2", () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    // 1 − 0.975 is 0.025000000000000022 in binary, hence "close", not "equal".
    expect(relative(studentTQuantile(0.975, 29), -studentTQuantile(0.025, 29))).toBeLessThan(1e-14);
    expect(studentTQuantile(0.75, 1)).toBeCloseTo(1, 15); // Cauchy: tan(π/4)
    expect(studentTQuantile(0.975, Infinity)).toBe(normalQuantile(0.975));
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
  });

  it("qbeta of the ends and of Beta(a, 1)", () => {
    expect(inverseIncompleteBetaPoint(0, 2, 3)).toEqual({ x: 0, y: 1 });
    expect(inverseIncompleteBetaPoint(1, 2, 3)).toEqual({ x: 1, y: 0 });
    // I_x(n, 1) = x^n, so the 2.5 % point of Beta(59, 1) is 0.025^(1/59).
    expect(inverseIncompleteBetaPoint(0.025, 59, 1).x).toBeCloseTo(0.025 ** (1 / 59), 15);
  });

  it("pbeta(qbeta(p)) = p on random shapes", () => {
    let seed = 42;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 0; k < 300; k++) {
      const a = 10 ** (4 * next() - 0.5);
      const b = 10 ** (4 * next() - 0.5);
      const p = 0.001 + 0.998 * next();
      const point = inverseIncompleteBetaPoint(p, a, b);
      expect(relative(incompleteBeta(point.x, a, b), p), `a=${a}, b=${b}, p=${p}`).toBeLessThan(
        1e-11,
      );
    }
  });
});
