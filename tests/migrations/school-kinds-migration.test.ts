import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../api/db/create-db.ts";
import { createMigrator } from "../../api/db/migrate.ts";
import { seedCampaign } from "../helpers/seed.ts";
import { availableDbKinds, createTestDb } from "../helpers/test-db.ts";

async function columns(handle: DbHandle, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}
    order by column_name`.execute(handle.db);
  return rows.map((r) => r.name);
}

describe.each(availableDbKinds())("migration 0013_school_kinds on %s", (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it("makes existing schools public, county-run and regular, moving a figures row's kind onto its school", async () => {
    const { campaignId, setup } = await seedCampaign(handle.db, { schools: 3 });
    const down = await createMigrator(handle.db).migrateTo("0012_campaign_scale");
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain("0013_school_kinds");
    expect(await columns(handle, "school")).not.toContain("ownership");
    expect(await columns(handle, "veto_entry")).not.toContain("figures");

    const [a, b] = setup.schools;
    // Figures sheets of two years: the newer one's kind wins.
    for (const [schoolId, year, rowKind] of [
      [a?.id, "2024-2025", "special_education"],
      [a?.id, "2025-2026", "teaching_point"],
      [b?.id, "2025-2026", "regular"],
    ] as const) {
      await sql`
        insert into school_indicator (campaign_id, school_id, school_year, level, kind, updated_by)
        values (${campaignId}, ${schoolId}, ${year}, 'primary', ${rowKind}, 't')`.execute(
        handle.db,
      );
    }
    await sql`
      insert into veto_entry (campaign_id, item_id, status, updated_by)
      values (${campaignId}, 'safety', 'met', 't')`.execute(handle.db);

    const up = await createMigrator(handle.db).migrateToLatest();
    expect(up.error).toBeUndefined();
    const schools = await handle.db
      .selectFrom("school")
      .select(["id", "ownership", "operator", "kind"])
      .where("campaign_id", "=", campaignId)
      .orderBy("id")
      .execute();
    expect(schools.map((s) => [s.ownership, s.operator, s.kind])).toEqual([
      ["public", "county", "teaching_point"],
      ["public", "county", "regular"],
      ["public", "county", "regular"],
    ]);
    const entry = await handle.db
      .selectFrom("veto_entry")
      .select("figures")
      .where("campaign_id", "=", campaignId)
      .executeTakeFirstOrThrow();
    expect(entry.figures).toEqual({});
  });

  it("refuses kinds it does not know, in the database itself", async () => {
    const { setup } = await seedCampaign(handle.db, { schools: 1 });
    const id = setup.schools[0]?.id ?? 0;
    for (const change of [{ ownership: "mixed" }, { operator: "town" }, { kind: "kindergarten" }]) {
      await expect(
        handle.db
          .updateTable("school")
          .set(change as never)
          .where("id", "=", id)
          .execute(),
      ).rejects.toThrow(/check/i);
    }
  });
});
