import betaincinv from "@stdlib/math-base-special-betaincinv";

/**
 * The inverse of the regularised incomplete beta function: the x with I_x(a, b) = p,
 * R's `qbeta(p, a, b)`. Used for Korn–Graubard and Clopper–Pearson limits.
 *
 * The quantile is stdlib's betaincinv (a port of Boost's `ibeta_inv`: Halley steps from a
 * DiDonato & Morris starting value). This file adds our conventions: shapes and probabilities
 * out of range throw RangeError (stdlib returns NaN), and 1 − x comes to full relative precision
 * (a Beta(10⁶, 3) quantile sits at 1 − 3·10⁻⁶, whose distance from 1 is the useful number):
 * for x > ½ it is the upper-tail quantile of Beta(b, a), since I_x(a, b) = p ⇔
 * 1 − I_(1−x)(b, a) = p, rather than 1 − x with its cancellation.
 */
export interface BetaPoint {
  readonly x: number;
  /** 1 − x, to full relative precision */
  readonly y: number;
}

/** R's qbeta(p, a, b). */
export function inverseIncompleteBeta(p: number, a: number, b: number): number {
  checkArguments(p, a, b);
  return betaincinv(p, a, b);
}

/** The quantile of Beta(a, b) at lower-tail probability p, as the pair (x, 1 − x). */
export function inverseIncompleteBetaPoint(p: number, a: number, b: number): BetaPoint {
  checkArguments(p, a, b);
  if (p === 0) return { x: 0, y: 1 };
  if (p === 1) return { x: 1, y: 0 };
  const x = betaincinv(p, a, b);
  // For x ≤ ½, 1 − x is as accurate as x; above, it is computed on its own.
  return { x, y: x <= 0.5 ? 1 - x : betaincinv(p, b, a, true) };
}

function checkArguments(p: number, a: number, b: number): void {
  if (!(a > 0 && b > 0)) throw new RangeError(`beta shapes must be positive, got ${a}, ${b}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability out of [0, 1]: ${p}`);
}
