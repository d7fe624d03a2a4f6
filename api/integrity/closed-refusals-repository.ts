import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

/**
 * Answers arriving while a campaign is not open are refused (410) and counted
 * here, per link and hour: a burst of them after closing shows
 * someone still pushing a link, or a script that does not know it is over.
 */
export async function countClosedRefusal(
  db: Kysely<Database>,
  campaignId: number,
  channelId: number,
  at: Date,
): Promise<void> {
  await sql`
    insert into closed_refusal (campaign_id, channel_id, hour, count)
    values (${campaignId}, ${channelId}, date_trunc('hour', ${at}::timestamptz, 'UTC'), 1)
    on conflict (campaign_id, channel_id, hour)
    do update set count = closed_refusal.count + 1`.execute(db);
}

export interface ClosedRefusals {
  total: number;
  byChannel: { channelId: number; count: number; firstHour: Date; lastHour: Date }[];
}

export async function closedRefusals(
  db: Kysely<Database>,
  campaignId: number,
): Promise<ClosedRefusals> {
  const { rows } = await sql<{
    channelId: number;
    count: number;
    firstHour: Date;
    lastHour: Date;
  }>`
    select channel_id as "channelId", sum(count)::int as count,
      min(hour) as "firstHour", max(hour) as "lastHour"
    from closed_refusal where campaign_id = ${campaignId}
    group by channel_id order by channel_id`.execute(db);
  return { total: rows.reduce((n, r) => n + r.count, 0), byChannel: rows };
}
