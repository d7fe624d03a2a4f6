import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

/**
 * Deletes every demo campaign with its responses, visits, tallies and links. Responses are
 * append-only; the purge opts in for this transaction only, so call it inside one.
 */
export async function purgeDemoCampaigns(trx: Kysely<Database>): Promise<void> {
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
}
