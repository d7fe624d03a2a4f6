import type { Context } from "hono";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import { clientIp } from "../http/client-ip.ts";
import { hashIp } from "../http/client-info.ts";
import type { StaffEnv } from "./require-staff.ts";
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

/**
 * The audit entry of a staff request: the signed-in account as actor and its address's
 * keyed hash. Written on `db`; pass the transaction to commit it with the change.
 */
export function staffAuditor(config: Pick<Config, "trustProxy" | "ipHashPepper">) {
  return (
    db: Kysely<Database>,
    c: Context<StaffEnv>,
    event: { action: string; target: string; details?: Record<string, unknown> },
  ): Promise<void> => {
    const user = c.get("staff").user;
    return recordAudit(db, {
      actor: { id: user.id, username: user.username },
      ...event,
      ipHash: staffIpHash(c, config),
    });
  };
}

/** A staff request's address as stored: hashed with the fixed staff salt (login throttle, audit). */
export function staffIpHash(
  c: Context,
  config: Pick<Config, "trustProxy" | "ipHashPepper">,
): string | null {
  return hashIp(clientIp(c, config.trustProxy), "staff", config.ipHashPepper);
}
