import type { Kysely } from "kysely";
import {
  type Scheme,
  governmentScore,
  governmentScoreErrors,
  threeGrowths,
} from "../../analysis/assessment/index.ts";
import type { Campaign, Database } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { storedCampaignScheme } from "./assessment-scheme.ts";
import { budgetYears, governmentScores } from "./inputs-repository.ts";
import { assessmentMessage } from "./messages.ts";

/**
 * The government work score as stored, per indicator and summed. A stored score the scheme no
 * longer accepts (its overrides changed) is shown as absent rather than counted.
 */
export async function governmentScoreView(db: Kysely<Database>, campaign: Campaign) {
  const scheme = await storedCampaignScheme(db, campaign);
  const config = scheme.governmentScore;
  const scores = await governmentScores(db, campaign.id);
  if (config === null) return { passMark: null, indicators: [], summary: null };
  const bad = new Set(governmentScoreErrors(config, scores).map((e) => e.indicatorId));
  const usable = Object.fromEntries(Object.entries(scores).filter(([id]) => !bad.has(id)));
  return {
    passMark: config.passMark,
    indicators: Object.entries(config.indicators).map(([id, indicator]) => ({
      id,
      ...indicator,
      score: usable[id] ?? null,
    })),
    summary: governmentScore(config, usable),
  };
}

/**
 * Scores about to be saved: 422 `no_government_score` when the scheme has none, 422
 * `invalid_scores` listing every unknown indicator or out-of-range score.
 */
export function checkGovernmentScores(scheme: Scheme, scores: Record<string, number | null>): void {
  if (scheme.governmentScore === null) {
    throw new AppError("no_government_score", assessmentMessage("noGovernmentScore"));
  }
  const errors = governmentScoreErrors(scheme.governmentScore, scores);
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.indicatorId}: ${e.code}`).join(", ");
    throw new AppError("invalid_scores", assessmentMessage("governmentScores", { detail }), errors);
  }
}

/** The yearly budget series and, when there is one, the "three growths" per year. */
export async function budgetView(db: Kysely<Database>, campaign: Campaign) {
  const scheme = await storedCampaignScheme(db, campaign);
  const years = await budgetYears(db, campaign.id);
  return {
    years,
    // A scheme without "three growths" (2017) keeps the figures but judges nothing.
    threeGrowths:
      years.length > 0 && scheme.threeGrowths !== null
        ? threeGrowths(years, scheme.threeGrowths)
        : null,
    schemeHasThreeGrowths: scheme.threeGrowths !== null,
  };
}
