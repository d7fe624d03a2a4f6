import type { Kysely } from "kysely";
import type { SatisfactionScale } from "../../analysis/index.ts";
import type { Database } from "../db/database.ts";

/** A campaign's stored analysis settings (migration 0004). */
export interface StoredAnalysisSettings {
  /** The JSON as stored: only the keys the bureau chose (checked on the way in). */
  settings: Record<string, unknown>;
  updatedAt: Date;
  updatedBy: number | null;
}

/** The settings, or undefined when the campaign runs on the defaults. */
export async function findAnalysisSettings(
  db: Kysely<Database>,
  campaignId: number,
): Promise<StoredAnalysisSettings | undefined> {
  return db
    .selectFrom("analysis_settings")
    .select(["settings", "updated_at as updatedAt", "updated_by as updatedBy"])
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
}

/** Stores (replaces) the settings in one statement. */
export async function saveAnalysisSettings(
  db: Kysely<Database>,
  campaignId: number,
  settings: Record<string, unknown>,
  updatedBy: number | null,
): Promise<StoredAnalysisSettings> {
  const row = {
    campaign_id: campaignId,
    settings: JSON.stringify(settings),
    updated_at: new Date(),
    updated_by: updatedBy,
  };
  return db
    .insertInto("analysis_settings")
    .values(row)
    .onConflict((oc) =>
      oc.column("campaign_id").doUpdateSet({
        settings: row.settings,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .returning(["settings", "updated_at as updatedAt", "updated_by as updatedBy"])
    .executeTakeFirstOrThrow();
}

/** The campaign's satisfaction scale (migration 0012); null when it has none. */
export async function findCampaignScale(
  db: Kysely<Database>,
  campaignId: number,
): Promise<SatisfactionScale | null> {
  const row = await db
    .selectFrom("campaign")
    .select(["scale_points as points", "scale_dont_know as dontKnow"])
    .where("id", "=", campaignId)
    .executeTakeFirst();
  return row?.points != null && row.dontKnow != null
    ? { points: row.points, dontKnow: row.dontKnow }
    : null;
}
