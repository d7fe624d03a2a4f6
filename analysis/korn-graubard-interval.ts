import type { Interval } from "./interval.ts";
import { inverseIncompleteBeta } from "./inverse-incomplete-beta.ts";
import { studentTQuantile } from "./student-t-quantile.ts";

/**
 * Korn & Graubard's (1998) interval for a proportion from a complex sample, exactly as
 * svyciprop(~y, design, method = "beta") computes it (survey 4.1):
 *
 *   n* = p (1 − p) / Var(p̂) · ( t_(α/2, rows − 1) / t_(α/2, df) )²
 *   lower = qbeta(α/2,     n* p,     n* (1 − p) + 1)
 *   upper = qbeta(1 − α/2, n* p + 1, n* (1 − p))
 *
 * rows is nrow of the (subset) design, including respondents without a value; df is its degf.
 * The one-sided (1 − α) lower bound used by the verdict is the lower end at level 1 − 2α.
 * Undefined (null) for p ∈ {0, 1}, zero variance or df < 1, where R returns NaN.
 */
export function kornGraubardInterval(
  p: number,
  variance: number,
  rows: number,
  df: number,
  level = 0.95,
): Interval | null {
  if (!(p > 0 && p < 1 && variance > 0 && df >= 1 && rows - 1 >= df)) return null;
  const alpha = 1 - level;
  const ratio = studentTQuantile(alpha / 2, rows - 1) / studentTQuantile(alpha / 2, df);
  const nEff = ((p * (1 - p)) / variance) * ratio * ratio;
  return {
    lower: inverseIncompleteBeta(alpha / 2, nEff * p, nEff * (1 - p) + 1),
    upper: inverseIncompleteBeta(1 - alpha / 2, nEff * p + 1, nEff * (1 - p)),
    method: "korn_graubard",
  };
}
