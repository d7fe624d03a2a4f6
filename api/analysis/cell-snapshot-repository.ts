import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

/** What the cell cache checks a campaign against, read in the caller's snapshot. */
export interface CellsSnapshot {
  /** The database clock less `settleMs`: responses received before it are the settled part. */
  boundary: Date;
  /** The campaign's responses by the response tallies (migration 0003). */
  total: number;
  /** Exclusion records of the campaign, and the latest one's id (0 without any). */
  exclusions: number;
  latestExclusion: number;
}

/** One statement, so the figures agree with each other (run it inside REPEATABLE READ). */
export async function cellsSnapshot(
  db: Kysely<Database>,
  campaignId: number,
  settleMs: number,
): Promise<CellsSnapshot> {
  const { rows } = await sql<{
    boundary: Date;
    total: string | number;
    exclusions: string | number;
    latest: string | number;
  }>`
    select now() - make_interval(secs => ${settleMs / 1000}::float8) as boundary,
      (select coalesce(sum(responses), 0) from response_tally
        where campaign_id = ${campaignId})::int8 as total,
      e.exclusions, e.latest
    from (select count(*) as exclusions, coalesce(max(id), 0) as latest from exclusion
      where campaign_id = ${campaignId}) e`.execute(db);
  const row = rows[0]!;
  return {
    boundary: new Date(row.boundary),
    total: Number(row.total),
    exclusions: Number(row.exclusions),
    latestExclusion: Number(row.latest),
  };
}
