import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

export interface VisitReport {
  /** The visit's UUID (lower case). */
  id: string;
  /** The link's token. */
  token: string;
  /** The respondent gave a first answer. */
  started: boolean;
  /** 1-based number of the page shown, when known. */
  page: number;
}

/** What happened to a report: no such link, a campaign not taking answers, or recorded. */
export type VisitOutcome = "unknown_channel" | "not_open" | "recorded";

/**
 * Records a stage of a visit in one statement: creates the visit (any stage
 * implies it was opened) or moves it on. `started_at` is set once and the
 * furthest page only grows; a repeat changes nothing, and a visit id already
 * used on another link is left as it is. The triggers of migration 0003 keep
 * the tallies. The campaign must be open by the database clock, as for answers.
 */
export async function recordVisit(db: Kysely<Database>, visit: VisitReport): Promise<VisitOutcome> {
  const { rows } = await sql<{ open: boolean }>`
    with link as (
      select ch.id as channel_id, ch.campaign_id,
        (c.status = 'open' and now() >= c.opens_at and now() < c.closes_at) as open
      from channel ch join campaign c on c.id = ch.campaign_id
      where ch.token = ${visit.token}
    ), written as (
      insert into visit as v (id, campaign_id, channel_id, started_at, furthest_page)
      select ${visit.id}::uuid, campaign_id, channel_id,
        case when ${visit.started} then now() end, ${visit.page}
      from link where open
      on conflict (id) do update
        set started_at = coalesce(v.started_at, excluded.started_at),
            furthest_page = greatest(v.furthest_page, excluded.furthest_page)
        where v.channel_id = excluded.channel_id
          and ((v.started_at is null and excluded.started_at is not null)
            or excluded.furthest_page > v.furthest_page)
      returning 1
    )
    select open from link`.execute(db);
  const link = rows[0];
  if (!link) return "unknown_channel";
  return link.open ? "recorded" : "not_open";
}

export interface NewVisit {
  id: string;
  campaignId: number;
  channelId: number;
  openedAt: Date;
  startedAt: Date | null;
  furthestPage: number;
}

/** Bulk insert for the demo generator; the tallies follow through the triggers. */
export async function insertVisits(
  db: Kysely<Database>,
  visits: readonly NewVisit[],
): Promise<void> {
  const chunk = 500;
  for (let i = 0; i < visits.length; i += chunk) {
    await db
      .insertInto("visit")
      .values(
        visits.slice(i, i + chunk).map((v) => ({
          id: v.id,
          campaign_id: v.campaignId,
          channel_id: v.channelId,
          opened_at: v.openedAt,
          started_at: v.startedAt,
          furthest_page: v.furthestPage,
        })),
      )
      .execute();
  }
}
