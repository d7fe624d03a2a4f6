import type { Interval } from "./interval.ts";
import { studentTQuantile } from "./student-t-quantile.ts";

/**
 * The interval for a mean (the score definition): est ± t_(1−α/2, df) · SE, R's
 * confint(svymean(~score, design, na.rm = TRUE), df = degf(design)). Undefined (null) for
 * SE = 0 or df < 1, where it would be zero-width or NaN.
 */
export function tInterval(estimate: number, se: number, df: number, level = 0.95): Interval | null {
  if (!(se > 0 && df >= 1 && Number.isFinite(estimate))) return null;
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  return { lower: estimate - half, upper: estimate + half, method: "t" };
}
