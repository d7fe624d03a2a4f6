import type { SatisfactionDefinition } from "./analysis-config.ts";
import { clopperPearsonInterval } from "./clopper-pearson-interval.ts";
import type { DomainEstimate } from "./domain-estimates.ts";
import type { Interval } from "./interval.ts";
import { kornGraubardInterval } from "./korn-graubard-interval.ts";
import { logitInterval } from "./logit-interval.ts";
import { tInterval } from "./t-interval.ts";

/**
 * A figure as shown: the estimate with its 95 % intervals, named by its definition.
 *
 * Proportions get R's default logit interval and the Korn–Graubard interval; scores (0–100)
 * get est ± t·SE. Where R's formulas are undefined — p = 0 or 1, zero variance (every stratum
 * constant), or df < 1 (e.g. a domain of one respondent per stratum) — R prints NaN or a
 * zero-width interval; this product shows a Clopper–Pearson interval on Kish's n_eff instead
 * (`clopper_pearson_kish`; for scores on score/100, `bounded_kish`, valid for any mean of values
 * in [0, 100] since its variance is at most that of a proportion). It is never NaN and never
 * of zero width.
 */
export type Measure = SatisfactionDefinition | "item_favourable" | "item_score" | "awareness";
export type Scale = "proportion" | "score";

export type FigureInput = Pick<
  DomainEstimate,
  "n" | "rows" | "estimate" | "variance" | "se" | "df" | "kishNEff"
>;

export interface Figure {
  readonly definition: Measure;
  readonly scale: Scale;
  /** Respondents with a value. */
  readonly n: number;
  /** Respondents in the domain, with or without a value. */
  readonly rows: number;
  /** Null when nobody in the domain has a value. */
  readonly estimate: number | null;
  readonly se: number | null;
  readonly df: number;
  /** Kish's n_eff of the weights of respondents with a value. */
  readonly nEff: number;
  /** 95 %: logit (proportions) or t (scores), or the fallback. */
  readonly interval: Interval | null;
  /** 95 % Korn–Graubard (proportions only), or the fallback. */
  readonly kornGraubard: Interval | null;
  /** Fewer than 30 respondents with a value. */
  readonly smallSample: boolean;
}

export const smallSampleBelow = 30;

export function estimateFigure(stats: FigureInput, definition: Measure, scale: Scale): Figure {
  const empty = stats.n === 0;
  const intervals = empty ? null : figureIntervals(stats, scale, 0.95);
  return {
    definition,
    scale,
    n: stats.n,
    rows: stats.rows,
    estimate: empty ? null : stats.estimate,
    se: empty ? null : stats.se,
    df: stats.df,
    nEff: stats.kishNEff,
    interval: intervals?.interval ?? null,
    kornGraubard: intervals?.kornGraubard ?? null,
    smallSample: stats.n < smallSampleBelow,
  };
}

/** The two intervals at `level`, with the Kish Clopper–Pearson fallback. Needs n ≥ 1. */
export function figureIntervals(
  stats: FigureInput,
  scale: Scale,
  level: number,
): { interval: Interval; kornGraubard: Interval | null } {
  const top = scale === "score" ? 100 : 1;
  const p = stats.estimate / top;
  // Below this the variance is rounding noise of an exact zero.
  const variance = stats.variance > 1e-20 * top * top ? stats.variance : 0;
  const se = Math.sqrt(variance);
  if (scale === "score") {
    const t = tInterval(stats.estimate, se, stats.df, level);
    return {
      interval: t ?? scaled(fallback(p, stats.kishNEff, level), top, "bounded_kish"),
      kornGraubard: null,
    };
  }
  const logit = logitInterval(p, se, stats.df, level);
  const kg = kornGraubardInterval(p, variance, stats.rows, stats.df, level);
  return {
    interval: logit ?? fallback(p, stats.kishNEff, level),
    kornGraubard: kg ?? fallback(p, stats.kishNEff, level),
  };
}

function fallback(p: number, nEff: number, level: number): Interval {
  const clamped = Math.min(1, Math.max(0, p));
  return clopperPearsonInterval(clamped * nEff, nEff, level);
}

function scaled(interval: Interval, top: number, method: Interval["method"]): Interval {
  return { lower: interval.lower * top, upper: interval.upper * top, method };
}
