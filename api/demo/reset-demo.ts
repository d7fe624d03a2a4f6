import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";
import { deleteStaffUserByUsername } from "../staff/index.ts";
import { demoAdminUsername } from "./demo-admin.ts";
import { type DemoResult, seedDemo } from "./seed-demo.ts";

/**
 * Removes every demo campaign and seeds a fresh one. Responses are
 * append-only, so the purge opts in explicitly, inside one transaction:
 * a failure leaves the old demo exactly as it was. The demo admin goes too
 * and comes back with a new password (its audit rows stay: they are append-only).
 */
export async function resetDemo(db: Kysely<Database>): Promise<DemoResult> {
  await db.transaction().execute(async (trx) => {
    await sql`set local junheng.allow_purge = 'on'`.execute(trx);
    const demo = trx.selectFrom("campaign").select("id").where("is_demo", "=", true);
    await trx.deleteFrom("response").where("campaign_id", "in", demo).execute();
    await trx.deleteFrom("visit").where("campaign_id", "in", demo).execute();
    // Triggers already took the purged rows off the dashboard's tallies; clear
    // what is left of them (zero cells) before their campaign goes.
    for (const tally of [
      "response_tally",
      "response_hourly",
      "response_hourly_campaign",
      "visit_tally",
      "visit_page_tally",
    ] as const) {
      await trx.deleteFrom(tally).where("campaign_id", "in", demo).execute();
    }
    await trx.deleteFrom("channel").where("campaign_id", "in", demo).execute();
    await trx.deleteFrom("campaign").where("is_demo", "=", true).execute();
    await deleteStaffUserByUsername(trx, demoAdminUsername);
  });
  return seedDemo(db);
}
