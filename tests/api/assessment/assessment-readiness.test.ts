import { beforeAll, describe, expect, it } from "vitest";
import { basic2012 } from "../../../analysis/assessment/index.ts";
import { seedDemo } from "../../../api/demo/seed-demo.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface Criterion {
  criterion: string;
  kind: "condition" | "veto";
  status: "pass" | "fail" | "unknown";
  margin?: number;
  holders: string[];
  holderKind: string;
  note?: string;
  entry?: { note: string; dueDate: string | null };
}
interface Readiness {
  schemeId: string;
  status: string;
  schoolYear: string | null;
  criteria: Criterion[];
}

/** basic_2012: its conditions not covered by a veto, then every veto item in the scheme's order. */
const expectedCriteria = [
  "government_score",
  "balance:primary",
  "balance:junior",
  ...Object.keys(basic2012.vetoes).map((id) => `veto:${id}`),
];

describe.each(availableDbKinds())("GET /api/campaigns/:id/readiness on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 2 },
    accounts: {
      admin: { role: "admin" },
      viewer: { role: "viewer" },
      school: { role: "school", school: 0 },
    },
  });
  const { seeded: empty } = ctx;
  const { admin, viewer, school } = ctx.accounts;
  let demoId: number;

  beforeAll(async () => {
    demoId = (await seedDemo(ctx.db, new Date(), 300)).setup.campaignId;
  });

  const readiness = async (who: SignedIn, id: number) => {
    const res = await who.request(`/api/campaigns/${id}/readiness`);
    expect(res.status).toBe(200);
    return (await res.json()) as Readiness;
  };

  it("lists every criterion as unknown while nothing is entered", async () => {
    const body = await readiness(viewer, empty.campaignId);
    expect(body.criteria.map((c) => c.criterion)).toEqual(expectedCriteria);
    expect(body.criteria.every((c) => c.status === "unknown")).toBe(true);
    expect(body.status).toBe("unknown");
    expect(body.schoolYear).toBeNull();
  });

  it("is for admins and viewers of the campaign only", async () => {
    expect((await school.request(`/api/campaigns/${empty.campaignId}/readiness`)).status).toBe(403);
    // The viewer is scoped to the other campaign.
    expect((await viewer.request(`/api/campaigns/${demoId}/readiness`)).status).toBe(403);
    expect((await ctx.app.request(`/api/campaigns/${demoId}/readiness`)).status).toBe(401);
    expect((await admin.request("/api/campaigns/999999/readiness")).status).toBe(404);
  });

  it("follows what staff enter: a veto entry, the disabled-children rate", async () => {
    const put = (path: string, body: unknown) =>
      admin.request(`/api/campaigns/${empty.campaignId}${path}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await put("/vetoes/safety", { status: "met" })).status).toBe(200);
    expect((await put("/vetoes/fund_misuse", { status: "not_met" })).status).toBe(200);
    const settings = { disabledEnrolmentRate: 0.7, schemeOverrides: null };
    expect((await put("/assessment-settings", settings)).status).toBe(200);
    const body = await readiness(admin, empty.campaignId);
    const by = new Map(body.criteria.map((c) => [c.criterion, c]));
    expect(by.get("veto:safety")).toMatchObject({ status: "pass", holders: [] });
    expect(by.get("veto:fund_misuse")).toMatchObject({ status: "fail", holders: ["区财政局"] });
    expect(by.get("veto:disabled_enrolment")?.status).toBe("fail");
    expect(by.get("veto:disabled_enrolment")?.margin).toBeCloseTo(0.7 - 0.8, 12);
    expect(body.status).toBe("fail");
  });

  it("gives the demo district a status for every criterion from its stored figures", async () => {
    const body = await readiness(admin, demoId);
    expect(body.criteria.map((c) => c.criterion)).toEqual(expectedCriteria);
    expect(body.schoolYear).toBe("2025-2026");
    const by = new Map(body.criteria.map((c) => [c.criterion, c]));
    for (const c of body.criteria) expect(["pass", "fail", "unknown"]).toContain(c.status);
    // Computed from data, not entered: the CVs, school standards, three growths, satisfaction.
    expect(by.get("balance:primary")?.status).not.toBe("unknown");
    expect(by.get("balance:primary")?.margin).toEqual(expect.any(Number));
    expect(by.get("balance:junior")?.margin).toEqual(expect.any(Number));
    expect(by.get("veto:three_growths")?.status).toBe("pass");
    expect(by.get("veto:satisfaction")?.margin).toEqual(expect.any(Number));
    expect(by.get("veto:disabled_enrolment")).toMatchObject({ status: "pass" });
    // The far-behind rural school misses its basic standard and is named.
    expect(by.get("veto:core_indicators")?.status).toBe("fail");
    expect(by.get("veto:core_indicators")?.holders).toContain("DS010");
    expect(by.get("veto:weak_school_renovation")).toMatchObject({
      status: "fail",
      holders: ["区教委", "区发改委"],
      entry: { dueDate: "2026-04-30" },
    });
    expect(by.get("government_score")).toMatchObject({ status: "unknown", note: "incomplete" });
  });

  it("shows the demo's coefficients per level with the teaching point left out", async () => {
    const res = await admin.request(`/api/campaigns/${demoId}/difference-coefficients`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      levels: {
        level: string;
        composite: number | null;
        indicators: {
          coefficient: { status: string; excluded: { schoolId: string; reason: string }[] };
        }[];
      }[];
    };
    expect(body.levels.map((l) => l.level)).toEqual(["primary", "junior"]);
    for (const level of body.levels) {
      expect(level.composite).toEqual(expect.any(Number));
      for (const i of level.indicators) expect(i.coefficient.status).toBe("ok");
    }
    const primary = body.levels[0];
    expect(primary?.indicators[0]?.coefficient.excluded).toEqual([
      { schoolId: "DS011", reason: "teaching_point" },
    ]);
  });
});
