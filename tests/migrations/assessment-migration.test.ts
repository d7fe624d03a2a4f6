import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../api/db/create-db.ts";
import { createMigrator } from "../../api/db/migrate.ts";
import { seedCampaign } from "../helpers/seed.ts";
import { availableDbKinds, createTestDb } from "../helpers/test-db.ts";

const assessmentTables = [
  "assessment_settings",
  "budget_year",
  "evidence_file",
  "government_score",
  "school_indicator",
  "veto_entry",
];

/** Tables of migrations after 0007, which go down with it. */
const laterTables = ["call_attempt", "district", "interviewer", "paper_entry", "setup_token"];

async function tables(handle: DbHandle): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name`.execute(handle.db);
  return rows.map((r) => r.name);
}

describe.each(availableDbKinds())("migration 0007_assessment on %s", (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it("goes down and up again, adding exactly its six tables", async () => {
    const before = await tables(handle);
    for (const t of assessmentTables) expect(before).toContain(t);
    // Down to the migration before it (later ones go down first).
    const down = await createMigrator(handle.db).migrateTo("0006_integrity");
    expect(down.error).toBeUndefined();
    expect(down.results?.at(-1)?.migrationName).toBe("0007_assessment");
    expect(down.results?.every((r) => r.status === "Success")).toBe(true);
    expect(await tables(handle)).toEqual(
      before.filter((t) => !assessmentTables.includes(t) && !laterTables.includes(t)),
    );
    const up = await createMigrator(handle.db).migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await tables(handle)).toEqual(before);
  });

  it("refuses evidence of another type or a wrong size, and bad statuses, in the database itself", async () => {
    const { campaignId } = await seedCampaign(handle.db, { schools: 1 });
    await handle.db
      .insertInto("veto_entry")
      .values({ campaign_id: campaignId, item_id: "safety", status: "met", updated_by: "t" })
      .execute();
    const file = (mediaType: string, content: Uint8Array, size = content.byteLength) =>
      handle.db
        .insertInto("evidence_file")
        .values({
          campaign_id: campaignId,
          item_id: "safety",
          file_name: "a",
          media_type: mediaType,
          size,
          content,
          uploaded_by: "t",
        })
        .execute();
    await expect(file("application/pdf", new Uint8Array([1, 2, 3]))).resolves.toBeDefined();
    await expect(file("text/html", new Uint8Array([1]))).rejects.toThrow();
    await expect(file("application/pdf", new Uint8Array([1, 2]), 3)).rejects.toThrow();
    await expect(file("application/pdf", new Uint8Array(5 * 1024 * 1024 + 1))).rejects.toThrow();
    await expect(
      handle.db
        .insertInto("veto_entry")
        .values({
          campaign_id: campaignId,
          item_id: "x",
          status: "maybe" as "met",
          updated_by: "t",
        })
        .execute(),
    ).rejects.toThrow();
  });
});
