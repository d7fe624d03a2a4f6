import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";
import { type RateBucket, countInWindows } from "./rate-buckets-repository.ts";

/**
 * Wrong interviewer codes, counted in the shared `rate_bucket` table (docs/integrity.md, Rate
 * limits): per client address (keyed hash) and per campaign. Only wrong codes count, so an
 * interviewer's normal use never does; once a window is full every code from that address (or
 * the whole campaign) is refused with 429 until it ends, a right one too, so a guesser cannot
 * tell a hit from a refusal. A code is 8 characters of 23 (about 78 billion codes): guessing at
 * the campaign's limit for four weeks against 100 interviewers hits one with a chance of about
 * 1 in 6,000.
 */
export const codeGuessLimits = Object.freeze({
  /** Wrong codes per client address per 10 minutes: a few typing mistakes pass. */
  ip: { seconds: 600, max: 10 },
  /** Wrong codes per campaign per hour, from every address together: a distributed guesser. */
  campaign: { seconds: 3600, max: 200 },
});

export interface CodeGuessSubject {
  /** The client address's keyed hash; null for loopback (a proxy speaking for everyone). */
  ipHash: string | null;
  campaignId: number;
}

function buckets(subject: CodeGuessSubject, now: Date): RateBucket[] {
  const at = now.getTime();
  const bucket = (prefix: string, w: { seconds: number; max: number }): RateBucket => ({
    key: `${prefix}:${w.seconds}`,
    windowStart: new Date(at - (at % (w.seconds * 1000))),
    seconds: w.seconds,
    max: w.max,
  });
  return [
    ...(subject.ipHash === null ? [] : [bucket(`code-ip:${subject.ipHash}`, codeGuessLimits.ip)]),
    bucket(`code-campaign:${subject.campaignId}`, codeGuessLimits.campaign),
  ];
}

/** Seconds until the full windows end (0: codes may be tried now). Reads only. */
export async function codeGuessWait(
  db: Kysely<Database>,
  subject: CodeGuessSubject,
  now: Date,
): Promise<number> {
  const list = buckets(subject, now);
  const { rows } = await sql<{ key: string }>`
    select b.key from rate_bucket b
    join (values ${sql.join(
      list.map((w) => sql`(${w.key}::text, ${w.windowStart}::timestamptz, ${w.max}::int)`),
    )}) as w (key, window_start, max_count)
      on b.key = w.key and b.window_start = w.window_start
    where b.count >= w.max_count`.execute(db);
  const full = new Set(rows.map((r) => r.key));
  let wait = 0;
  for (const b of list) {
    if (!full.has(b.key)) continue;
    const ends = b.windowStart.getTime() + b.seconds * 1000;
    wait = Math.max(wait, Math.max(1, Math.ceil((ends - now.getTime()) / 1000)));
  }
  return wait;
}

/** Counts one wrong code in the address's and the campaign's windows. */
export async function countCodeGuess(
  db: Kysely<Database>,
  subject: CodeGuessSubject,
  now: Date,
): Promise<void> {
  await countInWindows(db, buckets(subject, now), now);
}
