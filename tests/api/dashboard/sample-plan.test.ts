import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../api/demo/seed-demo.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { signedIn } from "../../helpers/staff-session.ts";

interface Plan {
  total: number;
  quotas: { key: string; groups: string[]; target: number }[];
  byGroup: Record<string, number>;
  parentsBySchool: Record<string, number>;
}

describe("GET /api/campaigns/:id/sample-plan", () => {
  const ctx = useSeededApp("pglite", { seed: false, accounts: { admin: { role: "admin" } } });
  const { admin } = ctx.accounts;
  let demoCampaign: number;

  beforeAll(async () => {
    demoCampaign = (await seedDemo(ctx.db, new Date(), 0)).setup.campaignId;
  });

  it("gives the demo district (1.07 M residents) 1,605 responses, 803 parents, split by enrolment", async () => {
    const res = await admin.request(`/api/campaigns/${demoCampaign}/sample-plan`);
    expect(res.status).toBe(200);
    const plan = (await res.json()) as Plan;
    expect(plan.total).toBe(1605);
    expect(plan.byGroup.parent).toBe(803);
    // 802 over the three official categories the demo asks: 267⅓ each, the one left to the first.
    expect(plan.quotas.map((q) => [q.key, q.groups, q.target])).toEqual([
      ["parent", ["parent"], 803],
      ["principal_teacher", ["teacher", "principal"], 268],
      ["deputy_cppcc", ["deputy", "cppcc_member"], 267],
      ["resident", ["resident"], 267],
    ]);
    expect(plan.byGroup).toEqual({ parent: 803, resident: 267 });
    const bySchool = plan.parentsBySchool;
    expect(Object.values(bySchool).reduce((a, b) => a + b, 0)).toBe(803);
    // 实验小学 (1,850 pupils) gets about 1850/9,922 of the parents; the 38-pupil teaching point about 2.
    expect(bySchool.DS001).toBe(Math.round((803 * 1850) / 9922));
    expect(bySchool.DS011).toBeLessThanOrEqual(3);
  });

  it("is staff-only and campaign-scoped", async () => {
    expect((await ctx.app.request(`/api/campaigns/${demoCampaign}/sample-plan`)).status).toBe(401);
    const other = await seedCampaign(ctx.db);
    const viewer = await signedIn(ctx.app, ctx.db, {
      username: "viewer2",
      role: "viewer",
      campaignId: other.campaignId,
    });
    expect((await viewer.request(`/api/campaigns/${demoCampaign}/sample-plan`)).status).toBe(403);
    expect((await viewer.request(`/api/campaigns/${other.campaignId}/sample-plan`)).status).toBe(
      200,
    );
    expect((await admin.request(`/api/campaigns/999999/sample-plan`)).status).toBe(404);
  });
});
