import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { deleteStaffUserByUsername } from "../staff/index.ts";
import { demoAdminUsername } from "./demo-admin.ts";
import { purgeDemoCampaigns } from "./demo-repository.ts";
import { type DemoResult, seedDemo } from "./seed-demo.ts";

/**
 * Removes every demo campaign and seeds a fresh one. Responses are
 * append-only, so the purge opts in explicitly, inside one transaction:
 * a failure leaves the old demo exactly as it was. The demo admin goes too
 * and comes back with a new password (its audit rows stay: they are append-only).
 */
export async function resetDemo(db: Kysely<Database>): Promise<DemoResult> {
  await db.transaction().execute(async (trx) => {
    await purgeDemoCampaigns(trx);
    await deleteStaffUserByUsername(trx, demoAdminUsername);
  });
  return seedDemo(db);
}
