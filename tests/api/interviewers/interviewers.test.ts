import { describe, expect, it } from "vitest";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface InterviewerJson {
  id: number;
  campaignId: number;
  code: string;
  label: string;
  createdAt: string;
  disabledAt: string | null;
  responses: number;
  calls: number;
}

/** Eight characters none of which can be taken for another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V). */
const codePattern = /^[ACDEFGHJKMNPQRTWXY34679]{8}$/;

/**
 * The bureau's interviewer codes: created from labels, listed, disabled and enabled again,
 * by admins of the campaign's district only, every change in the audit log.
 */
describe.each(availableDbKinds())("interviewer codes on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    accounts: {
      admin: { role: "admin" },
      viewer: { role: "viewer" },
      school: { role: "school", school: 0 },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, school } = ctx.accounts;
  const listPath = () => `/api/campaigns/${seeded.campaignId}/interviewers`;
  const post = (who: typeof admin, path: string, body?: unknown) =>
    who.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const list = async () =>
    ((await (await admin.request(listPath())).json()) as { interviewers: InterviewerJson[] })
      .interviewers;

  it("creates one code per label, unique and unambiguous, and lists them", async () => {
    const labels = ["第1组 王老师", "第1组 李老师", "第2组 张老师"];
    const res = await post(admin, listPath(), { labels });
    expect(res.status, await res.clone().text()).toBe(201);
    const made = ((await res.json()) as { interviewers: InterviewerJson[] }).interviewers;
    expect(made.map((i) => i.label)).toEqual(labels);
    for (const i of made) {
      expect(i.code).toMatch(codePattern);
      expect(i).toMatchObject({ campaignId: seeded.campaignId, disabledAt: null, responses: 0 });
    }
    expect(new Set(made.map((i) => i.code)).size).toBe(3);
    expect((await list()).map((i) => i.code)).toEqual(made.map((i) => i.code));

    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "=", "interviewer.create")
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ count: 3, ids: made.map((i) => i.id) });
    // The log names how many and which, never the codes themselves.
    expect(JSON.stringify(audit.details)).not.toContain(made[0]!.code);
  });

  it("draws 200 codes at once without a clash", async () => {
    const labels = Array.from({ length: 200 }, (_, i) => `队员 ${i + 1}`);
    const res = await post(admin, listPath(), { labels });
    expect(res.status).toBe(201);
    const codes = (await list()).map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(203);
  });

  it("refuses an empty list, a blank or too long label, and more than 200 at once", async () => {
    for (const body of [
      { labels: [] },
      { labels: ["  "] },
      { labels: ["x".repeat(51)] },
      { labels: Array.from({ length: 201 }, () => "多") },
      { labels: ["王老师"], code: "ABCDEFGH" },
      { label: "王老师" },
    ]) {
      const res = await post(admin, listPath(), body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await list()).length).toBe(203);
  });

  it("disables a code, and enables it again, once each", async () => {
    const [first] = await list();
    const disabled = await post(admin, `/api/interviewers/${first!.id}/disable`);
    expect(disabled.status).toBe(200);
    const body = (await disabled.json()) as { interviewer: InterviewerJson; changed: boolean };
    expect(body.changed).toBe(true);
    expect(body.interviewer.disabledAt).not.toBeNull();
    const again = (await (await post(admin, `/api/interviewers/${first!.id}/disable`)).json()) as {
      changed: boolean;
    };
    expect(again.changed).toBe(false);
    const enabled = (await (await post(admin, `/api/interviewers/${first!.id}/enable`)).json()) as {
      interviewer: InterviewerJson;
      changed: boolean;
    };
    expect(enabled).toMatchObject({ changed: true, interviewer: { disabledAt: null } });
    const actions = await ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("target", "=", `interviewer:${first!.id}`)
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["interviewer.disable", "interviewer.enable"]);
    expect((await post(admin, "/api/interviewers/999999/disable")).status).toBe(404);
    expect((await post(admin, "/api/interviewers/abc/disable")).status).toBe(404);
  });

  it("is the bureau's: viewers and school accounts neither see nor make codes", async () => {
    for (const who of [viewer, school]) {
      expect((await who.request(listPath())).status).toBe(403);
      expect((await post(who, listPath(), { labels: ["某老师"] })).status).toBe(403);
    }
    const [first] = await list();
    expect((await post(school, `/api/interviewers/${first!.id}/disable`)).status).toBe(403);
    expect((await ctx.app.request(listPath())).status).toBe(401);
    expect((await admin.request("/api/campaigns/999999/interviewers")).status).toBe(404);
  });
});
