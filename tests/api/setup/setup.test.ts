import { createHash } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { seedDemo } from "../../../api/demo/seed-demo.ts";
import { insertDistrict } from "../../../api/districts/repository.ts";
import { issueSetupLink } from "../../../api/setup/setup-link.ts";
import { createStaffAccount } from "../../../api/staff/staff-accounts.ts";
import { createStaticAssets } from "../../../api/web/static-assets.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";
import { distDir } from "../../helpers/test-server.ts";

interface ErrorJson {
  error: { code: string; message: string; details?: { field?: string } };
}

const base = "https://survey.example.cn";
const usedMessage = "此设置链接已使用。请用管理员账号登录。";

function tokenOf(link: string | undefined): string {
  const match = /^https:\/\/survey\.example\.cn\/setup#([\w-]+)$/.exec(link ?? "");
  if (!match?.[1]) throw new Error(`not a setup link: ${link}`);
  return match[1];
}

function setupBody(token: string, overrides: { admin?: object; district?: object } = {}) {
  return {
    token,
    district: {
      name: "青山区",
      level: "district",
      province: "湖北省",
      city: "武汉市",
      bureauName: "青山区教育局",
      ...overrides.district,
    },
    admin: {
      username: "qingshan-admin",
      displayName: "督导室 王老师",
      password: "Qingshan-Survey-2026",
      ...overrides.admin,
    },
  };
}

describe.each(availableDbKinds())("first-run setup on %s", (kind) => {
  let handle: DbHandle;
  let app: Hono;
  const clock = new Date("2026-09-01T02:00:00Z");

  const post = (path: string, body: unknown) =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const check = (token: string) => post("/api/setup/check", { token });
  const counts = async () => ({
    districts: (await handle.db.selectFrom("district").select("id").execute()).length,
    staff: (await handle.db.selectFrom("staff_user").select("id").execute()).length,
    used: (
      await handle.db
        .selectFrom("setup_token")
        .select("used_at")
        .where("used_at", "is not", null)
        .execute()
    ).length,
  });
  const audit = (action: string) =>
    handle.db.selectFrom("audit_log").selectAll().where("action", "=", action).execute();

  let first = "";
  let second = "";

  beforeAll(async () => {
    handle = await createTestDb(kind);
    app = createApp({
      db: handle.db,
      dbKind: handle.kind,
      config: testConfig({ publicUrl: base, trustProxy: true }),
      now: () => clock,
    });
  });
  afterAll(async () => handle?.close());

  it("prints a link with a 256-bit token in the fragment and stores only its SHA-256", async () => {
    first = tokenOf(await issueSetupLink(handle.db, base));
    second = tokenOf(await issueSetupLink(handle.db, base));
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first, "base64url")).toHaveLength(32);
    expect(second).not.toBe(first);
    const rows = await handle.db.selectFrom("setup_token").selectAll().execute();
    expect(rows.map((r) => r.token_hash).sort()).toEqual(
      [first, second].map((t) => createHash("sha256").update(t).digest("hex")).sort(),
    );
    expect(JSON.stringify(rows)).not.toContain(first);
    expect(await audit("setup.link_issued")).toHaveLength(2);
  });

  it("keeps every printed link usable until setup is done; a made-up one is unknown (404)", async () => {
    for (const token of [first, second]) {
      const res = await check(token);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ usable: true });
    }
    for (const token of ["A".repeat(43), "short", `${first}x`, ""]) {
      const res = await check(token);
      expect(res.status, token).toBe(404);
      const body = (await res.json()) as ErrorJson;
      expect(body.error.code).toBe("not_found");
      expect(body.error.message).toContain("setup:");
    }
  });

  it("refuses bad input with a 4xx JSON error and writes nothing", async () => {
    const before = await counts();
    const cases: [object, number, string, string?][] = [
      [{ admin: { password: "qwertyuiop" } }, 422, "weak_password", "admin.password"],
      [{ admin: { password: "short" } }, 422, "weak_password", "admin.password"],
      [{ admin: { password: "QINGSHAN-ADMIN" } }, 422, "weak_password", "admin.password"],
      [{ admin: { username: "王老师" } }, 422, "invalid_account", "admin.username"],
      [{ district: { name: "" } }, 400, "invalid_body"],
      [{ district: { level: "city" } }, 400, "invalid_body"],
      [{ district: { bureauName: "局".repeat(81) } }, 400, "invalid_body"],
    ];
    for (const [overrides, status, code, field] of cases) {
      const res = await post("/api/setup", setupBody(first, overrides));
      expect(res.status, JSON.stringify(overrides)).toBe(status);
      const body = (await res.json()) as ErrorJson;
      expect(body.error.code).toBe(code);
      if (field) expect(body.error.details?.field).toBe(field);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    const notJson = await app.request("/api/setup", { method: "POST", body: "token=x" });
    expect(notJson.status).toBe(415);
    expect(await counts()).toEqual(before);
  });

  it("rolls back the district when the account fails inside the transaction", async () => {
    // A viewer of another district already holds the name: the district is inserted first,
    // then the account is refused, and the district must go with it.
    const other = await insertDistrict(handle.db, {
      name: "旧区",
      level: "district",
      province: null,
      city: null,
      bureauName: "旧区教育局",
    });
    await createStaffAccount(
      handle.db,
      {
        username: "taken-name",
        password: "a long viewer password",
        role: "viewer",
        districtId: other.id,
      },
      { label: "test" },
    );
    const before = await counts();
    const res = await post("/api/setup", setupBody(first, { admin: { username: "Taken-Name" } }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorJson).error.code).toBe("username_taken");
    expect(await counts()).toEqual(before);
    expect((await check(first)).status).toBe(200);
  });

  it("creates the district and its admin in one go, signs the admin in and logs it", async () => {
    const res = await app.request("/api/setup", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.9" },
      body: JSON.stringify(setupBody(first, { district: { level: "county_city", city: "" } })),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const cookieHeader = res.headers.get("set-cookie") ?? "";
    // The same cookie sign-in sets: HttpOnly, SameSite=Strict, Secure behind https.
    expect(cookieHeader).toMatch(/^jh_session=[\w-]+;/);
    expect(cookieHeader).toMatch(/HttpOnly/);
    expect(cookieHeader).toMatch(/SameSite=Strict/);
    expect(cookieHeader).toMatch(/; Secure/);
    const body = (await res.json()) as {
      user: { username: string; role: string; districtId: number; displayName: string };
      permissions: string[];
      csrfToken: string;
    };
    expect(body.user).toMatchObject({
      username: "qingshan-admin",
      role: "admin",
      displayName: "督导室 王老师",
    });
    expect(body.permissions).toContain("campaign.manage");

    const district = await handle.db
      .selectFrom("district")
      .selectAll()
      .where("id", "=", body.user.districtId)
      .executeTakeFirstOrThrow();
    expect(district).toMatchObject({
      name: "青山区",
      level: "county_city",
      province: "湖北省",
      city: null,
      bureau_name: "青山区教育局",
      is_demo: false,
    });

    const cookie = /jh_session=[^;]+/.exec(cookieHeader)?.[0] ?? "";
    const me = await app.request("/api/auth/me", { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { username: "qingshan-admin", districtId: district.id, mustChangePassword: false },
      csrfToken: body.csrfToken,
    });
    const campaigns = await app.request("/api/campaigns", { headers: { cookie } });
    expect(campaigns.status).toBe(200);

    // The password works for a later sign-in too.
    const login = await post("/api/auth/login", {
      username: "qingshan-admin",
      password: "Qingshan-Survey-2026",
    });
    expect(login.status).toBe(200);

    const [entry] = await audit("setup.complete");
    expect(entry).toMatchObject({
      actor_label: "qingshan-admin",
      target: `district:${district.id}`,
    });
    expect(entry?.ip_hash).toMatch(/^[0-9a-f]+$/);
    expect(JSON.stringify(entry)).not.toContain(first);
    expect(await audit("user.create")).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor_label: "setup" })]),
    );
    const used = await handle.db
      .selectFrom("setup_token")
      .select("used_at")
      .where("token_hash", "=", createHash("sha256").update(first).digest("hex"))
      .executeTakeFirstOrThrow();
    expect(used.used_at?.toISOString()).toBe(clock.toISOString());
  });

  it("answers 410 for the used link, every other link and any token once an admin exists", async () => {
    for (const token of [first, second, "A".repeat(43)]) {
      for (const res of [await check(token), await post("/api/setup", setupBody(token))]) {
        expect(res.status, token).toBe(410);
        const body = (await res.json()) as ErrorJson;
        expect(body.error.code).toBe("setup_link_used");
        expect(body.error.message).toContain(usedMessage);
        expect(body.error.message).toMatch(/sign in/);
      }
    }
    expect(
      (await handle.db.selectFrom("staff_user").select("id").where("role", "=", "admin").execute())
        .length,
    ).toBe(1);
  });

  it("prints no new link once an admin exists", async () => {
    expect(await issueSetupLink(handle.db, base)).toBeUndefined();
  });
});

describe.each(availableDbKinds())("two setups at once on %s", (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it("make exactly one admin: the other link answers 410", async () => {
    const app = createApp({ db: handle.db, dbKind: handle.kind, config: testConfig() });
    const tokens = [
      tokenOf(await issueSetupLink(handle.db, base)),
      tokenOf(await issueSetupLink(handle.db, base)),
    ];
    const answers = await Promise.all(
      tokens.map((token, i) =>
        app.request("/api/setup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(
            setupBody(token, { admin: { username: `admin-${i}` }, district: { name: `第${i}区` } }),
          ),
        }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 410]);
    const admins = await handle.db.selectFrom("staff_user").select("id").execute();
    const districts = await handle.db.selectFrom("district").select("id").execute();
    expect([admins.length, districts.length]).toEqual([1, 1]);
  });
});

describe("the demo and the setup page", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb("pglite");
  });
  afterAll(async () => handle?.close());

  it("prints no link when the demo admin exists", async () => {
    await seedDemo(handle.db, new Date(), 0);
    expect(await issueSetupLink(handle.db, base)).toBeUndefined();
  });

  it("serves the setup page's shell with a strict policy and its own script", async () => {
    const assets = createStaticAssets(distDir);
    const app = createApp({ db: handle.db, dbKind: handle.kind, config: testConfig(), assets });
    const res = await app.request("/setup");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("首次设置");
    expect(html).toContain(`<script type="module" src="${assets.entry("setup").scripts[0]}">`);
    // The page shares no script with the staff pages or the respondent page.
    const others = [...assets.entry("staff").scripts, ...assets.entry("respondent").scripts];
    expect(assets.entry("setup").scripts.filter((s) => others.includes(s))).toEqual([]);
  });
});
