import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";

export interface NewAuditEntry {
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ipHash: string | null;
  at?: Date;
}

/** Appends one row; the table refuses UPDATE and DELETE (migration 0002). */
export async function insertAuditEntry(db: Kysely<Database>, e: NewAuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_user_id: e.actorUserId,
      actor_label: e.actorLabel,
      action: e.action,
      target: e.target,
      details: JSON.stringify(e.details),
      ip_hash: e.ipHash,
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}
