import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/database.ts";

/** One fixed window a submission counts in (`rate_bucket`, shared by every API process). */
export interface RateBucket {
  key: string;
  windowStart: Date;
  seconds: number;
  max: number;
}

// Old windows are collected a few at a time by the same statement, so the table stays small
// without a sweeper process and without a second statement on the hot path.
const collectPerCall = 20;

/** The shortest window any key uses (the one-minute windows). */
const shortestWindowSeconds = 60;

/**
 * A DELETE of up to `limit` windows that ended long ago, each by its own length (the number
 * the key ends with): an hour's window outlives a minute's, whoever's statement collects.
 */
export function collectExpiredWindows(now: Date, limit: number): RawBuilder<unknown> {
  const margin = 2 * shortestWindowSeconds * 1000;
  return sql`delete from rate_bucket where (key, window_start) in (
    select key, window_start from rate_bucket
    where window_start < ${new Date(now.getTime() - margin)}
      and window_start + make_interval(secs => 2 * coalesce(
        substring(key from ':([0-9]+)$')::float8, 86400)) < ${now}
    limit ${limit} for update skip locked)`;
}

/**
 * One statement: reads the windows, counts one more in all of them only when none is full
 * (a refused attempt counts nowhere), collects a few expired windows, and returns the keys
 * of the full windows (none: counted).
 */
export async function countInWindows(
  db: Kysely<Database>,
  buckets: readonly RateBucket[],
  now: Date,
): Promise<Set<string>> {
  const { rows } = await sql<{ key: string }>`
    with expired as (${collectExpiredWindows(now, collectPerCall)}),
    wanted (key, window_start, max_count) as (
      values ${sql.join(
        buckets.map((b) => sql`(${b.key}::text, ${b.windowStart}::timestamptz, ${b.max}::int)`),
      )}),
    full_windows as (
      select w.key from wanted w
        join rate_bucket b on b.key = w.key and b.window_start = w.window_start
      where b.count >= w.max_count),
    counted as (
      insert into rate_bucket (key, window_start, count)
      select key, window_start, 1 from wanted
      where not exists (select 1 from full_windows)
      on conflict (key, window_start) do update set count = rate_bucket.count + 1
      returning key)
    select key from full_windows`.execute(db);
  return new Set(rows.map((r) => r.key));
}
