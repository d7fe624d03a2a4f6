import type { Interval } from "./interval.ts";
import { inverseIncompleteBeta } from "./inverse-incomplete-beta.ts";

/**
 * The Clopper–Pearson (1934) interval for x successes in n trials, allowing non-integer x and n
 * (an effective sample size):
 *
 *   lower = 0 if x = 0, else qbeta(α/2, x, n − x + 1)
 *   upper = 1 if x = n, else qbeta(1 − α/2, x + 1, n − x)
 *
 * At x = n the interval is [(α/2)^(1/n), 1]: never zero width for finite n. This product uses it
 * with n = Kish's n_eff where R's survey intervals are undefined (see estimate-figure.ts).
 */
export function clopperPearsonInterval(x: number, n: number, level = 0.95): Interval {
  if (!(n > 0 && x >= 0 && x <= n)) throw new RangeError(`need 0 ≤ x ≤ n, n > 0; got ${x}, ${n}`);
  const alpha = 1 - level;
  return {
    lower: x === 0 ? 0 : inverseIncompleteBeta(alpha / 2, x, n - x + 1),
    upper: x === n ? 1 : inverseIncompleteBeta(1 - alpha / 2, x + 1, n - x),
    method: "clopper_pearson_kish",
  };
}
