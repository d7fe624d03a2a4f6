/**
 * A confidence interval and the method that produced it. `clopper_pearson_kish` and
 * `bounded_kish` are this product's answers where R's formulas are undefined (p = 0 or 1,
 * zero variance, no degrees of freedom): see estimate-figure.ts.
 */
export type IntervalMethod =
  "logit" | "korn_graubard" | "t" | "clopper_pearson_kish" | "bounded_kish";

export interface Interval {
  readonly lower: number;
  readonly upper: number;
  readonly method: IntervalMethod;
}
