import type { Kysely } from "kysely";
import { z } from "zod";
import { type SatisfactionScale, type ScalePoints, scalePoints } from "../../analysis/index.ts";
import { hasResponses } from "../campaigns/index.ts";
import type { Campaign, Database } from "../db/database.ts";
import { conflict, notFound, unprocessable } from "../http/errors.ts";
import { withScale } from "../questionnaires/index.ts";
import { roundMessage } from "./messages.ts";
import { campaignVersions, lockCampaign, saveDefinition, saveScale } from "./scale-repository.ts";

/**
 * A scale as the API takes it: `{ points: 3 | 4 | 5, dontKnow }`. The shape is the schema's
 * (400 when it is not this object); the number of points is checked by `checkedScale`, so a
 * wrong one is a precise 422 naming the field.
 */
export const scaleSchema = z.strictObject({
  points: z.number().int(),
  dontKnow: z.boolean(),
});

/** The scale asked for, or 422 `invalid_scale` (`details.field` = `field`.points). */
export function checkedScale(
  input: z.infer<typeof scaleSchema>,
  field = "scale",
): SatisfactionScale {
  const points = input.points as ScalePoints;
  if (!scalePoints.includes(points)) {
    throw unprocessable("invalid_scale", roundMessage("invalidScale", { points: input.points }), {
      field: `${field}.points`,
      allowed: scalePoints,
    });
  }
  return { points, dontKnow: input.dontKnow };
}

/**
 * Puts a draft on another scale: every questionnaire version's satisfaction items offer the
 * new options (docs/satisfaction.md, Answer scales), in one transaction with the campaign's
 * setting. 409 `scale_locked` once a response has arrived, and for a campaign no longer a
 * draft: its links are public, and a page already opened would still offer the old options.
 */
export async function changeScale(
  db: Kysely<Database>,
  campaignId: number,
  scale: SatisfactionScale,
): Promise<Campaign> {
  return db.transaction().execute(async (trx) => {
    const campaign = await lockCampaign(trx, campaignId);
    if (!campaign) throw notFound();
    if (await hasResponses(trx, campaignId)) {
      throw conflict("scale_locked", roundMessage("scaleLockedResponses"));
    }
    if (campaign.status !== "draft") {
      throw conflict("scale_locked", roundMessage("scaleLockedPublished"));
    }
    for (const version of await campaignVersions(trx, campaignId)) {
      const items = version.itemRoles.satisfaction ?? [];
      if (items.length === 0) continue;
      await saveDefinition(trx, version.id, withScale(version.definition, items, scale));
    }
    return saveScale(trx, campaignId, scale);
  });
}
