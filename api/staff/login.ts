import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { AppError, tooMany, unprocessable } from "../http/errors.ts";
import {
  type StaffUser,
  deleteOtherSessions,
  findPasswordHash,
  findStaffLogin,
  insertLoginAttempt,
  purgeStale,
  setLastLogin,
  setPasswordHash,
} from "./repository.ts";
import { recordAudit } from "./audit.ts";
import { authMessage } from "./messages.ts";
import { loginLockedUntil } from "./login-throttle.ts";
import { passwordProblem } from "./password-rules.ts";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.ts";
import { type NewSessionTokens, createSession } from "./sessions.ts";

/** Login attempts are kept a day: long enough for any lock window and for a look afterwards. */
const keepAttemptsMs = 24 * 3600 * 1000;

async function refuseIfLocked(
  db: Kysely<Database>,
  usernameLower: string,
  ipHash: string | null,
  now: Date,
): Promise<void> {
  const until = await loginLockedUntil(db, usernameLower, ipHash, now);
  if (!until) return;
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  throw tooMany(
    "login_locked",
    authMessage("login_locked", { minutes: Math.ceil(seconds / 60) }),
    seconds,
  );
}

export interface LoginInput {
  username: string;
  password: string;
  ipHash: string | null;
  now: Date;
}

/**
 * Password login. Unknown user, disabled user and wrong password all answer
 * the same 401 after the same scrypt work; a locked username or address
 * answers 429 with Retry-After before any password is checked.
 */
export async function attemptLogin(
  db: Kysely<Database>,
  input: LoginInput,
): Promise<{ user: StaffUser; session: NewSessionTokens }> {
  const usernameLower = input.username.toLowerCase();
  const { ipHash, now } = input;
  await refuseIfLocked(db, usernameLower, ipHash, now);

  const account = await findStaffLogin(db, input.username);
  const matches = await verifyPassword(
    input.password,
    account?.passwordHash ?? (await dummyPasswordHash()),
  );
  const ok = matches && account !== undefined && !account.disabled;
  await insertLoginAttempt(db, { usernameLower, ipHash, at: now, succeeded: ok });
  if (!ok || !account) {
    await recordAudit(db, {
      actor: { label: input.username.slice(0, 64) },
      action: "auth.login_failed",
      target: account ? `staff_user:${account.id}` : null,
      details: { reason: !account ? "unknown_user" : account.disabled ? "disabled" : "password" },
      ipHash,
      at: now,
    });
    throw new AppError("invalid_credentials", authMessage("invalid_credentials"));
  }

  const user: StaffUser = {
    id: account.id,
    username: account.username,
    role: account.role,
    districtId: account.districtId,
    schoolCode: account.schoolCode,
    displayName: account.displayName,
    mustChangePassword: account.mustChangePassword,
  };
  await setLastLogin(db, user.id, now);
  const session = await createSession(db, user.id, ipHash, now);
  await recordAudit(db, {
    actor: user,
    action: "auth.login",
    target: `staff_user:${user.id}`,
    ipHash,
    at: now,
  });
  await purgeStale(db, now, new Date(now.getTime() - keepAttemptsMs));
  return { user, session };
}

export interface PasswordChange {
  user: StaffUser;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  ipHash: string | null;
  now: Date;
}

/**
 * Changes the signed-in account's password and revokes its other sessions.
 * A wrong current password counts as a failed login, so a stolen session
 * cannot be used to guess the password without limit.
 */
export async function changePassword(db: Kysely<Database>, input: PasswordChange): Promise<void> {
  const { user, ipHash, now } = input;
  const usernameLower = user.username.toLowerCase();
  await refuseIfLocked(db, usernameLower, ipHash, now);
  const stored = await findPasswordHash(db, user.id);
  if (!stored || !(await verifyPassword(input.currentPassword, stored))) {
    await insertLoginAttempt(db, { usernameLower, ipHash, at: now, succeeded: false });
    await recordAudit(db, {
      actor: user,
      action: "auth.password_change_failed",
      target: `staff_user:${user.id}`,
      ipHash,
      at: now,
    });
    throw new AppError("wrong_current_password", authMessage("wrong_current_password"));
  }
  const problem = passwordProblem(input.newPassword, user.username);
  if (problem) throw unprocessable("weak_password", authMessage(problem));
  await setPasswordHash(db, user.id, await hashPassword(input.newPassword));
  const revoked = await deleteOtherSessions(db, user.id, input.sessionId);
  await recordAudit(db, {
    actor: user,
    action: "auth.password_change",
    target: `staff_user:${user.id}`,
    details: { revokedSessions: revoked },
    ipHash,
    at: now,
  });
}
