import { inverseIncompleteBetaPoint } from "./inverse-incomplete-beta.ts";
import { normalQuantile } from "./normal-quantile.ts";

/**
 * The Student t quantile t_(p, df), R's `qt(p, df)`, for any df > 0 (not only integers).
 *
 * With X = df / (df + T²) ~ Beta(df/2, ½), P(T ≤ −t) = ½ I_x(df/2, ½); so for p < ½,
 * x is the beta quantile at 2p and t = −√(df · (1 − x) / x), with 1 − x taken from the
 * beta inversion at full precision (it is tiny when df is large).
 * Above df = 10⁶ the Cornish–Fisher expansion around the normal quantile z is exact to double
 * precision (Abramowitz & Stegun 26.7.5): t = z + g1/df + g2/df² + g3/df³.
 * df = Infinity gives the normal quantile.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability out of [0, 1]: ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const tail = upper ? 1 - p : p; // exact for p ≥ ½
  let magnitude: number;
  if (df > 1e6) {
    magnitude = -cornishFisher(normalQuantile(tail), df);
  } else if (df === 1) {
    magnitude = 1 / Math.tan(Math.PI * tail); // Cauchy
  } else if (df === 2) {
    magnitude = (1 - 2 * tail) / Math.sqrt(2 * tail * (1 - tail));
  } else {
    const point = inverseIncompleteBetaPoint(2 * tail, df / 2, 0.5);
    magnitude = Math.sqrt((df * point.y) / point.x);
  }
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
