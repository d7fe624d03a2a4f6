import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/database.ts";
import { executePrepared } from "../db/prepared-statements.ts";
import { type RateBucket, collectExpiredWindows } from "../integrity/index.ts";
import type { NewResponse, ResponseReceipt } from "./repository.ts";

/**
 * Many submissions stored by one statement (group commit): their rate windows
 * checked and counted, and their rows inserted unless the id exists, all committed together.
 * Each submission learns its own outcome.
 *
 * Usually one statement does it all: it checks that every window has room for all of the
 * batch's submissions, and only then counts them and inserts the rows (the common case: no
 * limit is near). When some window would overflow, nothing is written and the exact way
 * follows: the windows are read and each submission admitted in turn against the counts so
 * far, as one statement per submission would (a refused attempt counts nowhere). Both ways
 * admit the same submissions. Between reading and writing another process may count too,
 * so a limit may be overshot by what arrives meanwhile: fine for slowing a flood
 * (submission-rate-limit.ts).
 */
export interface BatchItem {
  readonly row: NewResponse;
  /** The rate windows the submission counts in (rateBuckets). */
  readonly buckets: readonly RateBucket[];
  /** The clock the windows are measured on. */
  readonly now: Date;
}

export type BatchOutcome =
  | { readonly kind: "stored"; readonly receipt: ResponseReceipt }
  /** A row with this id exists (a retry, or a different sheet under a used id). */
  | { readonly kind: "exists" }
  | { readonly kind: "limited"; readonly retryAfterSeconds: number };

// Old windows are collected a few at a time by the same statement (as takeSubmissionSlot).
const collectPerBatch = 50;

export async function storeResponseBatch(
  db: Kysely<Database>,
  items: readonly BatchItem[],
): Promise<BatchOutcome[]> {
  const everyone = await storeIfAllFit(db, items);
  if (everyone) return everyone;
  const outcomes: (BatchOutcome | undefined)[] = new Array(items.length);
  const counts = await currentCounts(db, items);
  const increments: Increments = new Map();
  const admitted: number[] = [];
  const firstOfId = new Map<string, number>();
  items.forEach((item, k) => {
    let retryAfterSeconds = 0;
    for (const b of item.buckets) {
      if ((counts.get(slot(b)) ?? 0) < b.max) continue;
      const ends = b.windowStart.getTime() + b.seconds * 1000;
      retryAfterSeconds = Math.max(
        retryAfterSeconds,
        Math.max(1, Math.ceil((ends - item.now.getTime()) / 1000)),
      );
    }
    if (retryAfterSeconds > 0) {
      outcomes[k] = { kind: "limited", retryAfterSeconds };
      return;
    }
    for (const b of item.buckets) {
      const key = slot(b);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      countIn(increments, b);
    }
    // The same id twice in one batch (a retry racing its original): the first is inserted,
    // the others find it stored.
    if (firstOfId.has(item.row.id)) outcomes[k] = { kind: "exists" };
    else {
      firstOfId.set(item.row.id, k);
      admitted.push(k);
    }
  });

  if (admitted.length > 0 || increments.size > 0) {
    const stored = await insertAdmitted(
      db,
      admitted.map((k) => items[k]!.row),
      inLockOrder(increments),
      batchClock(items),
    );
    for (const k of admitted) {
      const receipt = stored.get(items[k]!.row.id);
      outcomes[k] = receipt === undefined ? { kind: "exists" } : { kind: "stored", receipt };
    }
  }
  return outcomes.map((outcome) => outcome ?? { kind: "exists" });
}

const slot = (b: RateBucket) => `${b.key}\u0000${b.windowStart.toISOString()}`;

type Increments = Map<string, { bucket: RateBucket; count: number }>;

/** One more submission counted in window `b`. */
function countIn(increments: Increments, b: RateBucket): void {
  const key = slot(b);
  const increment = increments.get(key) ?? { bucket: b, count: 0 };
  increment.count += 1;
  increments.set(key, increment);
}

/** Windows locked in one order by every statement: concurrent batches never deadlock. */
function inLockOrder(increments: Increments): { bucket: RateBucket; count: number }[] {
  return [...increments.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, increment]) => increment);
}

/** The latest clock of the batch: old windows are collected as of then. */
function batchClock(items: readonly BatchItem[]): Date {
  return new Date(Math.max(...items.map((item) => item.now.getTime())));
}

/**
 * The one-statement way: when every window has room for every submission of the batch,
 * counts them all and inserts the rows (the first of each id; a repeated id finds its
 * row); otherwise writes nothing and answers undefined.
 */
async function storeIfAllFit(
  db: Kysely<Database>,
  items: readonly BatchItem[],
): Promise<BatchOutcome[] | undefined> {
  const increments: Increments = new Map();
  const firstOfId = new Map<string, number>();
  items.forEach((item, k) => {
    for (const b of item.buckets) countIn(increments, b);
    if (!firstOfId.has(item.row.id)) firstOfId.set(item.row.id, k);
  });
  const rows = [...firstOfId.values()].map((k) => items[k]!.row);
  const ordered = inLockOrder(increments);
  const now = batchClock(items);
  // Arrays, as the rows (responseRows): one statement text for every batch, prepared once.
  const want = sql`select * from unnest(
    ${ordered.map(({ bucket }) => bucket.key)}::text[],
    ${ordered.map(({ bucket }) => bucket.windowStart)}::timestamptz[],
    ${ordered.map(({ count }) => count)}::int[], ${ordered.map(({ bucket }) => bucket.max)}::int[])`;
  const { rows: result } = await executePrepared(
    db,
    sql<{
      fits: boolean;
      id: string | null;
      content_hash: string | null;
      received_at: Date | null;
    }>`
    with want (key, window_start, n, max) as (${want}),
    room as (
      select not exists (
        select 1 from want w
        left join rate_bucket b on b.key = w.key and b.window_start = w.window_start
        where coalesce(b.count, 0) + w.n > w.max) as fits),
    expired as (${collectExpiredWindows(now, collectPerBatch)}),
    counted as (
      insert into rate_bucket (key, window_start, count)
      select key, window_start, n from want where (select fits from room)
      order by key, window_start
      on conflict (key, window_start) do update set count = rate_bucket.count + excluded.count),
    stored as (
      insert into response (${responseColumns})
      select * from (${responseRows(rows)}) as v
      where (select fits from room)
      on conflict (id) do nothing
      returning ${storedColumns}),
    ${completedCalls}
    select room.fits, stored.id, stored.content_hash, stored.received_at
    from room left join stored on true`,
  );
  if (!result[0]?.fits) return undefined;
  const stored = new Map(
    result
      .filter((r) => r.id !== null)
      .map((r) => [
        r.id!,
        { id: r.id!, contentHash: r.content_hash!, receivedAt: new Date(r.received_at!) },
      ]),
  );
  return items.map((item, k): BatchOutcome => {
    const receipt = firstOfId.get(item.row.id) === k ? stored.get(item.row.id) : undefined;
    return receipt === undefined ? { kind: "exists" } : { kind: "stored", receipt };
  });
}

async function currentCounts(
  db: Kysely<Database>,
  items: readonly BatchItem[],
): Promise<Map<string, number>> {
  const wanted = new Map<string, RateBucket>();
  for (const item of items) for (const b of item.buckets) wanted.set(slot(b), b);
  const counts = new Map<string, number>();
  if (wanted.size === 0) return counts;
  const { rows } = await sql<{ key: string; window_start: Date; count: number }>`
    select b.key, b.window_start, b.count from rate_bucket b
    join (values ${sql.join(
      [...wanted.values()].map((b) => sql`(${b.key}::text, ${b.windowStart}::timestamptz)`),
    )}) as w (key, window_start) on b.key = w.key and b.window_start = w.window_start`.execute(db);
  for (const row of rows) {
    counts.set(`${row.key}\u0000${new Date(row.window_start).toISOString()}`, Number(row.count));
  }
  return counts;
}

const responseColumns = sql.raw(`id, campaign_id, channel_id, questionnaire_id, school_id,
  respondent_group, answers, started_at, completed_at, duration_seconds, page_seconds, locale,
  browser_family, ip_hash, device_token, content_hash, received_at, paper_sheet, interviewer_id`);

/**
 * The rows as a query, one array parameter per column instead of a VALUES list of 17
 * parameters a row, so the statement's text is the same for a batch of 1 or of 200 and
 * each connection prepares it once (prepared-statements.ts). received_at falls back to
 * now(), the column's default, when the row has none.
 */
function responseRows(rows: readonly NewResponse[]): RawBuilder<unknown> {
  const column = <T>(pick: (r: NewResponse) => T): T[] => rows.map(pick);
  return sql`select id, campaign_id, channel_id, questionnaire_id, school_id, respondent_group,
      answers, started_at, completed_at, duration_seconds, page_seconds, locale, browser_family,
      ip_hash, device_token, content_hash, coalesce(received_at, now()), paper_sheet,
      interviewer_id
    from unnest(
      ${column((r) => r.id)}::uuid[], ${column((r) => r.campaignId)}::int[],
      ${column((r) => r.channelId)}::int[], ${column((r) => r.questionnaireId)}::int[],
      ${column((r) => r.schoolId)}::int[], ${column((r) => r.respondentGroup)}::text[],
      ${column((r) => JSON.stringify(r.answers))}::jsonb[],
      ${column((r) => r.startedAt)}::timestamptz[], ${column((r) => r.completedAt)}::timestamptz[],
      ${column((r) => r.durationSeconds)}::float8[],
      ${column((r) => JSON.stringify(r.pageSeconds))}::jsonb[],
      ${column((r) => r.locale)}::text[], ${column((r) => r.browserFamily)}::text[],
      ${column((r) => r.ipHash)}::text[], ${column((r) => r.deviceToken)}::uuid[],
      ${column((r) => r.contentHash)}::text[], ${column((r) => r.receivedAt ?? null)}::timestamptz[],
      ${column((r) => r.paperSheet ?? null)}::text[],
      ${column((r) => r.interviewerId ?? null)}::int[])
    as v (id, campaign_id, channel_id, questionnaire_id, school_id, respondent_group, answers,
      started_at, completed_at, duration_seconds, page_seconds, locale, browser_family, ip_hash,
      device_token, content_hash, received_at, paper_sheet, interviewer_id)`;
}

const storedColumns = sql.raw(
  "id, content_hash, received_at, campaign_id, channel_id, interviewer_id",
);

/**
 * A response through a telephone link is a completed call: its `call_attempt` row goes in
 * the statement that stores the response, so an acknowledged response always has its call,
 * and a retry (its row already stored, so not in `stored`) adds no second one.
 */
const completedCalls = sql`calls as (
  insert into call_attempt (campaign_id, channel_id, interviewer_id, outcome, response_id,
    recorded_at)
  select s.campaign_id, s.channel_id, s.interviewer_id, 'completed', s.id, s.received_at
  from stored s join channel ch on ch.id = s.channel_id
  where ch.mode = 'telephone' and s.interviewer_id is not null)`;

async function insertAdmitted(
  db: Kysely<Database>,
  rows: readonly NewResponse[],
  increments: readonly { bucket: RateBucket; count: number }[],
  now: Date,
): Promise<Map<string, ResponseReceipt>> {
  const parts: RawBuilder<unknown>[] = [
    sql`expired as (${collectExpiredWindows(now, collectPerBatch)})`,
  ];
  if (increments.length > 0) {
    parts.push(sql`counted as (
      insert into rate_bucket (key, window_start, count)
      values ${sql.join(
        increments.map(
          ({ bucket, count }) =>
            sql`(${bucket.key}::text, ${bucket.windowStart}::timestamptz, ${count}::int)`,
        ),
      )}
      on conflict (key, window_start) do update set count = rate_bucket.count + excluded.count)`);
  }
  const stored =
    rows.length === 0
      ? sql`select null::uuid as id, null::text as content_hash, null::timestamptz as received_at
          where false`
      : sql`insert into response (${responseColumns})
          ${responseRows(rows)}
          on conflict (id) do nothing
          returning ${storedColumns}`;
  parts.push(sql`stored as (${stored})`);
  if (rows.length > 0) parts.push(completedCalls);
  const { rows: receipts } = await sql<{ id: string; content_hash: string; received_at: Date }>`
    with ${sql.join(parts)}
    select id, content_hash, received_at from stored`.execute(db);
  return new Map(
    receipts.map((r) => [
      r.id,
      { id: r.id, contentHash: r.content_hash, receivedAt: new Date(r.received_at) },
    ]),
  );
}
