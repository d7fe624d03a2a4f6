import { beforeAll, describe, expect, it } from "vitest";
import type { AccountList, SchoolAccountsView } from "../../../api/accounts/types.ts";
import { qrSvg } from "../../../api/channels/qr-code.ts";
import { passwordProblem } from "../../../api/staff/password-rules.ts";
import { createStaffAccount } from "../../../api/staff/staff-accounts.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";
import { errorCode, logIn, sendJson, temporaryPasswordShape } from "./account-steps.ts";

describe.each(availableDbKinds())("one account per school, on slips, on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    // A trailing slash, as PUBLIC_URL is often written: the login address has one slash.
    config: { publicUrl: "https://survey.example.cn/" },
    seed: { schools: 4 },
    accounts: { principal: { role: "school", school: 0 } },
  });
  const { seeded } = ctx;
  let admin: SignedIn;
  let other: SeededCampaign;

  beforeAll(async () => {
    admin = await signedIn(ctx.app, ctx.db, {
      username: "bureau-admin",
      role: "admin",
      campaignId: seeded.campaignId,
    });
    other = await seedCampaign(ctx.db, { schools: 2 });
    // Another district's account already holds the name the second school's code gives.
    await createStaffAccount(
      ctx.db,
      {
        username: (seeded.schoolCodes[1] as string).toLowerCase(),
        password: "pw-elsewhere-0123456789",
        role: "viewer",
        campaignId: other.campaignId,
      },
      { label: "test" },
    );
  });

  const bulk = (campaignId: number, who: SignedIn = admin) =>
    sendJson(who, "POST", "/api/accounts/schools", { campaignId });

  it("makes the missing school accounts, skips the school that has one, and answers each password once", async () => {
    const res = await bulk(seeded.campaignId);
    expect(res.status).toBe(201);
    const made = (await res.json()) as SchoolAccountsView;
    expect(made.loginUrl).toBe("https://survey.example.cn/staff/");
    expect(made.skipped).toEqual([
      {
        schoolCode: seeded.schoolCodes[0],
        schoolName: seeded.setup.schools[0]?.name,
        username: "principal",
      },
    ]);
    const [, second, third, fourth] = seeded.setup.schools;
    expect(made.created.map((c) => [c.account.username, c.account.displayName])).toEqual([
      [`${second?.code.toLowerCase()}-2`, second?.name],
      [third?.code.toLowerCase(), third?.name],
      [fourth?.code.toLowerCase(), fourth?.name],
    ]);
    for (const { account, temporaryPassword } of made.created) {
      expect(account).toMatchObject({
        role: "school",
        districtId: seeded.setup.districtId,
        mustChangePassword: true,
        disabled: false,
      });
      expect(account.schoolName).toBe(account.displayName);
      expect(temporaryPassword).toMatch(temporaryPasswordShape);
      expect(passwordProblem(temporaryPassword, account.username)).toBeNull();
    }
    expect(new Set(made.created.map((c) => c.temporaryPassword)).size).toBe(3);
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["actor_label", "target"])
      .where("action", "=", "user.create")
      .where("actor_label", "=", "bureau-admin")
      .execute();
    expect(audit.map((a) => a.target).sort()).toEqual(
      made.created.map((c) => `staff_user:${c.account.id}`).sort(),
    );

    // A slip's account signs in with its password and is made to change it first.
    const slip = made.created[1];
    if (!slip) throw new Error("no slip");
    const signed = await logIn(ctx.app, slip.account.username, slip.temporaryPassword);
    expect(signed.status).toBe(200);
    const dashboard = `/api/campaigns/${seeded.campaignId}/dashboard`;
    const session = signed.session as SignedIn;
    expect(await errorCode(await session.request(dashboard))).toBe("password_change_required");
    await sendJson(session, "POST", "/api/auth/password", {
      currentPassword: slip.temporaryPassword,
      newPassword: "third-school-own-password",
    });
    const own = await session.request(dashboard);
    expect(own.status).toBe(200);
  });

  it("skips every school the second time and writes nothing", async () => {
    const before = await ctx.db.selectFrom("staff_user").select("id").execute();
    const res = await bulk(seeded.campaignId);
    expect(res.status).toBe(200);
    const again = (await res.json()) as SchoolAccountsView;
    expect(again.created).toEqual([]);
    expect(again.skipped.map((s) => s.schoolCode)).toEqual(seeded.schoolCodes);
    expect(await ctx.db.selectFrom("staff_user").select("id").execute()).toEqual(before);
    const listed = (await (await admin.request("/api/accounts")).json()) as AccountList;
    expect(listed.accounts.filter((a) => a.role === "school")).toHaveLength(4);
  });

  it("refuses another district's campaign, an unknown one, a bad body and a school account", async () => {
    for (const campaignId of [other.campaignId, 999_999]) {
      const res = await bulk(campaignId);
      expect([res.status, await errorCode(res)]).toEqual([404, "not_found"]);
    }
    const bad = await sendJson(admin, "POST", "/api/accounts/schools", { campaignId: "1" });
    expect([bad.status, await errorCode(bad)]).toEqual([400, "invalid_body"]);
    const school = await bulk(seeded.campaignId, ctx.accounts.principal);
    expect([school.status, await errorCode(school)]).toEqual([403, "forbidden"]);
    const otherSchools = await ctx.db
      .selectFrom("staff_user")
      .select("id")
      .where("district_id", "=", other.setup.districtId)
      .where("role", "=", "school")
      .execute();
    expect(otherSchools).toEqual([]);
  });

  it("draws the login address as a QR code for the slips", async () => {
    const res = await admin.request("/api/accounts/login-qr.svg");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg[^>]*viewBox/);
    expect(svg).toBe(await qrSvg("https://survey.example.cn/staff/"));
    expect(svg).not.toBe(await qrSvg("https://survey.example.cn//staff/"));
    expect((await ctx.accounts.principal.request("/api/accounts/login-qr.svg")).status).toBe(403);
  });
});
