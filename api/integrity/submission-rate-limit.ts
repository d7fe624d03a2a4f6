import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/database.ts";

/**
 * Abuse limits on submission (issue 6 §5), counted in the database so that
 * every API process shares them: fixed windows in `rate_bucket`, one upsert
 * per submission for all of the submission's windows at once.
 */
export interface RateWindow {
  seconds: number;
  max: number;
}

export interface SubmissionRateLimits {
  /** Per keyed IP hash (within a campaign: the hash is salted per campaign). */
  ip: readonly RateWindow[];
  /** Per link. */
  channel: readonly RateWindow[];
}

/**
 * A school gate's crowd on one carrier NAT — a few hundred parents in an
 * hour, rarely more than 30 in one minute — passes; a script sending 10 a
 * second from one address gets 40 a minute and 600 an hour at most, the rest
 * 429 with Retry-After. One link takes up to 100 a second from everyone
 * together: far above any real crowd (a district-wide push peaks at a few a
 * second), a cap on a distributed flood, and above what one API process
 * serves, so the load benchmark (bench/) measures the server, not the limit.
 * A respondent's outbox keeps the answers and retries after Retry-After, so a
 * crowd that does hit a limit is delayed, never lost.
 */
export const defaultSubmissionRateLimits: SubmissionRateLimits = Object.freeze({
  ip: Object.freeze([
    { seconds: 60, max: 40 },
    { seconds: 3600, max: 600 },
  ]),
  channel: Object.freeze([{ seconds: 60, max: 6000 }]),
});

export interface RateSubject {
  ipHash: string | null;
  channelId: number;
}

export interface RateVerdict {
  allowed: boolean;
  /** Seconds until every exceeded window has ended (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateBucket {
  key: string;
  windowStart: Date;
  seconds: number;
  max: number;
}

type Bucket = RateBucket;

/** The windows a submission counts in (none for a loopback address without channel limits). */
export function rateBuckets(
  subject: RateSubject,
  limits: SubmissionRateLimits,
  now: Date,
): Bucket[] {
  const at = now.getTime();
  const bucket = (prefix: string, w: RateWindow): Bucket => ({
    key: `${prefix}:${w.seconds}`,
    windowStart: new Date(at - (at % (w.seconds * 1000))),
    seconds: w.seconds,
    max: w.max,
  });
  return [
    ...(subject.ipHash === null ? [] : limits.ip.map((w) => bucket(`ip:${subject.ipHash}`, w))),
    ...limits.channel.map((w) => bucket(`channel:${subject.channelId}`, w)),
  ];
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
 * Counts this submission in each of its windows and says whether it may
 * proceed. One statement: it reads the windows, counts the submission in all
 * of them only when none is full (a refused attempt counts nowhere, so a flood
 * does not use up the hour of a crowd behind the same address), and collects
 * a few expired windows. Two concurrent statements may both see a window one
 * short of full and both pass: a limit may be overshot by the number of
 * simultaneous requests, which is fine for slowing a flood.
 */
export async function takeSubmissionSlot(
  db: Kysely<Database>,
  subject: RateSubject,
  limits: SubmissionRateLimits,
  now: Date,
): Promise<RateVerdict> {
  const list = rateBuckets(subject, limits, now);
  if (list.length === 0) return { allowed: true, retryAfterSeconds: 0 };
  const { rows } = await sql<{ key: string }>`
    with expired as (${collectExpiredWindows(now, collectPerCall)}),
    wanted (key, window_start, max_count) as (
      values ${sql.join(
        list.map((b) => sql`(${b.key}::text, ${b.windowStart}::timestamptz, ${b.max}::int)`),
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
  const full = new Set(rows.map((r) => r.key));
  let retryAfterSeconds = 0;
  for (const b of list) {
    if (!full.has(b.key)) continue;
    const ends = b.windowStart.getTime() + b.seconds * 1000;
    retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil((ends - now.getTime()) / 1000));
  }
  return { allowed: retryAfterSeconds === 0, retryAfterSeconds };
}

/**
 * The loopback address is a reverse proxy (or a local tool) speaking for
 * everyone: limiting it would limit the whole district. Behind a proxy, set
 * TRUST_PROXY=1 so the client's own address is counted.
 */
export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  return ip === "::1" || /^(?:::ffff:)?127\./.test(ip);
}
