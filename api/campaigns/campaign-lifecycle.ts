import type { Campaign, CampaignStatus } from "../db/database.ts";
import { conflict, unprocessable } from "../http/errors.ts";
import { type CampaignPhase, campaignPhase } from "./campaign-phase.ts";
import { campaignMessage } from "./messages.ts";
import names from "./lifecycle-names.json" with { type: "json" };

/** What the bureau can do to a campaign's state. */
export type CampaignAction = "open" | "close" | "reopen" | "archive";
export const campaignActions: readonly CampaignAction[] = ["open", "close", "reopen", "archive"];

/** The phases each action starts from (draft → open → closed → archived, and reopen). */
const from: Record<CampaignAction, readonly CampaignPhase[]> = {
  open: ["draft"],
  close: ["scheduled", "open"],
  reopen: ["closed", "archived"],
  archive: ["closed"],
};

/** The actions a campaign in this phase allows (the staff pages show these buttons). */
export function allowedActions(phase: CampaignPhase): CampaignAction[] {
  return campaignActions.filter((action) => from[action].includes(phase));
}

export interface StatusChange {
  status: CampaignStatus;
  /** Set when the action moves the closing time: closing early, or reopening with a new one. */
  closesAt?: Date;
}

/**
 * The stored change an action makes, or a refusal: 409 `invalid_transition` from a phase
 * the action does not start from; 422 `invalid_date` naming `closesAt` when the campaign
 * would open (or reopen) with its closing time already past.
 */
export function statusChange(
  campaign: Campaign,
  action: CampaignAction,
  now: Date,
  closesAt?: Date,
): StatusChange {
  const phase = campaignPhase(campaign, now);
  if (!from[action].includes(phase)) {
    throw conflict(
      "invalid_transition",
      campaignMessage("invalidTransition", {
        phaseZh: names.phase[phase].zh,
        phaseEn: names.phase[phase].en,
        actionZh: names.action[action].zh,
        actionEn: names.action[action].en,
      }),
    );
  }
  const closing = closesAt ?? campaign.closes_at;
  const needsFutureClose = action === "open" || action === "reopen";
  if (needsFutureClose && closing.getTime() <= now.getTime()) {
    throw unprocessable("invalid_date", campaignMessage("closesAtPast"), { field: "closesAt" });
  }
  if (closing.getTime() <= campaign.opens_at.getTime()) {
    throw unprocessable("invalid_window", campaignMessage("invalidWindow"), { field: "closesAt" });
  }
  switch (action) {
    case "open":
    case "reopen":
      return closesAt ? { status: "open", closesAt } : { status: "open" };
    case "close":
      // Closing an open campaign early ends its window now, so every page and export agrees.
      return phase === "open" ? { status: "closed", closesAt: now } : { status: "closed" };
    case "archive":
      return { status: "archived" };
  }
}
