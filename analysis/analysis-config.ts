/**
 * How a campaign turns answers into the satisfaction figure (docs/satisfaction.md, Satisfaction
 * definitions: "the satisfaction arithmetic is not published", so every choice here is data, never
 * a constant).
 *
 * Definitions, each giving one value y_i per respondent:
 * - `overall_item`: 1 if the overall item's answer is favourable, else 0 (share, R1);
 * - `respondent_share`: the share of the respondent's answered items that are favourable (R1);
 * - `respondent_satisfied`: 1 if at least `satisfiedShare` of answered items are favourable (R2);
 * - `score`: the mean option score over answered items, 0–100 (S1).
 * Options in `excluded` (不了解 `unknown`) and blanks leave the item out; a respondent with
 * nothing left has no value and stays in the design as outside the estimate (a domain).
 */
export type SatisfactionDefinition =
  "overall_item" | "respondent_share" | "respondent_satisfied" | "score";

export interface AnalysisConfig {
  readonly definition: SatisfactionDefinition;
  /** Satisfaction items to read; null reads every item handed in (the questionnaire's `itemRoles.satisfaction`). */
  readonly items: readonly string[] | null;
  /** The overall item (`itemRoles.overall`). */
  readonly overallItem: string;
  readonly favourable: readonly string[];
  /** Options that leave the item out, like a blank. */
  readonly excluded: readonly string[];
  /** Option scores for the `score` definition, 0–100. */
  readonly scores: Readonly<Record<string, number>>;
  /** `respondent_satisfied`: satisfied when favourable / answered ≥ this share. */
  readonly satisfiedShare: number;
  /** Relative weights of respondent groups (normalised over the groups present), or null for none. */
  readonly groupWeights: Readonly<Record<string, number>> | null;
  /** Post-stratify each group to known school shares (parents: enrolment shares). */
  readonly poststratify: boolean;
  /** The pass line on the proportion scale (85 %); the `score` definition compares with 100 × this. */
  readonly threshold: number;
  readonly awarenessItem: string;
  /** Answers that count as aware: know + heard, or know alone. */
  readonly aware: readonly string[];
  /**
   * The source-of-information item (multiple choice: an array of option values), for the
   * awareness breakdown by source; null when the questionnaire has none.
   */
  readonly awarenessSourceItem: string | null;
}

export const defaultAnalysisConfig: AnalysisConfig = Object.freeze({
  definition: "overall_item",
  items: null,
  overallItem: "sat_overall",
  favourable: Object.freeze(["satisfied", "fairly_satisfied", "basically_satisfied"]),
  excluded: Object.freeze(["unknown"]),
  scores: Object.freeze({
    satisfied: 100,
    fairly_satisfied: 80,
    basically_satisfied: 60,
    dissatisfied: 0,
    // Five-point scales: below 不满意, also 0 (docs/satisfaction.md, Answer scales).
    very_dissatisfied: 0,
  }),
  satisfiedShare: 0.5,
  groupWeights: null,
  poststratify: true,
  threshold: 0.85,
  awarenessItem: "aware_campaign",
  aware: Object.freeze(["know", "heard"]),
  awarenessSourceItem: "aware_source",
});

/** The defaults with a campaign's choices on top, checked once. */
export function analysisConfig(overrides: Partial<AnalysisConfig> = {}): AnalysisConfig {
  const config: AnalysisConfig = { ...defaultAnalysisConfig, ...overrides };
  if (!(config.threshold > 0 && config.threshold < 1)) {
    throw new RangeError(`threshold must lie strictly between 0 and 1, got ${config.threshold}`);
  }
  if (!(config.satisfiedShare > 0 && config.satisfiedShare <= 1)) {
    throw new RangeError(`satisfiedShare must lie in (0, 1], got ${config.satisfiedShare}`);
  }
  for (const [option, score] of Object.entries(config.scores)) {
    if (!(score >= 0 && score <= 100)) {
      throw new RangeError(`score of "${option}" must lie in 0–100, got ${score}`);
    }
  }
  if (config.groupWeights !== null) {
    for (const [group, weight] of Object.entries(config.groupWeights)) {
      if (!(weight > 0 && Number.isFinite(weight))) {
        throw new RangeError(`group weight of "${group}" must be positive, got ${weight}`);
      }
    }
  }
  if (config.aware.length === 0) throw new RangeError("aware needs at least one answer");
  return Object.freeze(config);
}

/** Scores are means on 0–100; the other definitions are proportions. */
export function definitionScale(definition: SatisfactionDefinition): "proportion" | "score" {
  return definition === "score" ? "score" : "proportion";
}
