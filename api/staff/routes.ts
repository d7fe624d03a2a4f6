import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "./audit.ts";
import { attemptLogin, changePassword } from "./login.ts";
import { type StaffEnv, requireStaff } from "./require-staff.ts";
import { revokeSession, sessionCookie, sessionMaxAgeMs } from "./sessions.ts";
import { maxPasswordLength, minPasswordLength } from "./staff-accounts.ts";
import { clientIp } from "../http/client-ip.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import type { StaffUser } from "./repository.ts";
import { hashIp } from "../http/client-info.ts";

const loginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(maxPasswordLength),
});

const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(maxPasswordLength),
  newPassword: z.string().min(minPasswordLength).max(maxPasswordLength),
});

/** Auth bodies are tiny; a small limit keeps scrypt from being fed megabytes. */
const maxBodyBytes = 4096;

export interface AuthRouteDeps {
  db: Kysely<Database>;
  config: Config;
  /** The clock (tests move it past lock windows); defaults to the system clock. */
  now?: () => Date;
}

function publicUser(u: StaffUser) {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    schoolId: u.schoolId,
    displayName: u.displayName,
  };
}

/**
 * `/api/auth`: POST /login, POST /logout, GET /me, POST /password.
 * The session token travels only in an HttpOnly SameSite=Strict cookie; the
 * CSRF token is returned in the body for the page to echo in X-CSRF-Token.
 */
export function authRoutes(deps: AuthRouteDeps): Hono<StaffEnv> {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const staff = requireStaff({ db, now });
  const secure = config.publicUrl?.startsWith("https:") ?? false;
  // A fixed salt: the same address hashes the same across staff logins (rate limit, audit).
  const ipHashOf = (c: Parameters<typeof clientIp>[0]) =>
    hashIp(clientIp(c, config.trustProxy), "staff", config.ipHashPepper);

  return new Hono<StaffEnv>()
    .post("/login", async (c) => {
      const body = await readJsonBody(c, loginSchema, maxBodyBytes);
      const { user, session } = await attemptLogin(db, {
        ...body,
        ipHash: ipHashOf(c),
        now: now(),
      });
      setCookie(c, sessionCookie, session.token, {
        httpOnly: true,
        sameSite: "Strict",
        path: "/",
        secure,
        maxAge: Math.floor(sessionMaxAgeMs / 1000),
      });
      c.header("Cache-Control", "no-store");
      return c.json({ user: publicUser(user), csrfToken: session.csrfToken }, 200);
    })
    .post("/logout", staff, async (c) => {
      const { user, sessionId } = c.get("staff");
      await revokeSession(db, sessionId);
      await recordAudit(db, {
        actor: user,
        action: "auth.logout",
        target: `staff_user:${user.id}`,
        ipHash: ipHashOf(c),
        at: now(),
      });
      deleteCookie(c, sessionCookie, { path: "/", secure, httpOnly: true, sameSite: "Strict" });
      return c.body(null, 204);
    })
    .get("/me", staff, (c) => {
      const { user, csrfToken } = c.get("staff");
      return c.json({ user: publicUser(user), csrfToken }, 200);
    })
    .post("/password", staff, async (c) => {
      const body = await readJsonBody(c, passwordChangeSchema, maxBodyBytes);
      const { user, sessionId } = c.get("staff");
      await changePassword(db, { user, sessionId, ...body, ipHash: ipHashOf(c), now: now() });
      return c.body(null, 204);
    });
}
