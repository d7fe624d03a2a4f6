import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

/** All SQL for the first-run setup links. */

export async function insertSetupToken(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.insertInto("setup_token").values({ token_hash: tokenHash }).execute();
}

export async function findSetupToken(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<{ usedAt: Date | null } | undefined> {
  const row = await db
    .selectFrom("setup_token")
    .select("used_at")
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row && { usedAt: row.used_at };
}

export async function markSetupTokenUsed(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable("setup_token")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .execute();
}

/** Any admin account, disabled ones too: once one was made, setup is over. */
export async function adminExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("staff_user")
    .select("id")
    .where("role", "=", "admin")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Serialises setups (and the printing of new links) for the rest of the transaction: two
 * people opening two links at once could otherwise both find no admin and make two. The
 * mode conflicts with itself and with inserts, not with reads.
 */
export async function lockSetupTokens(db: Kysely<Database>): Promise<void> {
  await sql`lock table setup_token in share row exclusive mode`.execute(db);
}
