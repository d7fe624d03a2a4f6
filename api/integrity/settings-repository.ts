import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { type IntegritySettings, effectiveIntegritySettings } from "./integrity-settings.ts";

export interface StoredIntegritySettings {
  settings: IntegritySettings;
  /** Null while the campaign runs on the defaults. */
  updatedAt: Date | null;
  updatedBy: string | null;
}

export async function loadIntegritySettings(
  db: Kysely<Database>,
  campaignId: number,
): Promise<StoredIntegritySettings> {
  const row = await db
    .selectFrom("integrity_settings")
    .select(["settings", "updated_at", "updated_by"])
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
  return {
    settings: effectiveIntegritySettings(row?.settings),
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
  };
}

/** Stores the full, validated settings (defaults filled in), replacing any earlier ones. */
export async function saveIntegritySettings(
  db: Kysely<Database>,
  campaignId: number,
  settings: IntegritySettings,
  updatedBy: string,
): Promise<void> {
  const values = {
    settings: JSON.stringify(settings),
    updated_by: updatedBy,
    updated_at: new Date(),
  };
  await db
    .insertInto("integrity_settings")
    .values({ campaign_id: campaignId, ...values })
    .onConflict((oc) => oc.column("campaign_id").doUpdateSet(values))
    .execute();
}
