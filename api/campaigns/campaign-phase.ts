import type { CampaignStatus } from "../db/database.ts";

/**
 * Where a campaign stands today: what the bureau decided (its stored status) read against
 * its dates. A published campaign before its opening is `scheduled`; one past its closing
 * is `closed` even if nobody closed it.
 */
export type CampaignPhase = "draft" | "scheduled" | "open" | "closed" | "archived";

export function campaignPhase(
  campaign: { status: CampaignStatus; opens_at: Date; closes_at: Date },
  now: Date,
): CampaignPhase {
  if (campaign.status !== "open") return campaign.status;
  if (now.getTime() < campaign.opens_at.getTime()) return "scheduled";
  if (now.getTime() >= campaign.closes_at.getTime()) return "closed";
  return "open";
}
