import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

/** Responses and excluded responses of one (school, link) pair. */
export interface ResponsePlace {
  schoolId: number | null;
  channelId: number;
  count: number;
  excluded: number;
}

/** Responses and excluded responses per (school, link): a few hundred rows at most. */
export async function responsePlaces(
  db: Kysely<Database>,
  campaignId: number,
): Promise<ResponsePlace[]> {
  const { rows } = await sql<ResponsePlace>`
    select r.school_id as "schoolId", r.channel_id as "channelId", count(*)::int as count,
      count(*) filter (where x.response_id is not null)::int as excluded
    from response r
      left join effective_exclusions(${campaignId}) x on x.response_id = r.id
    where r.campaign_id = ${campaignId}
    group by r.school_id, r.channel_id`.execute(db);
  return rows;
}

export interface ArrivalBucket {
  schoolId: number | null;
  start: Date;
  count: number;
}

/**
 * Submissions per school per `minutes` (non-empty buckets only), by school (no school last),
 * then time. Buckets start at a fixed origin, a multiple of 10 minutes since the epoch.
 */
export async function arrivalBuckets(
  db: Kysely<Database>,
  campaignId: number,
  minutes: number,
): Promise<ArrivalBucket[]> {
  const { rows } = await sql<ArrivalBucket>`
    select r.school_id as "schoolId",
      date_bin(make_interval(mins => ${minutes}), r.received_at,
        timestamptz '2000-01-01 00:00:00+00') as start,
      count(*)::int as count
    from response r where r.campaign_id = ${campaignId}
    group by 1, 2 order by 1 nulls last, 2`.execute(db);
  return rows;
}

/** The campaign's schools by code, as the report names them. */
export async function reportSchools(db: Kysely<Database>, campaignId: number) {
  return db
    .selectFrom("school")
    .select(["id", "code", "name"])
    .where("campaign_id", "=", campaignId)
    .orderBy("code")
    .execute();
}

/** The campaign's links in creation order, as the report names them. */
export async function reportChannels(db: Kysely<Database>, campaignId: number) {
  return db
    .selectFrom("channel")
    .select(["id", "label", "school_id as schoolId"])
    .where("campaign_id", "=", campaignId)
    .orderBy("id")
    .execute();
}
