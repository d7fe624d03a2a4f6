import type { Kysely } from "kysely";
import type { Database, ItemRoles } from "../db/database.ts";

/** What the analysis reads of a campaign's questionnaires: every version, oldest first. */
export interface AnalysisQuestionnaire {
  id: number;
  key: string;
  version: number;
  definition: Record<string, unknown>;
  itemRoles: ItemRoles;
}

export async function campaignQuestionnaires(
  db: Kysely<Database>,
  campaignId: number,
): Promise<AnalysisQuestionnaire[]> {
  return db
    .selectFrom("questionnaire")
    .select(["id", "key", "version", "definition", "item_roles as itemRoles"])
    .where("campaign_id", "=", campaignId)
    .orderBy("id")
    .execute();
}

/** A channel as reports and exports name it. */
export interface ChannelName {
  id: number;
  label: string;
  schoolName: string | null;
}

export async function campaignChannelNames(
  db: Kysely<Database>,
  campaignId: number,
): Promise<ChannelName[]> {
  return db
    .selectFrom("channel as ch")
    .leftJoin("school as s", "s.id", "ch.school_id")
    .select(["ch.id", "ch.label", "s.name as schoolName"])
    .where("ch.campaign_id", "=", campaignId)
    .orderBy("ch.id")
    .execute();
}
