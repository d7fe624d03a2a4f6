import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { insertAuditEntry } from "./audit-log-repository.ts";

/** Who did it: a signed-in account, or a label for the CLI, the demo or an anonymous attempt. */
export type AuditActor = { id: number; username: string } | { label: string };

export interface AuditEvent {
  actor: AuditActor;
  /** Dotted verb, e.g. "auth.login", "auth.password_change", "user.create". */
  action: string;
  /** What it was done to, e.g. "staff_user:3". */
  target?: string | null;
  details?: Record<string, unknown>;
  ipHash?: string | null;
  at?: Date;
}

/**
 * Appends one row to the audit log. Every staff action that changes or
 * exports data calls this; never put passwords or tokens in `details`.
 * The database links the row into the log's hash chain as it is inserted
 * (migration 0006: id, prev_hash and hash are the trigger's, never ours), so
 * it may run inside the caller's transaction: the entry commits, or rolls
 * back, with the change it records. `npm run audit:verify` checks the chain.
 */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  const { actor } = event;
  await insertAuditEntry(db, {
    actorUserId: "id" in actor ? actor.id : null,
    actorLabel: "id" in actor ? actor.username : actor.label,
    action: event.action,
    target: event.target ?? null,
    details: event.details ?? {},
    ipHash: event.ipHash ?? null,
    ...(event.at ? { at: event.at } : {}),
  });
}
