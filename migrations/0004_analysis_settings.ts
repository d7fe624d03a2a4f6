import { type Kysely, sql } from "kysely";

/**
 * Per-campaign analysis settings (the issue's §1–4: definition, items, weights, threshold,
 * awareness answers), as the JSON the API and `npm run analyze` validate with one schema
 * (api/services/analysis-settings.ts). No row means the defaults. The JSON is checked by the
 * application, not here: its schema grows with the analysis, and a CHECK constraint could
 * not be changed without a new migration each time.
 *
 * The index serves the raw export, which pages through a campaign's responses in the order
 * they arrived by keyset (received_at, id), so a million rows never sit in memory at once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("analysis_settings")
    .addColumn("campaign_id", "integer", (c) =>
      c.primaryKey().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("settings", "jsonb", (c) =>
      c.notNull().check(sql`jsonb_typeof(settings) = 'object'`),
    )
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // No foreign key: the settings outlive the account; the audit log says who it was.
    .addColumn("updated_by", "integer")
    .execute();

  await db.schema
    .createIndex("response_campaign_export_idx")
    .on("response")
    .columns(["campaign_id", "received_at", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("response_campaign_export_idx").execute();
  await db.schema.dropTable("analysis_settings").execute();
}
