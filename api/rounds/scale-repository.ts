import type { Kysely } from "kysely";
import type { SatisfactionScale } from "../../analysis/index.ts";
import type { Campaign, Database, ItemRoles } from "../db/database.ts";

/** The SQL of changing a campaign's satisfaction scale (campaign-scale.ts). */

/** The campaign's row, locked until the transaction ends: one scale change at a time. */
export async function lockCampaign(
  db: Kysely<Database>,
  campaignId: number,
): Promise<Campaign | undefined> {
  return db
    .selectFrom("campaign")
    .selectAll()
    .where("id", "=", campaignId)
    .forUpdate()
    .executeTakeFirst();
}

export interface StoredVersion {
  id: number;
  definition: Record<string, unknown>;
  itemRoles: ItemRoles;
}

/** Every questionnaire version of the campaign, oldest first. */
export async function campaignVersions(
  db: Kysely<Database>,
  campaignId: number,
): Promise<StoredVersion[]> {
  return db
    .selectFrom("questionnaire")
    .select(["id", "definition", "item_roles as itemRoles"])
    .where("campaign_id", "=", campaignId)
    .orderBy("id")
    .execute();
}

export async function saveDefinition(
  db: Kysely<Database>,
  questionnaireId: number,
  definition: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable("questionnaire")
    .set({ definition: JSON.stringify(definition) })
    .where("id", "=", questionnaireId)
    .execute();
}

export async function saveScale(
  db: Kysely<Database>,
  campaignId: number,
  scale: SatisfactionScale,
): Promise<Campaign> {
  return db
    .updateTable("campaign")
    .set({ scale_points: scale.points, scale_dont_know: scale.dontKnow })
    .where("id", "=", campaignId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
