import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { type RateBucket, countInWindows } from "./rate-buckets-repository.ts";

/**
 * Abuse limits on submission (docs/integrity.md, Rate limits), counted in the database so that
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
  const full = await countInWindows(db, list, now);
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
