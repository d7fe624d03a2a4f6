import type { Context } from "hono";
import { deleteCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit, staffIpHash } from "./audit.ts";
import { attemptLogin, changePassword } from "./login.ts";
import { permissionsOf } from "./permissions.ts";
import { staffRouter } from "./staff-router.ts";
import { revokeSession, sessionCookie } from "./sessions.ts";
import { setSessionCookie } from "./session-cookie.ts";
import { maxPasswordLength } from "./password-rules.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { type StaffUser, districtNames } from "./repository.ts";

const loginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(maxPasswordLength),
});

const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(maxPasswordLength),
  // Its rules (length, common passwords, the username) answer 422 weak_password, in words.
  newPassword: z.string().min(1).max(maxPasswordLength),
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
    districtId: u.districtId,
    schoolCode: u.schoolCode,
    displayName: u.displayName,
    mustChangePassword: u.mustChangePassword,
  };
}

/** The district an account works for, as its pages name it (null: an operator's admin). */
export type AccountDistrict = { name: string; bureauName: string } | null;

/**
 * What sign-in and `GET /me` answer: the account, its district (the header names the
 * bureau), what it may do, and its CSRF token.
 */
export function signedInJson(user: StaffUser, district: AccountDistrict, csrfToken: string) {
  return { user: publicUser(user), district, permissions: permissionsOf(user.role), csrfToken };
}

/** `signedInJson` with the account's district looked up. */
export async function signedInView(db: Kysely<Database>, user: StaffUser, csrfToken: string) {
  const district = user.districtId === null ? null : await districtNames(db, user.districtId);
  return signedInJson(user, district ?? null, csrfToken);
}

/** The JSON of sign-in and `GET /api/auth/me`, as the staff pages read it. */
export type SignedInView = ReturnType<typeof signedInJson>;

/**
 * `/api/auth`: POST /login, POST /logout, GET /me, POST /password.
 * The session token travels only in an HttpOnly SameSite=Strict cookie; the
 * CSRF token is returned in the body for the page to echo in X-CSRF-Token.
 */
export function authRoutes(deps: AuthRouteDeps) {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const secure = config.publicUrl?.startsWith("https:") ?? false;
  // A fixed salt: the same address hashes the same across staff logins (rate limit, audit).
  const ipHashOf = (c: Context) => staffIpHash(c, config);

  return staffRouter({ db, now }, "/api/auth")
    .route(
      {
        method: "post",
        path: "/login",
        tag: "auth",
        access: "public",
        summary: {
          zh: "登录：设置会话 Cookie，返回 CSRF 令牌（连续失败会临时锁定）",
          en: "Sign in: sets the session cookie, returns the CSRF token (repeated failures lock the account for a while)",
        },
        body: { schema: loginSchema, maxBytes: maxBodyBytes },
        responses: {
          200: {
            description: "{ user, district, permissions, csrfToken }",
            contentType: "application/json",
          },
        },
        errors: {
          401: "invalid_credentials",
          429: "login_locked: too many failures; retry after Retry-After seconds",
        },
      },
      async (c) => {
        const body = await readJsonBody(c, loginSchema, maxBodyBytes);
        const { user, session } = await attemptLogin(db, {
          ...body,
          ipHash: ipHashOf(c),
          now: now(),
        });
        setSessionCookie(c, session.token, config);
        c.header("Cache-Control", "no-store");
        return c.json(await signedInView(db, user, session.csrfToken), 200);
      },
    )
    .route(
      {
        method: "post",
        path: "/logout",
        tag: "auth",
        access: "signed-in",
        summary: { zh: "退出登录", en: "Sign out" },
        responses: { 204: { description: "signed out" } },
      },
      async (c) => {
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
      },
    )
    .route(
      {
        method: "get",
        path: "/me",
        tag: "auth",
        access: "signed-in",
        summary: {
          zh: "当前账号、其权限及 CSRF 令牌",
          en: "The signed-in account, its permissions and its CSRF token",
        },
        responses: {
          200: {
            description: "{ user, district, permissions, csrfToken }",
            contentType: "application/json",
          },
        },
      },
      async (c) => {
        const { user, csrfToken } = c.get("staff");
        return c.json(await signedInView(db, user, csrfToken), 200);
      },
    )
    .route(
      {
        method: "post",
        path: "/password",
        tag: "auth",
        access: "signed-in",
        summary: {
          zh: "修改密码（其他会话随之失效）",
          en: "Change the password (other sessions end)",
        },
        body: { schema: passwordChangeSchema, maxBytes: maxBodyBytes },
        responses: { 204: { description: "changed" } },
        errors: {
          403: "wrong_current_password (or csrf_failed)",
          422: "weak_password: under 10 characters, a common password or the username",
        },
      },
      async (c) => {
        const body = await readJsonBody(c, passwordChangeSchema, maxBodyBytes);
        const { user, sessionId } = c.get("staff");
        await changePassword(db, { user, sessionId, ...body, ipHash: ipHashOf(c), now: now() });
        return c.body(null, 204);
      },
    );
}
