import { type SurveyDesign, stratifiedEstimate } from "../domain-estimates.ts";
import { type Figure, type Measure, type Scale, estimateFigure } from "../estimate-figure.ts";
import { type Verdict, verdict } from "../verdict.ts";
import { type WeightAudit, weightAudit } from "../weight-audit.ts";

/**
 * The headline figure: the weighted estimate over the whole design beside the unweighted one,
 * the weight audit, and — for satisfaction, given the pass line — the verdict on the weighted
 * figure (verdict.ts). Respondents without a value (all items blank or 不了解) stay in the
 * design as outside the estimate, as svymean(…, na.rm = TRUE) on the full design treats them.
 * Awareness uses the same function with measure "awareness" and no threshold.
 * Reference for the tests only: analysis-report.ts computes the same figures from cells.
 */
export interface OverallEstimate {
  readonly definition: Measure;
  readonly weighted: Figure;
  readonly unweighted: Figure;
  /** Over every respondent of the design. */
  readonly weights: WeightAudit;
  /** Null without a threshold or when nobody has a value. */
  readonly verdict: Verdict | null;
}

export function overallEstimate(
  design: SurveyDesign,
  values: ArrayLike<number>,
  measure: Measure,
  scale: Scale,
  threshold: number | null = null,
): OverallEstimate {
  const weighted = stratifiedEstimate(design, values);
  const unweighted = stratifiedEstimate({ ...design, weight: null }, values);
  return {
    definition: measure,
    weighted: estimateFigure(weighted, measure, scale),
    unweighted: estimateFigure(unweighted, measure, scale),
    weights: weightAudit(design.weight ?? new Float64Array(design.stratum.length).fill(1)),
    verdict: threshold === null ? null : verdict(weighted, scale, threshold),
  };
}
