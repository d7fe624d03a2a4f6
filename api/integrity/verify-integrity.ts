import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/database.ts";

/**
 * What `npm run audit:verify` checks (issue 6 §3): the audit log's hash chain,
 * each campaign's exclusion chain, and every response row against its seal.
 *
 * The hashes are recomputed here with this file's own SQL, not with the
 * database functions the triggers call (migration 0006), so redefining a
 * function in the database cannot make tampered rows look intact; the two
 * definitions must agree, which the tests check on fresh rows. Each check is
 * one scan with window functions: a million rows never cross into Node.
 */
export type CheckedTable = "audit_log" | "exclusion" | "response";

export interface BrokenLink {
  table: CheckedTable;
  /** The row's id (a response's UUID, an audit or exclusion id as text). */
  id: string;
  /**
   * prev_hash: not the previous row's hash (a row removed, inserted or reordered);
   * hash / seal: the row's content no longer matches its hash (edited);
   * missing_seal: a response without a seal (inserted around the trigger);
   * orphan_seal: a seal whose response is gone (deleted).
   */
  field: "prev_hash" | "hash" | "seal" | "missing_seal" | "orphan_seal";
  expected: string | null;
  found: string | null;
}

export interface CheckResult {
  table: CheckedTable;
  checked: number;
  broken: number;
  /** The first broken link in chain order (responses: by arrival). */
  first: BrokenLink | null;
  /** The last hash of the chain (audit log), to note down and compare at the next check. */
  head?: string | null;
}

export interface VerificationReport {
  ok: boolean;
  checks: CheckResult[];
}

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

const responseSeal = sha256(sql`jsonb_build_object(
  'id', r.id, 'campaign_id', r.campaign_id, 'channel_id', r.channel_id,
  'questionnaire_id', r.questionnaire_id, 'school_id', r.school_id,
  'respondent_group', r.respondent_group, 'answers', r.answers,
  'started_at', ${utc(sql`r.started_at`)}, 'completed_at', ${utc(sql`r.completed_at`)},
  'duration_seconds', r.duration_seconds::numeric, 'page_seconds', r.page_seconds,
  'locale', r.locale, 'browser_family', r.browser_family, 'ip_hash', r.ip_hash,
  'device_token', r.device_token, 'content_hash', r.content_hash,
  'received_at', ${utc(sql`r.received_at`)})::text`);

interface ChainRow {
  id: string;
  prevHash: string | null;
  hash: string | null;
  expectedPrev: string;
  expectedHash: string;
  broken: number;
}

function firstChainBreak(table: "audit_log" | "exclusion", row: ChainRow | undefined) {
  if (!row) return null;
  return row.prevHash !== row.expectedPrev
    ? {
        table,
        id: row.id,
        field: "prev_hash" as const,
        expected: row.expectedPrev,
        found: row.prevHash,
      }
    : { table, id: row.id, field: "hash" as const, expected: row.expectedHash, found: row.hash };
}

async function checkAuditLog(db: Kysely<Database>): Promise<CheckResult> {
  const { rows } = await sql<ChainRow>`
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
  const { rows: totals } = await sql<{ checked: number; head: string | null }>`
    select count(*)::int as checked,
      (select hash from audit_log order by id desc limit 1) as head
    from audit_log`.execute(db);
  const first = rows[0];
  return {
    table: "audit_log",
    checked: totals[0]?.checked ?? 0,
    broken: first?.broken ?? 0,
    first: firstChainBreak("audit_log", first),
    head: totals[0]?.head ?? null,
  };
}

async function checkExclusions(db: Kysely<Database>): Promise<CheckResult> {
  const { rows } = await sql<ChainRow>`
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
  const { rows: totals } = await sql<{ checked: number }>`
    select count(*)::int as checked from exclusion`.execute(db);
  const first = rows[0];
  return {
    table: "exclusion",
    checked: totals[0]?.checked ?? 0,
    broken: first?.broken ?? 0,
    first: firstChainBreak("exclusion", first),
  };
}

async function checkResponses(db: Kysely<Database>): Promise<CheckResult> {
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
  const { rows: orphans } = await sql<{ id: string; broken: number }>`
    select s.response_id::text as id, (count(*) over ())::int as broken
    from response_seal s left join response r on r.id = s.response_id
    where r.id is null
    order by s.response_id limit 1`.execute(db);
  const { rows: totals } = await sql<{ checked: number }>`
    select count(*)::int as checked from response`.execute(db);
  const edited = rows[0];
  const orphan = orphans[0];
  let first: BrokenLink | null = null;
  if (edited) {
    first = {
      table: "response",
      id: edited.id,
      field: edited.found === null ? "missing_seal" : "seal",
      expected: edited.expected,
      found: edited.found,
    };
  } else if (orphan) {
    first = { table: "response", id: orphan.id, field: "orphan_seal", expected: null, found: null };
  }
  return {
    table: "response",
    checked: totals[0]?.checked ?? 0,
    broken: (edited?.broken ?? 0) + (orphan?.broken ?? 0),
    first,
  };
}

export async function verifyIntegrity(db: Kysely<Database>): Promise<VerificationReport> {
  const checks = [await checkAuditLog(db), await checkExclusions(db), await checkResponses(db)];
  return { ok: checks.every((c) => c.broken === 0), checks };
}

/** The report as lines for people (the script prints these). */
export function describeVerification(report: VerificationReport): string[] {
  const lines: string[] = [];
  for (const c of report.checks) {
    if (c.broken === 0) {
      lines.push(
        `ok      ${c.table}: ${c.checked} row(s) intact${c.head ? `, head ${c.head}` : ""}`,
      );
      continue;
    }
    const f = c.first as BrokenLink;
    lines.push(
      `BROKEN  ${c.table}: ${c.broken} of ${c.checked} row(s); first broken link: ${f.table} id ${f.id}, ${f.field}: expected ${f.expected ?? "(none)"}, found ${f.found ?? "(none)"}`,
    );
  }
  lines.push(report.ok ? "integrity verified" : "INTEGRITY CHECK FAILED");
  return lines;
}
