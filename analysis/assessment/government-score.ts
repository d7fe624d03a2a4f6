import type { Scheme } from "./scheme.ts";
import type { CriterionStatus } from "./status.ts";

/**
 * The county government's work score (政府推进工作; docs/assessment.md, Government work score):
 * staff enter points per indicator (2012: 17 indicators in 4 aspects, 100 points); pass when the
 * total ≥ 85. Until every indicator has a score the status is unknown (entries may be
 * provisional), though `total` and `maxPossible` show how far it can still go.
 */
export type GovernmentScores = Readonly<Record<string, number | null | undefined>>;

export interface GovernmentScoreError {
  readonly indicatorId: string;
  readonly code: "unknown_indicator" | "not_a_number" | "out_of_range";
  /** The indicator's maximum, for out_of_range. */
  readonly maxPoints?: number;
}

export interface GovernmentScore {
  readonly total: number;
  /** total + the maximum points of the indicators still empty. */
  readonly maxPossible: number;
  readonly passMark: number;
  readonly missing: readonly string[];
  readonly status: CriterionStatus;
  /** total − passMark once complete; null while incomplete. */
  readonly margin: number | null;
}

type Config = NonNullable<Scheme["governmentScore"]>;

/** Problems with entered scores: each must be a finite number within 0 … its indicator's maximum. */
export function governmentScoreErrors(
  config: Config,
  scores: GovernmentScores,
): readonly GovernmentScoreError[] {
  const errors: GovernmentScoreError[] = [];
  for (const [indicatorId, score] of Object.entries(scores)) {
    const indicator = config.indicators[indicatorId];
    if (indicator === undefined) errors.push({ indicatorId, code: "unknown_indicator" });
    else if (score == null) continue;
    else if (!Number.isFinite(score)) errors.push({ indicatorId, code: "not_a_number" });
    else if (score < 0 || score > indicator.maxPoints) {
      errors.push({ indicatorId, code: "out_of_range", maxPoints: indicator.maxPoints });
    }
  }
  return errors;
}

/** Sums entered scores. Throws a RangeError when `governmentScoreErrors` finds any. */
export function governmentScore(config: Config, scores: GovernmentScores): GovernmentScore {
  const errors = governmentScoreErrors(config, scores);
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.indicatorId}: ${e.code}`).join(", ");
    throw new RangeError(`invalid government scores (${detail})`);
  }
  let total = 0;
  let open = 0;
  const missing: string[] = [];
  for (const [indicatorId, indicator] of Object.entries(config.indicators)) {
    const score = scores[indicatorId];
    if (score == null) {
      missing.push(indicatorId);
      open += indicator.maxPoints;
    } else total += score;
  }
  const complete = missing.length === 0;
  return {
    total,
    maxPossible: total + open,
    passMark: config.passMark,
    missing,
    // Scores with decimals (2.5 points) may sum to 84.99999999999999 for 85.
    status: complete ? (total >= config.passMark - 1e-9 ? "pass" : "fail") : "unknown",
    margin: complete ? total - config.passMark : null,
  };
}
