import { createHash } from "node:crypto";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { hashPassword, verifyPassword } from "../../../api/staff/password.ts";
import {
  type StaffEnv,
  requirePermission,
  requireSchoolAccess,
  requireStaff,
} from "../../../api/staff/require-staff.ts";
import { createStaffAccount } from "../../../api/staff/staff-accounts.ts";
import { testConfig } from "../../../api/config.ts";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { resetDemo } from "../../../api/demo/reset-demo.ts";
import { seedDemo } from "../../../api/demo/seed-demo.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";

const password = "correct horse battery";

describe("scrypt password hashes", () => {
  it("round-trip, are salted and never contain the password", async () => {
    const a = await hashPassword(password);
    const b = await hashPassword(password);
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(password);
    expect(a).not.toContain(Buffer.from(password).toString("base64url"));
    expect(await verifyPassword(password, a)).toBe(true);
    expect(await verifyPassword(`${password}!`, a)).toBe(false);
    expect(await verifyPassword(password, "plain-text")).toBe(false);
    expect(await verifyPassword(password, a.replace("ln=15", "ln=30"))).toBe(false);
  });
});

interface ErrorJson {
  error: { code: string; message: string };
}

function sessionCookie(res: Response): string {
  const header = res.headers.get("set-cookie") ?? "";
  const match = /jh_session=([^;]*)/.exec(header);
  if (!match?.[1]) throw new Error(`no session cookie in "${header}"`);
  return `jh_session=${match[1]}`;
}

describe.each(availableDbKinds())("staff auth on %s", (kind) => {
  let clock = new Date("2026-11-20T08:00:00Z");
  const now = () => clock;
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const ctx = useSeededApp(kind, { now });
  const { seeded } = ctx;

  const login = (
    username: string,
    pw: string,
    headers: Record<string, string> = {},
    on = ctx.app,
  ) =>
    on.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ username, password: pw }),
    });

  async function signIn(username: string, pw = password) {
    const res = await login(username, pw);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { csrfToken: string };
    return { cookie: sessionCookie(res), csrf: body.csrfToken };
  }

  const me = (cookie?: string) =>
    ctx.app.request("/api/auth/me", { headers: cookie ? { cookie } : {} });

  async function audit(action: string): Promise<number> {
    const rows = await ctx.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", action)
      .execute();
    return rows.length;
  }

  beforeAll(async () => {
    const cli = { label: "test" };
    for (const username of ["chen", "zhao", "sun", "qian"]) {
      await createStaffAccount(ctx.db, { username, password, role: "admin" }, cli);
    }
    await createStaffAccount(
      ctx.db,
      { username: "wang", password, role: "viewer", campaignId: seeded.campaignId },
      cli,
    );
    await createStaffAccount(
      ctx.db,
      {
        username: "li",
        password,
        role: "school",
        schoolCode: seeded.schoolCodes[0],
        campaignId: seeded.campaignId,
      },
      cli,
    );
  });

  it("logs in with an HttpOnly SameSite=Strict session cookie and a CSRF token", async () => {
    const res = await login("Chen", password);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      user: Record<string, unknown>;
      district: unknown;
      csrfToken: string;
    };
    expect(body.user).toMatchObject({
      username: "chen",
      role: "admin",
      schoolCode: null,
      mustChangePassword: false,
    });
    // An operator's admin works for no one district; a school account names its bureau.
    expect(body.district).toBeNull();
    const school = (await (await login("li", password)).json()) as { district: unknown };
    expect(school.district).toEqual({ name: "测试区", bureauName: "测试区教育局" });
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const header = res.headers.get("set-cookie") ?? "";
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\//);
    expect(header).toMatch(/Max-Age=\d+/);
    expect(header).not.toMatch(/Secure/);
    expect(res.headers.get("cache-control")).toBe("no-store");

    // Only the SHA-256 of the token is stored.
    const token = sessionCookie(res).slice("jh_session=".length);
    const ids = (await ctx.db.selectFrom("staff_session").select("id").execute()).map((r) => r.id);
    expect(ids).not.toContain(token);
    expect(ids).toContain(createHash("sha256").update(token).digest("hex"));
  });

  it("marks the cookie Secure when the public address is https", async () => {
    const secure = createApp({
      db: ctx.db,
      dbKind: kind,
      config: testConfig({ publicUrl: "https://survey.example.cn" }),
      now,
    });
    const res = await login("chen", password, {}, secure);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it("answers wrong credentials with the same 401 whether or not the user exists", async () => {
    const wrong = await login("chen", "not the password");
    const unknown = await login("nobody", "not the password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as ErrorJson;
    const b = (await unknown.json()) as ErrorJson;
    expect(a.error.code).toBe("invalid_credentials");
    expect(a).toEqual(b);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("GET /me: the user with a session, 401 in the JSON error shape without", async () => {
    const { cookie, csrf } = await signIn("chen");
    const ok = await me(cookie);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ user: { username: "chen" }, csrfToken: csrf });

    for (const res of [await me(), await me("jh_session=forged")]) {
      expect(res.status).toBe(401);
      const body = (await res.json()) as ErrorJson;
      expect(Object.keys(body.error).sort()).toEqual(["code", "message"]);
      expect(body.error.code).toBe("unauthenticated");
      expect(body.error.message).toMatch(/请先登录.*sign in/);
    }
  });

  it("logout needs the CSRF header, then ends the session", async () => {
    const { cookie, csrf } = await signIn("chen");
    const logout = (headers: Record<string, string>) =>
      ctx.app.request("/api/auth/logout", { method: "POST", headers: { cookie, ...headers } });
    for (const headers of [
      {},
      { "x-csrf-token": "wrong" },
      { "x-csrf-token": `${csrf}x` },
    ] as Record<string, string>[]) {
      const res = await logout(headers);
      expect(res.status).toBe(403);
      expect(((await res.json()) as ErrorJson).error.code).toBe("csrf_failed");
    }
    expect((await me(cookie)).status).toBe(200);
    const res = await logout({ "x-csrf-token": csrf });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/jh_session=;.*Max-Age=0/);
    expect((await me(cookie)).status).toBe(401);
    expect((await logout({ "x-csrf-token": csrf })).status).toBe(401);
  });

  it("sessions expire after 12 hours even when used", async () => {
    const { cookie } = await signIn("qian");
    for (let i = 0; i < 7; i++) {
      advance(100 * 60 * 1000);
      expect((await me(cookie)).status).toBe(200);
    }
    advance(60 * 60 * 1000);
    expect((await me(cookie)).status).toBe(401);
  });

  it("sessions end after two idle hours", async () => {
    const { cookie } = await signIn("qian");
    advance(2 * 3600 * 1000 + 1000);
    expect((await me(cookie)).status).toBe(401);
  });

  it("locks a username after 5 failures for 15 minutes, with Retry-After", async () => {
    for (let i = 0; i < 5; i++) {
      advance(1000);
      expect((await login("zhao", `wrong ${i}`)).status).toBe(401);
    }
    advance(1000);
    const locked = await login("zhao", password);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as ErrorJson).error.code).toBe("login_locked");
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another account is not affected.
    expect((await login("chen", password)).status).toBe(200);

    advance(10 * 60 * 1000);
    expect((await login("ZHAO", password)).status).toBe(429);
    advance(retryAfter * 1000);
    expect((await login("zhao", password)).status).toBe(200);
  });

  it("locks an address after 20 failures, across usernames (behind a trusted proxy)", async () => {
    const proxied = createApp({
      db: ctx.db,
      dbKind: kind,
      config: testConfig({ trustProxy: true }),
      now,
    });
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    for (let i = 0; i < 20; i++) {
      expect((await login(`guess${i}`, "x", from("203.0.113.9"), proxied)).status).toBe(401);
    }
    expect((await login("chen", password, from("203.0.113.9"), proxied)).status).toBe(429);
    expect((await login("chen", password, from("198.51.100.4"), proxied)).status).toBe(200);
    advance(15 * 60 * 1000 + 1000);
    expect((await login("chen", password, from("203.0.113.9"), proxied)).status).toBe(200);
  });

  it("a password change revokes the other sessions and retires the old password", async () => {
    const first = await signIn("sun");
    const second = await signIn("sun");
    const change = (body: unknown, csrf = first.csrf) =>
      ctx.app.request("/api/auth/password", {
        method: "POST",
        headers: { cookie: first.cookie, "x-csrf-token": csrf, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const newPassword = "a much longer passphrase";

    expect((await change({ currentPassword: password, newPassword }, "")).status).toBe(403);
    const short = await change({ currentPassword: password, newPassword: "short" });
    expect(short.status).toBe(422);
    expect(((await short.json()) as ErrorJson).error.code).toBe("weak_password");
    const common = await change({ currentPassword: password, newPassword: "1qaz2wsx3edc" });
    expect(((await common.json()) as ErrorJson).error.code).toBe("weak_password");
    const wrong = await change({ currentPassword: "not it", newPassword });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as ErrorJson).error.code).toBe("wrong_current_password");

    expect((await change({ currentPassword: password, newPassword })).status).toBe(204);
    expect((await me(first.cookie)).status).toBe(200);
    expect((await me(second.cookie)).status).toBe(401);
    expect((await login("sun", password)).status).toBe(401);
    expect((await login("sun", newPassword)).status).toBe(200);
  });

  it("requirePermission and requireSchoolAccess answer 403 for the wrong role or school", async () => {
    // A test-only sub-app showing how staff routes use the middleware.
    const routes = new Hono<StaffEnv>();
    routes.use("*", requireStaff({ db: ctx.db, now }));
    routes.get("/admin-only", requirePermission("campaign.manage"), (c) => c.json({ ok: true }));
    routes.get("/schools/:id", requirePermission("dashboard.read"), async (c) => {
      const school = await ctx.db
        .selectFrom("school")
        .select(["id", "code"])
        .where("id", "=", Number(c.req.param("id")))
        .executeTakeFirst();
      if (!school) return c.json({ error: { code: "not_found", message: "not found" } }, 404);
      requireSchoolAccess(c, school);
      return c.json({ ok: true });
    });
    const withRoutes = createApp({ db: ctx.db, dbKind: kind, config: testConfig(), now });
    withRoutes.route("/api/test", routes);
    const get = async (path: string, username: string) => {
      const { cookie } = await signIn(username);
      return withRoutes.request(`/api/test${path}`, { headers: { cookie } });
    };
    const [own, other] = seeded.setup.schools;
    if (!own || !other) throw new Error("seeded schools missing");

    expect((await withRoutes.request("/api/test/admin-only")).status).toBe(401);
    expect((await get("/admin-only", "chen")).status).toBe(200);
    const viewer = await get("/admin-only", "wang");
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as ErrorJson).error.code).toBe("forbidden");
    expect((await get(`/schools/${own.id}`, "li")).status).toBe(200);
    const otherSchool = await get(`/schools/${other.id}`, "li");
    expect(otherSchool.status).toBe(403);
    expect(((await otherSchool.json()) as ErrorJson).error.code).toBe("forbidden");
    expect((await get(`/schools/${other.id}`, "wang")).status).toBe(200);
    expect((await get(`/schools/${other.id}`, "chen")).status).toBe(200);
  });

  it("the database enforces the account rules", async () => {
    const insert = (values: Record<string, unknown>) =>
      ctx.db
        .insertInto("staff_user")
        .values({
          username: "x",
          password_hash: "h",
          role: "admin",
          school_code: null,
          district_id: null,
          display_name: "x",
          ...values,
        })
        .execute();
    const districtId = seeded.setup.districtId;
    await expect(insert({ role: "school", district_id: districtId })).rejects.toThrow();
    await expect(
      insert({ role: "viewer", school_code: "X1", district_id: districtId }),
    ).rejects.toThrow();
    await expect(insert({ role: "viewer" })).rejects.toThrow();
    await expect(insert({ role: "root" })).rejects.toThrow();
    await expect(insert({ username: "CHEN" })).rejects.toThrow();
  });

  it("audit-logs logins, failures, logouts and password changes, and refuses edits", async () => {
    for (const action of [
      "auth.login",
      "auth.login_failed",
      "auth.logout",
      "auth.password_change",
      "user.create",
    ]) {
      expect(await audit(action), action).toBeGreaterThan(0);
    }
    const failed = await ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "auth.login_failed")
      .where("actor_label", "=", "nobody")
      .executeTakeFirstOrThrow();
    expect(failed.actor_user_id).toBeNull();
    expect(failed.details).toEqual({ reason: "unknown_user" });
    const all = await ctx.db.selectFrom("audit_log").selectAll().execute();
    expect(JSON.stringify(all)).not.toContain(password);

    await expect(
      ctx.db.updateTable("audit_log").set({ action: "tampered" }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(ctx.db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    expect(await audit("tampered")).toBe(0);
  });
});

describe.each(availableDbKinds())("the demo admin on %s", (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it("gets a random password at seeding and a new one at demo:reset", async () => {
    const app = createApp({ db: handle.db, dbKind: handle.kind, config: testConfig() });
    const login = (pw: string) =>
      app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "demo-admin", password: pw }),
      });
    const first = await seedDemo(handle.db, new Date(), 10);
    expect(first.admin.username).toBe("demo-admin");
    expect(first.admin.password.length).toBeGreaterThanOrEqual(16);
    const res = await login(first.admin.password);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { role: "admin" } });

    const stored = await handle.db.selectFrom("staff_user").select("password_hash").execute();
    expect(JSON.stringify(stored)).not.toContain(first.admin.password);

    const second = await resetDemo(handle.db);
    expect(second.admin.password).not.toBe(first.admin.password);
    expect((await login(first.admin.password)).status).toBe(401);
    expect((await login(second.admin.password)).status).toBe(200);
    // The old account's audit rows survive its deletion (append-only, no foreign key).
    const rows = await handle.db
      .selectFrom("audit_log")
      .select(["actor_label", "actor_user_id"])
      .where("action", "=", "auth.login")
      .execute();
    expect(rows.filter((r) => r.actor_label === "demo-admin")).toHaveLength(2);
  });
});
