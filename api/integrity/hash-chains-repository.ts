import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/database.ts";

/**
 * The hash chains and seals `npm run audit:verify` checks (verify-integrity.ts), read by
 * recomputing each hash with this file's own SQL, not with the database functions the
 * triggers call (migration 0006), so redefining a function in the database cannot make
 * tampered rows look intact; the two definitions must agree, which the tests check on fresh
 * rows. Each query is one scan with window functions: a million rows never cross into Node.
 */

const genesis = sql`repeat('0', 64)`;

function utc(column: RawBuilder<unknown>): RawBuilder<string> {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

function sha256(text: RawBuilder<unknown>): RawBuilder<string> {
  return sql`encode(sha256(convert_to(${text}, 'UTF8')), 'hex')`;
}

const auditHash = sha256(sql`jsonb_build_object(
  'id', a.id, 'at', ${utc(sql`a.at`)}, 'actor_user_id', a.actor_user_id,
  'actor_label', a.actor_label, 'action', a.action, 'target', a.target,
  'details', a.details, 'ip_hash', a.ip_hash, 'prev_hash', a.prev_hash)::text`);

const exclusionHash = sha256(sql`jsonb_build_object(
  'id', e.id, 'campaign_id', e.campaign_id, 'kind', e.kind,
  'response_ids', to_jsonb(e.response_ids), 'reverses', e.reverses,
  'flag_cluster', e.flag_cluster, 'reason', e.reason, 'actor_user_id', e.actor_user_id,
  'actor_label', e.actor_label, 'at', ${utc(sql`e.at`)}, 'prev_hash', e.prev_hash)::text`);

// Who collected a response and its paper sheet are sealed only when set, so a response stored
// before they existed keeps its seal.
const responseSeal = sha256(sql`(jsonb_build_object(
  'id', r.id, 'campaign_id', r.campaign_id, 'channel_id', r.channel_id,
  'questionnaire_id', r.questionnaire_id, 'school_id', r.school_id,
  'respondent_group', r.respondent_group, 'answers', r.answers,
  'started_at', ${utc(sql`r.started_at`)}, 'completed_at', ${utc(sql`r.completed_at`)},
  'duration_seconds', r.duration_seconds::numeric, 'page_seconds', r.page_seconds,
  'locale', r.locale, 'browser_family', r.browser_family, 'ip_hash', r.ip_hash,
  'device_token', r.device_token, 'content_hash', r.content_hash,
  'received_at', ${utc(sql`r.received_at`)})
  || jsonb_strip_nulls(jsonb_build_object(
    'interviewer_id', r.interviewer_id, 'paper_sheet', r.paper_sheet)))::text`);

/** The first row of a chain whose links do not hold, with the count of such rows. */
export interface ChainBreak {
  id: string;
  prevHash: string | null;
  hash: string | null;
  expectedPrev: string;
  expectedHash: string;
  broken: number;
}

/** The audit log's first broken link (by id), if any. */
export async function firstAuditLogBreak(db: Kysely<Database>): Promise<ChainBreak | undefined> {
  const { rows } = await sql<ChainBreak>`
    with c as (
      select a.id, a.prev_hash, a.hash,
        coalesce(lag(a.hash) over (order by a.id), ${genesis}) as expected_prev,
        ${auditHash} as expected_hash
      from audit_log a)
    select id::text as id, prev_hash as "prevHash", hash, expected_prev as "expectedPrev",
      expected_hash as "expectedHash", (count(*) over ())::int as broken
    from c
    where prev_hash is distinct from expected_prev or hash is distinct from expected_hash
    order by c.id limit 1`.execute(db);
  return rows[0];
}

/** The audit log's rows and its last hash (the head to note down). */
export async function auditLogTotals(
  db: Kysely<Database>,
): Promise<{ checked: number; head: string | null }> {
  const { rows } = await sql<{ checked: number; head: string | null }>`
    select count(*)::int as checked,
      (select hash from audit_log order by id desc limit 1) as head
    from audit_log`.execute(db);
  return { checked: rows[0]?.checked ?? 0, head: rows[0]?.head ?? null };
}

/** The first broken link of any campaign's exclusion chain (by id), if any. */
export async function firstExclusionBreak(db: Kysely<Database>): Promise<ChainBreak | undefined> {
  const { rows } = await sql<ChainBreak>`
    with c as (
      select e.id, e.prev_hash, e.hash,
        coalesce(lag(e.hash) over (partition by e.campaign_id order by e.id), ${genesis})
          as expected_prev,
        ${exclusionHash} as expected_hash
      from exclusion e)
    select id::text as id, prev_hash as "prevHash", hash, expected_prev as "expectedPrev",
      expected_hash as "expectedHash", (count(*) over ())::int as broken
    from c
    where prev_hash is distinct from expected_prev or hash is distinct from expected_hash
    order by c.id limit 1`.execute(db);
  return rows[0];
}

export async function exclusionCount(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ checked: number }>`
    select count(*)::int as checked from exclusion`.execute(db);
  return rows[0]?.checked ?? 0;
}

/** The first response (by arrival) whose seal is missing or does not match, with their count. */
export async function firstSealBreak(
  db: Kysely<Database>,
): Promise<{ id: string; found: string | null; expected: string; broken: number } | undefined> {
  const { rows } = await sql<{
    id: string;
    found: string | null;
    expected: string;
    broken: number;
  }>`
    select r.id::text as id, s.seal as found, ${responseSeal} as expected,
      (count(*) over ())::int as broken
    from response r left join response_seal s on s.response_id = r.id
    where s.seal is distinct from ${responseSeal}
    order by r.received_at, r.id limit 1`.execute(db);
  return rows[0];
}

/** The first seal whose response is gone, with the count of such seals. */
export async function firstOrphanSeal(
  db: Kysely<Database>,
): Promise<{ id: string; broken: number } | undefined> {
  const { rows } = await sql<{ id: string; broken: number }>`
    select s.response_id::text as id, (count(*) over ())::int as broken
    from response_seal s left join response r on r.id = s.response_id
    where r.id is null
    order by s.response_id limit 1`.execute(db);
  return rows[0];
}

export async function responseCount(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ checked: number }>`
    select count(*)::int as checked from response`.execute(db);
  return rows[0]?.checked ?? 0;
}
