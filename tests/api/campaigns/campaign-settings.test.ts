import { beforeAll, describe, expect, it } from "vitest";
import { demoDistrict } from "../../../api/demo/demo-district.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface CampaignJson {
  id: number;
  name: string;
  scheme: string;
  opensAt: string;
  closesAt: string;
  residentPopulation: number | null;
  areaPopulations: Record<"urban" | "town" | "rural", number | null>;
  targetOverride: number | null;
  computedTarget: number;
  target: number;
}

interface PlanJson {
  total: number;
  computedTotal: number;
  overrideTotal: number | null;
  byGroup: Record<string, number>;
  parentsBySchool: Record<string, number>;
  byArea: Record<string, number> | null;
}

describe.each(availableDbKinds())("campaign settings and targets on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 12 },
    accounts: {
      admin: { username: "bureau", role: "admin" },
      viewer: { role: "viewer" },
      school: { role: "school", school: 0 },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, school } = ctx.accounts;
  let other: SeededCampaign;

  beforeAll(async () => {
    other = await seedCampaign(ctx.db, { schools: 1, scheme: "quality_2017" });
  });

  const campaignPath = (id = seeded.campaignId) => `/api/campaigns/${id}`;
  const patch = (who: SignedIn, body: unknown, id = seeded.campaignId) =>
    who.request(campaignPath(id), {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const plan = async (id = seeded.campaignId) =>
    (await (await admin.request(`${campaignPath(id)}/sample-plan`)).json()) as PlanJson;
  const stored = () =>
    ctx.db
      .selectFrom("campaign")
      .selectAll()
      .where("id", "=", seeded.campaignId)
      .executeTakeFirstOrThrow();

  it("lists every campaign to an unscoped admin and only their own to others", async () => {
    const ids = async (who: SignedIn) =>
      (
        (await (await who.request("/api/campaigns")).json()) as { campaigns: CampaignJson[] }
      ).campaigns
        .map((c) => c.id)
        .sort();
    expect(await ids(admin)).toEqual([seeded.campaignId, other.campaignId].sort());
    expect(await ids(viewer)).toEqual([seeded.campaignId]);
    expect(await ids(school)).toEqual([seeded.campaignId]);
    const scopedAdmin = await signedIn(ctx.app, ctx.db, {
      username: "otheradmin",
      role: "admin",
      campaignId: other.campaignId,
    });
    expect(await ids(scopedAdmin)).toEqual([other.campaignId]);
    expect((await scopedAdmin.request(campaignPath())).status).toBe(403);
    expect((await patch(scopedAdmin, { name: "x" })).status).toBe(403);
    expect((await ctx.app.request("/api/campaigns")).status).toBe(401);
  });

  it("shows one campaign's settings with the computed target beside the override", async () => {
    const res = await viewer.request(campaignPath());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: seeded.campaignId,
      scheme: "basic_2012",
      residentPopulation: 500_000,
      areaPopulations: { urban: null, town: null, rural: null },
      targetOverride: null,
      computedTarget: 750,
      target: 750,
    });
    expect((await viewer.request(campaignPath(other.campaignId))).status).toBe(403);
    expect((await admin.request(campaignPath(999_999))).status).toBe(404);
    expect((await admin.request("/api/campaigns/abc")).status).toBe(404);
  });

  it("reproduces the published figures from the residents entered: 1.07 M → 1,605 with ≥ 803 parents; 200,000 → 600", async () => {
    const res = await patch(admin, { residentPopulation: 1_070_000 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ computedTarget: 1605, target: 1605 });
    const big = await plan();
    expect(big).toMatchObject({ total: 1605, computedTotal: 1605, overrideTotal: null });
    expect(big.byGroup.parent).toBe(803);
    expect(Object.values(big.parentsBySchool).reduce((a, b) => a + b, 0)).toBe(803);
    expect(big.byArea).toBeNull();
    expect((await patch(admin, { residentPopulation: 200_000 })).status).toBe(200);
    expect((await plan()).total).toBe(600);
  });

  it("takes an override that raises the target, keeps the computed one visible, and refuses one below it", async () => {
    await patch(admin, { residentPopulation: 1_070_000 });
    const raised = await patch(admin, { targetOverride: 2000 });
    expect(await raised.json()).toMatchObject({
      computedTarget: 1605,
      targetOverride: 2000,
      target: 2000,
    });
    const p = await plan();
    expect(p).toMatchObject({ total: 2000, computedTotal: 1605, overrideTotal: 2000 });
    expect(p.byGroup.parent).toBe(1000);

    const before = await stored();
    const low = await patch(admin, { targetOverride: 1000 });
    expect(low.status).toBe(422);
    expect(await low.json()).toMatchObject({ error: { code: "target_below_minimum" } });
    // The override is checked against the residents in the same request.
    const both = await patch(admin, { residentPopulation: 2_000_000, targetOverride: 2500 });
    expect(both.status).toBe(422);
    expect(await stored()).toEqual(before);

    const cleared = await patch(admin, { targetOverride: null });
    expect(await cleared.json()).toMatchObject({ targetOverride: null, target: 1605 });
  });

  it("splits targets by area in proportion to the residents entered, parents per school within each area by enrolment", async () => {
    const areas = { urban: 600_000, town: 300_000, rural: 170_000 };
    const res = await patch(admin, { residentPopulation: 1_070_000, areaPopulations: areas });
    expect(res.status).toBe(200);
    expect(((await res.json()) as CampaignJson).areaPopulations).toEqual(areas);
    const p = await plan();
    expect(p.total).toBe(1605);
    const residents = 1_070_000;
    const byArea = p.byArea ?? {};
    expect(Object.values(byArea).reduce((a, b) => a + b, 0)).toBe(1605);
    for (const [area, n] of Object.entries(areas)) {
      expect(Math.abs((byArea[area] ?? 0) - (1605 * n) / residents)).toBeLessThan(1);
      const schools = demoDistrict.schools.filter((s) => s.areaType === area);
      const pupils = (s: (typeof schools)[number]) =>
        Object.values(s.enrolment).reduce((a, b) => a + (b ?? 0), 0);
      const areaPupils = schools.reduce((a, s) => a + pupils(s), 0);
      const parents = schools.reduce((a, s) => a + (p.parentsBySchool[s.code] ?? 0), 0);
      expect(Math.abs(parents - (803 * n) / residents)).toBeLessThan(1);
      for (const s of schools) {
        expect(
          Math.abs((p.parentsBySchool[s.code] ?? 0) - (parents * pupils(s)) / areaPupils),
        ).toBeLessThan(1);
      }
    }
    // With one area cleared the other two share the total; null clears them all.
    await patch(admin, { areaPopulations: { rural: null } });
    expect(Object.keys((await plan()).byArea ?? {}).sort()).toEqual(["town", "urban"]);
    await patch(admin, { areaPopulations: null });
    expect((await plan()).byArea).toBeNull();
  });

  it("changes name and closing time, audit-logged, but never closes before it opens", async () => {
    const before = await stored();
    const closesAt = new Date(before.closes_at.getTime() + 7 * 24 * 3600 * 1000);
    const res = await patch(admin, { name: " 新名称 ", closesAt: closesAt.toISOString() });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "新名称", closesAt: closesAt.toISOString() });
    const early = await patch(admin, {
      closesAt: new Date(before.opens_at.getTime() - 1000).toISOString(),
    });
    expect(early.status).toBe(422);
    expect(await early.json()).toMatchObject({ error: { code: "invalid_window" } });
    expect((await stored()).closes_at.toISOString()).toBe(closesAt.toISOString());
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["actor_label", "target", "details"])
      .where("action", "=", "campaign.update")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      actor_label: "bureau",
      target: `campaign:${seeded.campaignId}`,
      details: { changes: { name: "新名称", closesAt: closesAt.toISOString() } },
    });
  });

  it("answers malformed bodies and other roles with 4xx JSON errors, changing nothing", async () => {
    const before = await stored();
    const cases: [unknown, number][] = [
      [{}, 400],
      [{ status: "closed" }, 400],
      [{ residentPopulation: -1 }, 400],
      [{ residentPopulation: 1.5 }, 400],
      [{ residentPopulation: 3_000_000_000 }, 400],
      [{ areaPopulations: { suburb: 5 } }, 400],
      [{ areaPopulations: { urban: "many" } }, 400],
      [{ targetOverride: 0 }, 400],
      [{ targetOverride: 2_000_000 }, 400],
      [{ closesAt: "next week" }, 422],
      [{ closesAt: "2027-02-30T08:00:00+08:00" }, 422],
      [{ name: "" }, 400],
      ["[", 400],
      [{ name: "x".repeat(5000) }, 413],
    ];
    for (const [body, status] of cases) {
      const res = await patch(admin, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^[a-z_]+$/);
    }
    const asText = await admin.request(campaignPath(), {
      method: "PATCH",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(asText.status).toBe(415);
    expect((await patch(viewer, { name: "viewer" })).status).toBe(403);
    expect((await patch(school, { name: "school" })).status).toBe(403);
    const noCsrf = await ctx.app.request(campaignPath(), {
      method: "PATCH",
      headers: { cookie: admin.cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(noCsrf.status).toBe(403);
    const anonymous = await ctx.app.request(campaignPath(), {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(anonymous.status).toBe(401);
    expect((await patch(admin, { name: "x" }, 999_999)).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it("plans a 2017 campaign without residents as zero targets instead of failing", async () => {
    await ctx.db
      .updateTable("campaign")
      .set({ resident_population: null })
      .where("id", "=", other.campaignId)
      .execute();
    const res = await admin.request(`${campaignPath(other.campaignId)}/sample-plan`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ total: 0, computedTotal: 0 });
    const raised = await patch(admin, { targetOverride: 900 }, other.campaignId);
    expect(await raised.json()).toMatchObject({ computedTarget: 0, target: 900 });
    expect((await plan(other.campaignId)).byGroup.parent).toBe(450);
  });
});
