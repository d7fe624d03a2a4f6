import { betaPowerFactor, incompleteBetaTails } from "./incomplete-beta.ts";

/**
 * The inverse of the regularised incomplete beta function: the x with I_x(a, b) = p,
 * R's `qbeta(p, a, b)`. Used for Korn–Graubard and Clopper–Pearson limits and, through
 * the t–beta relation, for Student t quantiles.
 *
 * Method: the starting value of Numerical Recipes §6.14 (`invbetai`), then Halley steps on
 * I_x(a, b) − p kept inside a bracket (bisection when a step leaves it). The iteration runs
 * in whichever of x and y = 1 − x is small, so both are returned to full relative precision
 * (a Beta(10⁶, 3) quantile sits at 1 − 3·10⁻⁶, whose distance from 1 is the useful number).
 */
export interface BetaPoint {
  readonly x: number;
  /** 1 − x, to full relative precision */
  readonly y: number;
}

const maxIterations = 500;

/** R's qbeta(p, a, b). */
export function inverseIncompleteBeta(p: number, a: number, b: number): number {
  return inverseIncompleteBetaPoint(p, a, b).x;
}

/** The quantile of Beta(a, b) at lower-tail probability p, as the pair (x, 1 − x). */
export function inverseIncompleteBetaPoint(p: number, a: number, b: number): BetaPoint {
  if (!(a > 0 && b > 0)) throw new RangeError(`beta shapes must be positive, got ${a}, ${b}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability out of [0, 1]: ${p}`);
  if (p === 0) return { x: 0, y: 1 };
  if (p === 1) return { x: 1, y: 0 };
  if (p > 0.5) {
    // I_x(a, b) = p  ⇔  I_y(b, a) = 1 − p, and 1 − p is exact for p ≥ ½.
    const mirrored = solveLowerHalf(1 - p, b, a);
    return { x: mirrored.y, y: mirrored.x };
  }
  return solveLowerHalf(p, a, b);
}

function solveLowerHalf(p: number, a: number, b: number): BetaPoint {
  const guess = startingValue(p, a, b);
  // Iterate on t = x (useY false) or t = y; h(t) increases with t in both cases.
  const useY = guess > 0.5;
  let t = useY ? 1 - guess : guess;
  if (!(t > 0 && t < 1)) t = 0.5;
  let lo = 0;
  let hi = 1;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const x = useY ? 1 - t : t;
    const y = useY ? t : 1 - t;
    const tails = incompleteBetaTails(x, y, a, b);
    const h = useY ? p - tails.lower : tails.lower - p;
    if (h === 0) return { x, y };
    if (h < 0) lo = t;
    else hi = t;
    const density = betaPowerFactor(x, y, a, b) / (x * y);
    const newton = h / density;
    const curvature = ((a - 1) / x - (b - 1) / y) * (useY ? -1 : 1);
    const halley = 0.5 * newton * curvature;
    const step = Math.abs(halley) < 0.5 ? newton / (1 - halley) : newton;
    let next = t - step;
    if (!(next > lo && next < hi)) {
      if (lo === 0) next = hi / 16;
      else next = hi > 4 * lo ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    }
    const moved = Math.abs(next - t);
    t = next;
    if (moved <= 1e-14 * t || hi - lo <= 4e-16 * t) break;
  }
  return useY ? { x: 1 - t, y: t } : { x: t, y: 1 - t };
}

/** Numerical Recipes' starting value for the beta quantile (NR3 §6.14, `invbetai`). */
function startingValue(p: number, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const t = Math.sqrt(-2 * Math.log(p));
    const z = t - (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481));
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w =
      (z * Math.sqrt(al + h)) / h -
      (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const lna = Math.log(a / (a + b));
  const lnb = Math.log(b / (a + b));
  const t = Math.exp(a * lna) / a;
  const u = Math.exp(b * lnb) / b;
  const w = t + u;
  if (p < t / w) return Math.pow(a * w * p, 1 / a);
  return 1 - Math.pow(b * w * (1 - p), 1 / b);
}
