import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import {
  type ChainBreak,
  auditLogTotals,
  exclusionCount,
  firstAuditLogBreak,
  firstExclusionBreak,
  firstOrphanSeal,
  firstSealBreak,
  responseCount,
} from "./hash-chains-repository.ts";

/**
 * What `npm run audit:verify` checks (docs/integrity.md, Verifying: audit:verify): the audit log's
 * hash chain, each campaign's exclusion chain, and every response row against its seal.
 *
 * The hashes are recomputed by hash-chains-repository.ts's own SQL, not by the
 * database functions the triggers call (migration 0006), so redefining a
 * function in the database cannot make tampered rows look intact.
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

function firstChainBreak(table: "audit_log" | "exclusion", row: ChainBreak | undefined) {
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
  const first = await firstAuditLogBreak(db);
  const totals = await auditLogTotals(db);
  return {
    table: "audit_log",
    checked: totals.checked,
    broken: first?.broken ?? 0,
    first: firstChainBreak("audit_log", first),
    head: totals.head,
  };
}

async function checkExclusions(db: Kysely<Database>): Promise<CheckResult> {
  const first = await firstExclusionBreak(db);
  return {
    table: "exclusion",
    checked: await exclusionCount(db),
    broken: first?.broken ?? 0,
    first: firstChainBreak("exclusion", first),
  };
}

async function checkResponses(db: Kysely<Database>): Promise<CheckResult> {
  const edited = await firstSealBreak(db);
  const orphan = await firstOrphanSeal(db);
  const checked = await responseCount(db);
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
    checked,
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
