import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { insertLoginAttempt, recentFailures } from "./repository.ts";

/**
 * Login rate limit, kept in the database so every API process sees it:
 * `usernameFailures` failures for one username (since its last success), or
 * `ipFailures` for one client address, all within `windowMs`, lock further
 * attempts for `lockMs` after the newest of them. Attempts refused while
 * locked are not recorded, so hammering does not extend the lock.
 * (Concurrent attempts may overshoot the threshold by a few; it stays bounded.)
 */
export const throttle = {
  usernameFailures: 5,
  ipFailures: 20,
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
} as const;

function lockedUntil(failures: Date[], threshold: number, now: Date): Date | undefined {
  const newest = failures[0];
  const oldest = failures[threshold - 1];
  if (!newest || !oldest) return undefined;
  if (newest.getTime() - oldest.getTime() > throttle.windowMs) return undefined;
  const until = new Date(newest.getTime() + throttle.lockMs);
  return until > now ? until : undefined;
}

/** When the username or the address is locked, until when; otherwise undefined. */
export async function loginLockedUntil(
  db: Kysely<Database>,
  usernameLower: string,
  ipHash: string | null,
  now: Date,
): Promise<Date | undefined> {
  const since = new Date(now.getTime() - throttle.windowMs - throttle.lockMs);
  const byName = lockedUntil(
    await recentFailures(db, { usernameLower }, since, throttle.usernameFailures),
    throttle.usernameFailures,
    now,
  );
  const byIp = ipHash
    ? lockedUntil(
        await recentFailures(db, { ipHash }, since, throttle.ipFailures),
        throttle.ipFailures,
        now,
      )
    : undefined;
  if (byName && byIp) return byName > byIp ? byName : byIp;
  return byName ?? byIp;
}

/**
 * Lifts a username's lock, as when an admin resets its password: the count of a username's
 * failures starts after its last success, so a success recorded now (with no address) wipes
 * it. An address's own count stays: the lock on a client that kept guessing is not the
 * account's to lift.
 */
export async function liftLoginLock(
  db: Kysely<Database>,
  usernameLower: string,
  now: Date,
): Promise<void> {
  await insertLoginAttempt(db, { usernameLower, ipHash: null, at: now, succeeded: true });
}
