import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import {
  type LiveSession,
  deleteSession,
  findLiveSession,
  insertSession,
  touchSession,
} from "./repository.ts";

/** A session lasts at most 12 hours (one working day) and ends after 2 idle hours. */
export const sessionMaxAgeMs = 12 * 3600 * 1000;
export const sessionIdleMs = 2 * 3600 * 1000;
/** last_seen_at is written at most once a minute per session, not on every request. */
const touchEveryMs = 60 * 1000;

export const sessionCookie = "jh_session";

/** The database keeps only this hash of the cookie's token. */
export function sessionIdFor(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface NewSessionTokens {
  /** Goes into the cookie, never into the database. */
  token: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Kysely<Database>,
  userId: number,
  ipHash: string | null,
  now: Date,
): Promise<NewSessionTokens> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(32).toString("base64url");
  const sessionId = sessionIdFor(token);
  const expiresAt = new Date(now.getTime() + sessionMaxAgeMs);
  await insertSession(db, { id: sessionId, userId, csrfToken, now, expiresAt, ipHash });
  return { token, sessionId, csrfToken, expiresAt };
}

/** The live session for a cookie token, or undefined (unknown, expired, idle, disabled user). */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<LiveSession | undefined> {
  if (token.length === 0 || token.length > 100) return undefined;
  const session = await findLiveSession(
    db,
    sessionIdFor(token),
    now,
    new Date(now.getTime() - sessionIdleMs),
  );
  if (session && now.getTime() - session.lastSeenAt.getTime() >= touchEveryMs) {
    await touchSession(db, session.id, now);
  }
  return session;
}

export function revokeSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  return deleteSession(db, sessionId);
}
