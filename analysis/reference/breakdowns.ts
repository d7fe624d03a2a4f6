import { type SurveyDesign, domainEstimates, stratifiedEstimate } from "../domain-estimates.ts";
import { type Figure, type Measure, type Scale, estimateFigure } from "../estimate-figure.ts";

/**
 * Breakdowns (docs/weighting.md, Breakdowns): the same figure for each value of a grouping key —
 * respondent group, school, town, area type (城区/镇区/乡村), day — as domain estimates of the full
 * design, R's svymean / svyciprop on subset(design, key == k): respondents outside the domain stay
 * in the design with nothing to contribute, and each domain's df is that of its subset (rows −
 * strata present). Each row carries n, its intervals and `smallSample` under n = 30, weighted and
 * unweighted side by side. One call costs two passes over the respondents per weighting. Reference
 * for the tests only: analysis-report.ts computes the same rows from cells.
 */
export interface BreakdownKey {
  /** Index into `labels` per respondent, −1 for none (e.g. no school). */
  readonly codes: ArrayLike<number>;
  readonly labels: readonly string[];
}

export interface BreakdownRow {
  readonly key: string;
  readonly weighted: Figure;
  readonly unweighted: Figure;
}

export function breakdown(
  design: SurveyDesign,
  values: ArrayLike<number>,
  by: BreakdownKey,
  measure: Measure,
  scale: Scale,
): BreakdownRow[] {
  const domains = { key: by.codes, count: by.labels.length };
  const weighted = domainEstimates(design, values, domains);
  const unweighted = domainEstimates({ ...design, weight: null }, values, domains);
  return by.labels.map((key, k) => ({
    key,
    weighted: estimateFigure(weighted[k]!, measure, scale),
    unweighted: estimateFigure(unweighted[k]!, measure, scale),
  }));
}

/**
 * The by-item breakdown: each item's own values (favourable 1/0, or its score; NaN for blank
 * or excluded — see respondent-value.ts `itemValues`) over the whole design.
 */
export function itemBreakdown(
  design: SurveyDesign,
  items: Readonly<Record<string, ArrayLike<number>>>,
  scale: Scale,
): BreakdownRow[] {
  const measure: Measure = scale === "score" ? "item_score" : "item_favourable";
  return Object.entries(items).map(([key, values]) => ({
    key,
    weighted: estimateFigure(stratifiedEstimate(design, values), measure, scale),
    unweighted: estimateFigure(
      stratifiedEstimate({ ...design, weight: null }, values),
      measure,
      scale,
    ),
  }));
}
