import type { Context } from "hono";
import type { Kysely } from "kysely";
import type { Campaign, Database } from "../db/database.ts";
import { notFound } from "../http/errors.ts";
import { type StaffEnv, requireCampaignAccess } from "../staff/index.ts";
import { findCampaign } from "./repository.ts";

/**
 * The campaign a staff route's path names (`:id` unless told otherwise), once the
 * account may see it: 404 for a malformed or unknown id, 403 for another campaign's.
 */
export function campaignLoader(db: Kysely<Database>) {
  return async (c: Context<StaffEnv>, param = "id"): Promise<Campaign> => {
    const id = Number(c.req.param(param));
    const campaign = Number.isSafeInteger(id) && id > 0 ? await findCampaign(db, id) : undefined;
    if (!campaign) throw notFound();
    requireCampaignAccess(c, campaign);
    return campaign;
  };
}
