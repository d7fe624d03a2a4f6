import { type Kysely, sql } from "kysely";
import type { Database, ItemRoles, RespondentGroup } from "../db/database.ts";

/** One stored version of a campaign's questionnaire. */
export interface StoredVersion {
  id: number;
  key: string;
  version: number;
  title: string;
  definition: Record<string, unknown>;
  respondentGroups: RespondentGroup[];
  itemRoles: ItemRoles;
  createdAt: Date;
}

const versionColumns = [
  "id",
  "key",
  "version",
  "title",
  "definition",
  "respondent_groups as respondentGroups",
  "item_roles as itemRoles",
  "created_at as createdAt",
] as const;

/** Every version of every questionnaire of the campaign, by key, oldest first. */
export async function campaignVersions(
  db: Kysely<Database>,
  campaignId: number,
): Promise<StoredVersion[]> {
  return db
    .selectFrom("questionnaire")
    .select(versionColumns)
    .where("campaign_id", "=", campaignId)
    .orderBy("key")
    .orderBy("version")
    .execute();
}

/** The latest version of one questionnaire (the one new respondents get), or undefined. */
export async function latestVersion(
  db: Kysely<Database>,
  campaignId: number,
  key: string,
): Promise<StoredVersion | undefined> {
  return db
    .selectFrom("questionnaire")
    .select(versionColumns)
    .where("campaign_id", "=", campaignId)
    .where("key", "=", key)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Holds the campaign's row until the transaction ends, so two saves of its questionnaires
 * run one after the other and the second reads the first's version.
 */
export async function lockCampaign(db: Kysely<Database>, campaignId: number): Promise<void> {
  await db.selectFrom("campaign").select("id").where("id", "=", campaignId).forUpdate().execute();
}

/** Responses stored per questionnaire version id. */
export async function responsesPerVersion(
  db: Kysely<Database>,
  campaignId: number,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("response")
    .select(["questionnaire_id as id", sql<string>`count(*)`.as("n")])
    .where("campaign_id", "=", campaignId)
    .groupBy("questionnaire_id")
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** Links per questionnaire version id. */
export async function linksPerVersion(
  db: Kysely<Database>,
  campaignId: number,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("channel")
    .select(["questionnaire_id as id", sql<string>`count(*)`.as("n")])
    .where("campaign_id", "=", campaignId)
    .groupBy("questionnaire_id")
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/**
 * Points every link of the questionnaire `key` (whatever version it served) at version `id`,
 * so new respondents get it; responses keep the version they answered. A paper link whose
 * sheets are out (handed out, typed in, or answered) stays: those sheets print its version, and
 * typing one in checks it against that version. Returns how many moved.
 */
export async function moveLinks(
  db: Kysely<Database>,
  campaignId: number,
  key: string,
  id: number,
): Promise<number> {
  const result = await db
    .updateTable("channel")
    .set({ questionnaire_id: id })
    .where("campaign_id", "=", campaignId)
    .where("questionnaire_id", "in", (q) =>
      q
        .selectFrom("questionnaire")
        .select("id")
        .where("campaign_id", "=", campaignId)
        .where("key", "=", key)
        .where("id", "<>", id),
    )
    .where((eb) =>
      eb.or([
        eb("mode", "<>", "paper"),
        eb.and([
          eb.or([eb("distributed_count", "is", null), eb("distributed_count", "=", 0)]),
          eb.not(
            eb.exists(
              eb
                .selectFrom("paper_entry as pe")
                .select("pe.id")
                .whereRef("pe.channel_id", "=", "channel.id"),
            ),
          ),
          eb.not(
            eb.exists(
              eb
                .selectFrom("response as r")
                .select("r.id")
                .whereRef("r.channel_id", "=", "channel.id"),
            ),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The campaign's stored analysis settings (only the keys chosen), or undefined. */
export async function storedAnalysisSettings(
  db: Kysely<Database>,
  campaignId: number,
): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom("analysis_settings")
    .select("settings")
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
  return row?.settings;
}
