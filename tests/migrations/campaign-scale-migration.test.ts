import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../api/db/create-db.ts";
import { createMigrator } from "../../api/db/migrate.ts";
import { scaleValues } from "../../analysis/index.ts";
import { itemOptionValues, withScale } from "../../api/questionnaires/satisfaction-scale.ts";
import { seedCampaign } from "../helpers/seed.ts";
import { availableDbKinds, createTestDb } from "../helpers/test-db.ts";

async function columns(handle: DbHandle): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = 'campaign'
    order by column_name`.execute(handle.db);
  return rows.map((r) => r.name);
}

async function scaleOf(handle: DbHandle, campaignId: number) {
  const { rows } = await sql<{ points: number | null; dontKnow: boolean | null }>`
    select scale_points as points, scale_dont_know as "dontKnow" from campaign
    where id = ${campaignId}`.execute(handle.db);
  return rows[0];
}

describe.each(availableDbKinds())("migration 0012_campaign_scale on %s", (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it("gives each older campaign the scale its questionnaires agree on, or none when they differ", async () => {
    // Campaigns as they stood before scales: 2012 ones offered 3 points with 不了解 on every
    // item; 2017 ones the same but 比较满意 for students.
    const basic = await seedCampaign(handle.db, { schools: 1 });
    const quality = await seedCampaign(handle.db, { schools: 1, scheme: "quality_2017" });
    const five = await seedCampaign(handle.db, { schools: 1 });
    const empty = await seedCampaign(handle.db, { schools: 1 });
    const down = await createMigrator(handle.db).migrateTo("0011_answer_modes");
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain("0012_campaign_scale");
    expect(await columns(handle)).not.toContain("scale_points");

    const rescale = async (campaignId: number, key: string, points: 3 | 4 | 5) => {
      const row = await handle.db
        .selectFrom("questionnaire")
        .select(["id", "definition", "item_roles"])
        .where("campaign_id", "=", campaignId)
        .where("key", "=", key)
        .executeTakeFirstOrThrow();
      const definition = withScale(row.definition, row.item_roles.satisfaction ?? [], {
        points,
        dontKnow: true,
      });
      await handle.db
        .updateTable("questionnaire")
        .set({ definition: JSON.stringify(definition) })
        .where("id", "=", row.id)
        .execute();
    };
    for (const key of ["social", "staff"]) await rescale(quality.campaignId, key, 3);
    await rescale(quality.campaignId, "student", 4);
    for (const key of ["social", "staff"]) await rescale(five.campaignId, key, 5);
    await handle.db.deleteFrom("channel").where("campaign_id", "=", empty.campaignId).execute();
    await handle.db
      .deleteFrom("questionnaire")
      .where("campaign_id", "=", empty.campaignId)
      .execute();

    const up = await createMigrator(handle.db).migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await scaleOf(handle, basic.campaignId)).toEqual({ points: 3, dontKnow: true });
    expect(await scaleOf(handle, five.campaignId)).toEqual({ points: 5, dontKnow: true });
    // Students on 4 points, the others on 3: each keeps its own.
    expect(await scaleOf(handle, quality.campaignId)).toEqual({ points: null, dontKnow: null });
    expect(await scaleOf(handle, empty.campaignId)).toEqual({ points: null, dontKnow: null });
    // The stored questionnaires are as they were.
    const student = await handle.db
      .selectFrom("questionnaire")
      .select("definition")
      .where("campaign_id", "=", quality.campaignId)
      .where("key", "=", "student")
      .executeTakeFirstOrThrow();
    expect(itemOptionValues(student.definition, ["sat_overall"]).get("sat_overall")).toEqual(
      scaleValues({ points: 4, dontKnow: true }),
    );
  });

  it("refuses a scale of another size, or half a scale, in the database itself", async () => {
    const { campaignId } = await seedCampaign(handle.db, { schools: 1 });
    const set = (points: number | null, dontKnow: boolean | null) =>
      sql`update campaign set scale_points = ${points}, scale_dont_know = ${dontKnow}
        where id = ${campaignId}`.execute(handle.db);
    await expect(set(6, false)).rejects.toThrow();
    await expect(set(4, null)).rejects.toThrow();
    await expect(set(null, true)).rejects.toThrow();
    await set(5, false);
    expect(await scaleOf(handle, campaignId)).toEqual({ points: 5, dontKnow: false });
    await set(null, null);
    expect(await scaleOf(handle, campaignId)).toEqual({ points: null, dontKnow: null });
  });
});
