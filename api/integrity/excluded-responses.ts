import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/database.ts";

/**
 * How the analysis leaves excluded responses out (issue 6 §2). The database
 * function `effective_exclusions(campaign_id)` (migration 0006) returns the
 * responses excluded now: every 'exclude' record not reversed, one row per
 * response. Use these fragments inside raw SQL over `response r`:
 *
 *   where r.campaign_id = ${id} and not ${responseExcluded(id)}        -- included only
 *   select ${responseExcluded(id)} as excluded … group by … , excluded  -- both, side by side
 *
 * The subquery is uncorrelated, so PostgreSQL runs it once per statement as a
 * hashed subplan, whatever the number of responses.
 */
export function responseExcluded(
  campaignId: number,
  responseId: RawBuilder<unknown> = sql.ref("r.id"),
): RawBuilder<boolean> {
  return sql<boolean>`(${responseId} in (select response_id from effective_exclusions(${campaignId})))`;
}

/** The same set as ids, for code that already holds responses in memory (tests, small exports). */
export async function excludedResponseIds(
  db: Kysely<Database>,
  campaignId: number,
): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`
    select response_id as id from effective_exclusions(${campaignId})`.execute(db);
  return new Set(rows.map((r) => r.id));
}
