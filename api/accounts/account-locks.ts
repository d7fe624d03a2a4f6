import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { loginLockedUntil, throttle } from "../staff/index.ts";
import { type AccountRow, usernamesFailingSince } from "./repository.ts";

/**
 * Which accounts the login throttle locks now, and until when (account id → time). Only
 * usernames that failed within the throttle's reach can be locked, so the rest are not asked.
 */
export async function loginLocks(
  db: Kysely<Database>,
  rows: readonly AccountRow[],
  now: Date,
): Promise<Map<number, Date>> {
  const since = new Date(now.getTime() - throttle.windowMs - throttle.lockMs);
  const failing = await usernamesFailingSince(db, since);
  const locks = new Map<number, Date>();
  for (const row of rows) {
    const name = row.username.toLowerCase();
    if (!failing.has(name)) continue;
    // No address: the account's own lock, not that of whichever client is asking.
    const until = await loginLockedUntil(db, name, null, now);
    if (until) locks.set(row.id, until);
  }
  return locks;
}
