import type { Interval } from "./interval.ts";
import { studentTQuantile } from "./student-t-quantile.ts";

/**
 * R's default proportion interval, svyciprop(~y, design, method = "logit") (survey 4.1): a
 * Wald interval for logit(p) from the intercept-only quasibinomial svyglm, mapped back:
 *
 *   expit( logit(p) ± t_(1−α/2, df) · SE(p) / (p (1 − p)) )
 *
 * The svyglm sandwich variance of the intercept equals Var(p̂) / (p(1 − p))² with the
 * linearisation of svymean (its estimating function is w_i (y_i − p)), so the mean's SE is used
 * directly. df is R's degf of the design (rows − strata). Undefined (null) for p ∈ {0, 1},
 * SE = 0 or df < 1, where R returns NaN or a zero-width interval.
 */
export function logitInterval(p: number, se: number, df: number, level = 0.95): Interval | null {
  if (!(p > 0 && p < 1 && se > 0 && df >= 1)) return null;
  const t = studentTQuantile(1 - (1 - level) / 2, df);
  const centre = Math.log(p / (1 - p));
  const half = (t * se) / (p * (1 - p));
  return { lower: expit(centre - half), upper: expit(centre + half), method: "logit" };
}

function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
