/**
 * What the weights do to the sample, shown beside every weighted figure (docs/weighting.md, Weight
 * audit): smallest and largest weight, their ratio, and Kish's effective sample size
 *
 *   n_eff = (Σ w)² / Σ w²,    design effect of weighting = n / n_eff
 *
 * (Kish, Survey Sampling, 1965, §11.7). Equal weights give n_eff = n.
 * Example (docs/weighting.md, Worked example): three schools with enrolment 1200/600/200 and 40
 * respondents each have b = 1.8/0.9/0.3 and n_eff = 120² / 165.6 = 86.96.
 */
export interface WeightAudit {
  readonly n: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  /** max / min */
  readonly ratio: number;
  readonly kishNEff: number;
  /** n / n_eff */
  readonly designEffect: number;
}

/** The audit over all respondents, or over those with `include[i]` true. */
export function weightAudit(
  weight: ArrayLike<number>,
  include: ArrayLike<boolean | number> | null = null,
): WeightAudit {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < weight.length; i++) {
    if (include !== null && !include[i]) continue;
    const w = weight[i]!;
    n += 1;
    sum += w;
    sumSquares += w * w;
    if (w < min) min = w;
    if (w > max) max = w;
  }
  if (n === 0) return { n: 0, sum: 0, min: 0, max: 0, ratio: 1, kishNEff: 0, designEffect: 1 };
  const kishNEff = (sum * sum) / sumSquares;
  return { n, sum, min, max, ratio: max / min, kishNEff, designEffect: n / kishNEff };
}
