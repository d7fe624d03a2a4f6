import { beforeAll, describe, expect, it } from "vitest";
import type { AccountList, AccountView, IssuedPasswordView } from "../../../api/accounts/types.ts";
import { insertSchool } from "../../../api/schools/repository.ts";
import { passwordProblem } from "../../../api/staff/password-rules.ts";
import { createStaffAccount } from "../../../api/staff/staff-accounts.ts";
import { seedCampaign, type SeededCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";
import { errorCode, logIn, sendJson, temporaryPasswordShape } from "./account-steps.ts";

describe.each(availableDbKinds())(
  "a bureau admin manages its district's accounts on %s",
  (kind) => {
    const ctx = useSeededApp(kind, {
      seed: { schools: 3 },
      accounts: {
        operator: { role: "admin" },
        principal: { role: "school", school: 0, displayName: "一小校长" },
        watcher: { role: "viewer" },
      },
    });
    const { seeded, accounts } = ctx;
    let admin: SignedIn;
    let other: SeededCampaign;
    let otherAccountId: number;

    beforeAll(async () => {
      admin = await signedIn(ctx.app, ctx.db, {
        username: "bureau-admin",
        role: "admin",
        campaignId: seeded.campaignId,
        displayName: "教育局张老师",
      });
      other = await seedCampaign(ctx.db, { schools: 1 });
      // Seeded districts share the demo's codes; this one is the other district's alone.
      await insertSchool(ctx.db, {
        campaignId: other.campaignId,
        code: "FAR01",
        name: "远方小学",
        town: "远方镇",
        areaType: "rural",
        levels: ["primary"],
        enrolment: { primary: 100 },
      });
      otherAccountId = (
        await createStaffAccount(
          ctx.db,
          {
            username: "other-viewer",
            password: "pw-other-viewer-0123",
            role: "viewer",
            campaignId: other.campaignId,
          },
          { label: "test" },
        )
      ).id;
    });

    const list = async (who: SignedIn = admin) => {
      const res = await who.request("/api/accounts");
      expect(res.status).toBe(200);
      return (await res.json()) as AccountList;
    };
    const byName = async (username: string) => {
      const found = (await list()).accounts.find((a) => a.username === username);
      if (!found) throw new Error(`no account ${username}`);
      return found;
    };
    const create = (body: Record<string, unknown>) =>
      sendJson(admin, "POST", "/api/accounts", body);
    const auditActions = async (target: number) =>
      (
        await ctx.db
          .selectFrom("audit_log")
          .select(["action", "actor_label", "details"])
          .where("target", "=", `staff_user:${target}`)
          .where("action", "like", "user.%")
          .orderBy("id")
          .execute()
      ).map((r) => ({ action: r.action, actor: r.actor_label, details: r.details }));

    it("lists the district's accounts only, with role, school name and last sign-in", async () => {
      const { accounts: listed, loginUrl } = await list();
      expect(loginUrl).toBe("http://localhost/staff/");
      const names = listed.map((a) => a.username);
      expect(names).toEqual(expect.arrayContaining(["bureau-admin", "principal", "watcher"]));
      expect(names).not.toContain("operator"); // an operator's admin belongs to no district
      expect(names).not.toContain("other-viewer");
      expect(names[0]).toBe("bureau-admin"); // admins first
      const principal = listed.find((a) => a.username === "principal") as AccountView;
      expect(principal).toMatchObject({
        role: "school",
        displayName: "一小校长",
        schoolCode: seeded.schoolCodes[0],
        schoolName: seeded.setup.schools[0]?.name,
        lockedUntil: null,
        disabled: false,
        mustChangePassword: false,
      });
      expect(Date.parse(principal.lastLoginAt ?? "")).toBeGreaterThan(Date.now() - 600_000);
    });

    it("lets an operator's admin see every district, and nobody but admins in", async () => {
      const all = (await list(accounts.operator)).accounts.map((a) => a.username);
      expect(all).toEqual(expect.arrayContaining(["operator", "bureau-admin", "other-viewer"]));
      for (const who of [accounts.principal, accounts.watcher]) {
        const res = await who.request("/api/accounts");
        expect(res.status).toBe(403);
        expect(await errorCode(res)).toBe("forbidden");
        const made = await sendJson(who, "POST", "/api/accounts", {
          role: "viewer",
          username: "x1",
        });
        expect(made.status).toBe(403);
      }
      expect((await ctx.app.request("/api/accounts")).status).toBe(401);

      // An operator's admin belongs to no district: it names the one a new account joins.
      const operator = (body: Record<string, unknown>) =>
        sendJson(accounts.operator, "POST", "/api/accounts", body);
      const unnamed = await operator({ role: "viewer", username: "op-made" });
      expect([unnamed.status, await errorCode(unnamed)]).toEqual([422, "district_required"]);
      const named = await operator({
        role: "school",
        username: "op-made",
        schoolCode: "FAR01",
        districtId: other.setup.districtId,
      });
      expect(named.status).toBe(201);
      expect(((await named.json()) as IssuedPasswordView).account).toMatchObject({
        districtId: other.setup.districtId,
        schoolName: "远方小学",
      });
    });

    it("creates an account with a temporary password, answered once, that must be changed first", async () => {
      const res = await create({ role: "publicity", username: "Xuanchuan", displayName: "宣传科" });
      expect(res.status).toBe(201);
      const made = (await res.json()) as IssuedPasswordView;
      expect(made.temporaryPassword).toMatch(temporaryPasswordShape);
      expect(passwordProblem(made.temporaryPassword, "Xuanchuan")).toBeNull();
      expect(made.account).toMatchObject({
        username: "Xuanchuan",
        role: "publicity",
        displayName: "宣传科",
        districtId: seeded.setup.districtId,
        schoolCode: null,
        mustChangePassword: true,
        lastLoginAt: null,
      });
      // Answered once: the list never carries it.
      expect(JSON.stringify(await list())).not.toContain(made.temporaryPassword);
      expect(await auditActions(made.account.id)).toEqual([
        expect.objectContaining({ action: "user.create", actor: "bureau-admin" }),
      ]);

      const signed = await logIn(ctx.app, "xuanchuan", made.temporaryPassword);
      expect(signed.status).toBe(200);
      expect(signed.body).toMatchObject({ user: { mustChangePassword: true } });
      const session = signed.session as SignedIn;
      const blocked = await session.request("/api/campaigns");
      expect(blocked.status).toBe(403);
      expect(await errorCode(blocked)).toBe("password_change_required");
      const change = (newPassword: string) =>
        sendJson(session, "POST", "/api/auth/password", {
          currentPassword: made.temporaryPassword,
          newPassword,
        });
      const weak = await change("password123");
      expect(weak.status).toBe(422);
      expect(await errorCode(weak)).toBe("weak_password");
      expect((await session.request("/api/campaigns")).status).toBe(403);
      expect((await change("宣传科的新密码 2025 春")).status).toBe(204);
      expect((await session.request("/api/campaigns")).status).toBe(200);
      expect(await (await session.request("/api/auth/me")).json()).toMatchObject({
        user: { mustChangePassword: false },
      });
    });

    it("creates a school account for a school of the district, by code", async () => {
      const code = seeded.schoolCodes[1] as string;
      const res = await create({ role: "school", username: "school-two", schoolCode: code });
      expect(res.status).toBe(201);
      const made = (await res.json()) as IssuedPasswordView;
      expect(made.account).toMatchObject({
        role: "school",
        schoolCode: code,
        schoolName: seeded.setup.schools[1]?.name,
        displayName: "school-two",
      });
    });

    it("refuses bad accounts with the reason, and writes nothing", async () => {
      const before = await ctx.db.selectFrom("staff_user").select("id").execute();
      const cases: [Record<string, unknown>, number, string][] = [
        [{ role: "viewer", username: "WATCHER" }, 409, "username_taken"],
        [{ role: "viewer", username: "中文名" }, 422, "invalid_account"],
        [{ role: "school", username: "no-school" }, 422, "invalid_account"],
        [{ role: "school", username: "far-school", schoolCode: "FAR01" }, 422, "invalid_account"],
        [{ role: "school", username: "nowhere", schoolCode: "NOPE" }, 422, "invalid_account"],
        [
          { role: "viewer", username: "viewer-2", schoolCode: seeded.schoolCodes[0] },
          422,
          "invalid_account",
        ],
        [
          { role: "viewer", username: "elsewhere", districtId: other.setup.districtId },
          404,
          "not_found",
        ],
        [{ role: "root", username: "root-user" }, 400, "invalid_body"],
        [
          { role: "viewer", username: "pw-given", password: "mine-0123456789" },
          400,
          "invalid_body",
        ],
      ];
      for (const [body, status, code] of cases) {
        const res = await create(body);
        expect([res.status, await errorCode(res)], JSON.stringify(body)).toEqual([status, code]);
      }
      const bad = await admin.request("/api/accounts", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      });
      expect(bad.status).toBe(400);
      expect(await ctx.db.selectFrom("staff_user").select("id").execute()).toEqual(before);
    });

    it("answers 404 for another district's account, whatever is asked", async () => {
      const base = `/api/accounts/${otherAccountId}`;
      for (const [method, path, body] of [
        ["PATCH", base, { displayName: "改名" }],
        ["POST", `${base}/disable`, undefined],
        ["POST", `${base}/enable`, undefined],
        ["POST", `${base}/password-reset`, undefined],
        ["POST", "/api/accounts/abc/disable", undefined],
      ] as const) {
        const res = await sendJson(admin, method, path, body);
        expect([res.status, await errorCode(res)], `${method} ${path}`).toEqual([404, "not_found"]);
      }
      const row = await ctx.db
        .selectFrom("staff_user")
        .select(["display_name", "disabled_at"])
        .where("id", "=", otherAccountId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ display_name: "other-viewer", disabled_at: null });
    });

    it("changes a role and a school, and keeps the rules of who has a school", async () => {
      const watcher = await byName("watcher");
      const patch = (id: number, body: Record<string, unknown>) =>
        sendJson(admin, "PATCH", `/api/accounts/${id}`, body);

      const noSchool = await patch(watcher.id, { role: "school" });
      expect([noSchool.status, await errorCode(noSchool)]).toEqual([422, "invalid_account"]);
      const unknown = await patch(watcher.id, { role: "school", schoolCode: "NOPE" });
      expect([unknown.status, await errorCode(unknown)]).toEqual([422, "invalid_account"]);

      const code = seeded.schoolCodes[2] as string;
      const toSchool = await patch(watcher.id, { role: "school", schoolCode: code });
      expect(toSchool.status).toBe(200);
      expect(await toSchool.json()).toMatchObject({
        role: "school",
        schoolCode: code,
        schoolName: seeded.setup.schools[2]?.name,
      });
      // The change applies to the live session at once: the permissions come from the row.
      const me = (await (await accounts.watcher.request("/api/auth/me")).json()) as {
        user: { role: string; schoolCode: string };
      };
      expect(me.user).toMatchObject({ role: "school", schoolCode: code });

      const otherSchool = await patch(watcher.id, { schoolCode: seeded.schoolCodes[0] });
      expect(await otherSchool.json()).toMatchObject({ schoolCode: seeded.schoolCodes[0] });

      const back = await patch(watcher.id, { role: "viewer", displayName: "督导室" });
      expect(await back.json()).toMatchObject({
        role: "viewer",
        schoolCode: null,
        schoolName: null,
        displayName: "督导室",
      });
      const schoolForViewer = await patch(watcher.id, { schoolCode: code });
      expect([schoolForViewer.status, await errorCode(schoolForViewer)]).toEqual([
        422,
        "invalid_account",
      ]);
      expect(
        (await auditActions(watcher.id)).filter((a) => a.action === "user.update"),
      ).toHaveLength(3);
    });

    it("will not let an admin demote, disable or reset itself", async () => {
      const self = await byName("bureau-admin");
      for (const [method, path, body] of [
        ["PATCH", `/api/accounts/${self.id}`, { role: "viewer" }],
        ["POST", `/api/accounts/${self.id}/disable`, undefined],
        ["POST", `/api/accounts/${self.id}/password-reset`, undefined],
      ] as const) {
        const res = await sendJson(admin, method, path, body);
        expect([res.status, await errorCode(res)], path).toEqual([409, "own_account"]);
      }
      // Its own name may change.
      const renamed = await sendJson(admin, "PATCH", `/api/accounts/${self.id}`, {
        displayName: "教育局张老师（基教科）",
      });
      expect(renamed.status).toBe(200);
      expect((await admin.request("/api/auth/me")).status).toBe(200);
    });

    it("disables an account, ending its sessions, and enables it again", async () => {
      const account = await signedIn(ctx.app, ctx.db, {
        username: "to-disable",
        role: "viewer",
        campaignId: seeded.campaignId,
      });
      const { id } = await byName("to-disable");
      const disabled = await sendJson(admin, "POST", `/api/accounts/${id}/disable`);
      expect(disabled.status).toBe(200);
      expect(await disabled.json()).toMatchObject({ disabled: true });
      expect((await account.request("/api/auth/me")).status).toBe(401);
      expect(
        await ctx.db.selectFrom("staff_session").select("id").where("user_id", "=", id).execute(),
      ).toEqual([]);
      expect((await logIn(ctx.app, "to-disable", "pw-to-disable-0123456789")).status).toBe(401);

      const enabled = await sendJson(admin, "POST", `/api/accounts/${id}/enable`);
      expect(await enabled.json()).toMatchObject({ disabled: false });
      expect((await logIn(ctx.app, "to-disable", "pw-to-disable-0123456789")).status).toBe(200);
      expect((await auditActions(id)).map((a) => a.action)).toEqual([
        "user.create",
        "user.disable",
        "user.enable",
      ]);
    });

    it("resets a locked account's password: sessions end, the lock lifts, the new one must be changed", async () => {
      const account = await signedIn(ctx.app, ctx.db, {
        username: "forgetful",
        role: "school",
        campaignId: seeded.campaignId,
        schoolCode: seeded.schoolCodes[1],
      });
      for (let i = 0; i < 5; i++) await logIn(ctx.app, "forgetful", `wrong-guess-${i}-abcdef`);
      const locked = await logIn(ctx.app, "forgetful", "pw-forgetful-0123456789");
      expect(locked.status).toBe(429);
      const listed = await byName("forgetful");
      expect(Date.parse(listed.lockedUntil ?? "")).toBeGreaterThan(Date.now() + 10 * 60_000);

      const res = await sendJson(admin, "POST", `/api/accounts/${listed.id}/password-reset`);
      expect(res.status).toBe(200);
      const reset = (await res.json()) as IssuedPasswordView;
      expect(reset.temporaryPassword).toMatch(temporaryPasswordShape);
      expect(reset.account).toMatchObject({ lockedUntil: null, mustChangePassword: true });
      expect((await account.request("/api/auth/me")).status).toBe(401);

      expect((await logIn(ctx.app, "forgetful", "pw-forgetful-0123456789")).status).toBe(401);
      const signed = await logIn(ctx.app, "forgetful", reset.temporaryPassword);
      expect(signed.status).toBe(200);
      const session = signed.session as SignedIn;
      const dashboard = `/api/campaigns/${seeded.campaignId}/dashboard`;
      expect(await errorCode(await session.request(dashboard))).toBe("password_change_required");
      const changed = await sendJson(session, "POST", "/api/auth/password", {
        currentPassword: reset.temporaryPassword,
        newPassword: "forgetful-remembers-now",
      });
      expect(changed.status).toBe(204);
      expect((await session.request(dashboard)).status).toBe(200);

      const trail = await auditActions(listed.id);
      expect(trail.map((a) => a.action)).toContain("user.password_reset");
      expect(JSON.stringify(trail)).not.toContain(reset.temporaryPassword);
    });
  },
);
