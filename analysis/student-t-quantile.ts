import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { normalQuantile } from "./normal-quantile.ts";

/**
 * The Student t quantile t_(p, df), R's `qt(p, df)`, for any df > 0 (not only integers).
 *
 * Up to df = 10⁶: stdlib's t quantile, which uses X = df / (df + T²) ~ Beta(df/2, ½), so that
 * for p < ½, P(T ≤ −t) = ½ I_x(df/2, ½) and t = −√(df · (1 − x) / x) from the beta quantile at
 * 2p (Boost's `ibeta_inv`, with 1 − x at full precision).
 * Above df = 10⁶ the Cornish–Fisher expansion around the normal quantile z is exact to double
 * precision (Abramowitz & Stegun 26.7.5): t = z + g1/df + g2/df² + g3/df³. stdlib's quantile
 * is not used there: it returns 0 from df ≈ 10¹⁵ and NaN for df = Infinity, which gives the
 * normal quantile here. Out-of-range arguments throw RangeError (stdlib returns NaN).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability out of [0, 1]: ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df <= 1e6) return tQuantile(p, df);
  const upper = p > 0.5;
  const tail = upper ? 1 - p : p; // exact for p ≥ ½
  const magnitude = -cornishFisher(normalQuantile(tail), df);
  return upper ? magnitude : -magnitude;
}

function cornishFisher(z: number, df: number): number {
  if (df === Infinity) return z;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  return z + (g1 + (g2 + g3 / df) / df) / df;
}
