import type { CampaignStatus } from "../db/database.ts";

/** A campaign takes answers only while open and inside its dates. */
export function isCampaignOpen(
  campaign: { status: CampaignStatus; opensAt: Date; closesAt: Date },
  now: Date,
): boolean {
  return (
    campaign.status === "open" &&
    now.getTime() >= campaign.opensAt.getTime() &&
    now.getTime() < campaign.closesAt.getTime()
  );
}
