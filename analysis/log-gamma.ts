/**
 * ln Γ and its Stirling remainder, the building blocks of the incomplete beta function.
 *
 *   ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + δ(x)          (x ≥ 8, Stirling)
 *   δ(x)    = Σ_k B_2k / (2k (2k − 1) x^(2k−1))          (1/12x − 1/360x³ + …)
 *
 * Below 8 the recurrence Γ(x) = Γ(x + k) / (x (x + 1) … (x + k − 1)) lifts x into the Stirling
 * range. Absolute error of ln Γ is a few 1e-15, which is what the beta prefactor needs: it
 * works with logarithms and only ever exponentiates sums of moderate size. Source: Abramowitz
 * & Stegun 6.1.40; the same split is used by DiDonato & Morris, ACM TOMS 708 (R's `pbeta`).
 */

const halfLogTwoPi = 0.91893853320467274178; // ½ ln 2π
const stirlingFloor = 8;

// B_2k / (2k (2k − 1)) for k = 1 … 8; the first omitted term is < 1e-16 / x for x ≥ 8.
const stirlingCoefficients = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];

/** δ(x) = ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], for x ≥ 8. */
export function stirlingRemainder(x: number): number {
  const t = 1 / (x * x);
  let sum = 0;
  for (let k = stirlingCoefficients.length - 1; k >= 0; k--) {
    sum = sum * t + stirlingCoefficients[k]!;
  }
  return sum / x;
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x >= stirlingFloor) {
    return (x - 0.5) * Math.log(x) - x + halfLogTwoPi + stirlingRemainder(x);
  }
  let shifted = x;
  let product = 1;
  while (shifted < stirlingFloor) {
    product *= shifted;
    shifted += 1;
  }
  return logGamma(shifted) - Math.log(product);
}

/**
 * ln [Γ(b) / Γ(a + b)] for b ≥ 8 without forming the two large logarithms, which would each
 * carry an absolute error of ε·b ln b (TOMS 708 `algdiv`):
 *   = −a ln b − (a + b − ½) ln(1 + a/b) + a + δ(b) − δ(a + b)
 */
export function logGammaRatio(a: number, b: number): number {
  const c = a - (a + b - 0.5) * Math.log1p(a / b);
  return c - a * Math.log(b) + stirlingRemainder(b) - stirlingRemainder(a + b);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), arranged to keep its absolute error small. */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < stirlingFloor) return logGamma(small) + logGamma(large) - logGamma(small + large);
  if (small < stirlingFloor) return logGamma(small) + logGammaRatio(small, large);
  // Both large: ln B = ½ ln 2π + a ln x0 + b ln y0 − ½ ln(b x0) + δ(a) + δ(b) − δ(a + b),
  // with x0 = a/(a + b), y0 = b/(a + b) (see incomplete-beta.ts for the derivation).
  const s = small + large;
  const correction = stirlingRemainder(small) + stirlingRemainder(large) - stirlingRemainder(s);
  const x0 = small / s;
  return (
    halfLogTwoPi +
    small * Math.log(x0) -
    large * Math.log1p(small / large) -
    0.5 * Math.log(large * x0) +
    correction
  );
}
