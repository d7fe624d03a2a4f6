import { type FigureInput, type Scale, figureIntervals } from "./estimate-figure.ts";
import type { IntervalMethod } from "./interval.ts";

/**
 * The verdict against the pass line (85 %, a one-vote veto; configurable), as
 * docs/satisfaction.md, The pass line and the verdict, has it:
 *
 *   pass     the one-sided 95 % lower bound is at or above the line
 *   at_risk  the estimate is at or above the line, the bound is not
 *   fail     the estimate is below the line
 *
 * The bound is Korn–Graubard's (the lower end of svyciprop(method = "beta", level = 0.90))
 * for proportions and est − t_(0.95, df)·SE for scores, with estimate-figure.ts's fallback where
 * those are undefined. `moreResponses` answers "how many more responses at the current mix would
 * lift the bound to the line, if the estimate held": with m more, the design scales by
 * f = (rows + m) / rows — variance / f, Kish n_eff · f, df + m — and the smallest such m is
 * found by doubling and bisection. 0 when passing; null when failing or when no number suffices
 * (estimate exactly on the line).
 */
export type VerdictKind = "pass" | "at_risk" | "fail";

export interface Verdict {
  readonly verdict: VerdictKind;
  /** On the figure's scale: the share (0.85) for proportions, 100 × it for scores. */
  readonly threshold: number;
  readonly estimate: number;
  readonly lowerBound: number;
  readonly lowerBoundMethod: IntervalMethod;
  readonly moreResponses: number | null;
}

const confidence = 0.95;
const searchLimit = 1e9;

/** Null when nobody has a value. `threshold` is on the proportion scale (0.85). */
export function verdict(stats: FigureInput, scale: Scale, threshold: number): Verdict | null {
  if (stats.n === 0) return null;
  const line = scale === "score" ? threshold * 100 : threshold;
  const bound = lowerBound(stats, scale);
  const kind: VerdictKind =
    stats.estimate < line ? "fail" : bound.value >= line ? "pass" : "at_risk";
  return {
    verdict: kind,
    threshold: line,
    estimate: stats.estimate,
    lowerBound: bound.value,
    lowerBoundMethod: bound.method,
    moreResponses: kind === "pass" ? 0 : kind === "fail" ? null : moreResponses(stats, scale, line),
  };
}

/** The one-sided 95 % lower bound: the lower end of the two-sided 90 % interval. */
export function lowerBound(
  stats: FigureInput,
  scale: Scale,
): { value: number; method: IntervalMethod } {
  const intervals = figureIntervals(stats, scale, 1 - 2 * (1 - confidence));
  const chosen = intervals.kornGraubard ?? intervals.interval;
  return { value: chosen.lower, method: chosen.method };
}

function moreResponses(stats: FigureInput, scale: Scale, line: number): number | null {
  if (!(stats.estimate > line)) return null;
  const reaches = (m: number) => lowerBound(grown(stats, m), scale).value >= line;
  let high = 1;
  while (!reaches(high)) {
    if (high > searchLimit) return null;
    high *= 2;
  }
  let low = high / 2; // does not reach (or is 0.5 when high = 1)
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reaches(middle)) high = middle;
    else low = middle;
  }
  return high;
}

function grown(stats: FigureInput, more: number): FigureInput {
  const f = (stats.rows + more) / stats.rows;
  return {
    n: stats.n * f,
    rows: stats.rows + more,
    estimate: stats.estimate,
    variance: stats.variance / f,
    se: Math.sqrt(stats.variance / f),
    df: stats.df + more,
    kishNEff: stats.kishNEff * f,
  };
}
