import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalysisReport } from "../../../analysis/index.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/**
 * The report endpoint and the analysis settings: who may see and change what, the error
 * contract of the settings, and that a change of settings changes the figures as it should,
 * on a campaign whose figures can be worked out by hand: 20 parents of one school (so every
 * weight is 1), answering the six satisfaction items
 *   1–10: all six favourable            (share 1,   score 100)
 *   11–15: three favourable of six      (share 0.5, score 50)
 *   16–20: none favourable              (share 0,   score 0)
 * with the overall item favourable for 1–15. Hence overall_item 15/20 = 0.75,
 * respondent_share (10 + 2.5) / 20 = 0.625, respondent_satisfied at 0.5: 15/20 = 0.75, at
 * 0.6: 10/20 = 0.5, score 62.5. Two residents come by the district link (a group under 5).
 */
const items = [
  "sat_nearby_enrolment",
  "sat_facility_gap",
  "sat_teacher_gap",
  "sat_school_choice",
  "sat_government_effort",
  "sat_overall",
];

function parentAnswers(i: number): Record<string, unknown> {
  const favourable = i <= 10 ? 6 : i <= 15 ? 3 : 0;
  const answers: Record<string, unknown> = {};
  // The overall item is the last: favourable for 1–15 (for 11–15 among their three).
  const order = ["sat_overall", ...items.slice(0, 5)];
  order.forEach((item, k) => {
    answers[item] =
      k < favourable || (item === "sat_overall" && i <= 15) ? "satisfied" : "dissatisfied";
  });
  return validSocialAnswers({
    ...answers,
    aware_campaign: i % 2 === 0 ? "know" : "unaware",
    aware_source: i % 2 === 0 ? ["letter"] : undefined,
  });
}

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

describe.each(availableDbKinds())("the report and its settings on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 1 },
    accounts: {
      admin: { username: "bureau", role: "admin" },
      viewer: { role: "viewer" },
      publicity: { role: "publicity" },
      school: { role: "school", school: 0 },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, publicity, school } = ctx.accounts;
  let otherAdmin: SignedIn;
  let otherCampaignId: number;

  beforeAll(async () => {
    const other = await seedCampaign(ctx.db, { schools: 1 });
    otherCampaignId = other.campaignId;
    for (let i = 1; i <= 20; i++) {
      const res = await put(
        ctx.app,
        randomUUID(),
        submissionBody(seeded.tokens.schoolChannel, parentAnswers(i)),
      );
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    for (let i = 0; i < 2; i++) {
      const answers = { ...validSocialAnswers({ identity: "resident" }), child_level: undefined };
      const res = await put(
        ctx.app,
        randomUUID(),
        submissionBody(seeded.tokens.districtChannel, answers),
      );
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    otherAdmin = await signedIn(ctx.app, ctx.db, {
      username: "other-admin",
      role: "admin",
      campaignId: other.campaignId,
    });
  });

  const reportPath = () => `/api/campaigns/${seeded.campaignId}/report`;
  const settingsPath = () => `/api/campaigns/${seeded.campaignId}/analysis-settings`;
  const putSettings = (who: SignedIn, body: unknown, headers: Record<string, string> = {}) =>
    who.request(settingsPath(), {
      method: "PUT",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const report = async (who: SignedIn = admin) => {
    const res = await who.request(reportPath());
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as AnalysisReport;
  };
  const expectError = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(body.error.message).toMatch(/[A-Za-z]{3}/);
    return body;
  };

  it("keeps the report and settings from the unauthenticated, school accounts and other campaigns", async () => {
    for (const path of [reportPath(), settingsPath()]) {
      await expectError(await ctx.app.request(path), 401, "unauthenticated");
      await expectError(await school.request(path), 403, "forbidden");
      await expectError(await otherAdmin.request(path), 403, "forbidden");
    }
    await expectError(
      await ctx.app.request("/api/campaigns/999999/report"),
      401,
      "unauthenticated",
    );
    await expectError(await admin.request("/api/campaigns/999999/report"), 404, "not_found");
    await expectError(await admin.request("/api/campaigns/abc/report"), 404, "not_found");
  });

  it("reports and exports a campaign without responses yet", async () => {
    const res = await otherAdmin.request(`/api/campaigns/${otherCampaignId}/report`);
    expect(res.status).toBe(200);
    const empty = (await res.json()) as AnalysisReport;
    expect(empty.sample.rows).toBe(0);
    expect(empty.satisfaction.estimate).toBeNull();
    expect(empty.satisfaction.verdict).toBeNull();
    const csv = await otherAdmin.request(`/api/campaigns/${otherCampaignId}/exports/responses.csv`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(1);
    const xlsx = await otherAdmin.request(`/api/campaigns/${otherCampaignId}/exports/report.xlsx`);
    expect(xlsx.status).toBe(200);
  });

  it('gives admins the figures in full and viewers and publicity counts under 5 as "<5"', async () => {
    const full = await report(admin);
    expect(full.satisfaction.definition).toBe("overall_item");
    expect(full.satisfaction.byGroup.resident?.n).toBe(2);
    expect(full.satisfaction.byGroup.resident?.estimate).not.toBeNull();
    for (const who of [viewer, publicity]) {
      const suppressed = (await report(who)) as unknown as AnalysisReport<number | "<5">;
      expect(suppressed.satisfaction.byGroup.resident?.n).toBe("<5");
      expect(suppressed.satisfaction.byGroup.resident?.estimate).toBeNull();
      expect(suppressed.sample.byGroup.resident).toBe("<5");
      expect(suppressed.satisfaction.byGroup.parent?.n).toBe(20);
      expect(suppressed.satisfaction.estimate).toBe(full.satisfaction.estimate);
    }
  });

  it("changes the figures exactly as the definition says", async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{}, 0.75],
      [{ definition: "respondent_share" }, 0.625],
      [{ definition: "respondent_satisfied" }, 0.75],
      [{ definition: "respondent_satisfied", satisfiedShare: 0.6 }, 0.5],
      [{ definition: "score" }, 62.5],
    ];
    for (const [settings, expected] of cases) {
      const saved = await putSettings(admin, settings);
      expect(saved.status, await saved.clone().text()).toBe(200);
      const parents = (await report()).satisfaction.byGroup.parent!;
      expect(parents.definition).toBe(settings.definition ?? "overall_item");
      expect(parents.estimate).toBeCloseTo(expected, 12);
      expect(parents.unweighted.estimate).toBeCloseTo(expected, 12);
    }
    expect((await putSettings(admin, {})).status).toBe(200);
  });

  it("shows the stored settings and the config the report runs with, items resolved", async () => {
    await putSettings(admin, { threshold: 0.9, aware: ["know"] });
    for (const who of [admin, viewer, publicity]) {
      const res = await who.request(settingsPath());
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        settings: Record<string, unknown>;
        config: { items: string[]; threshold: number; aware: string[] };
        problems: string[];
        defaults: { threshold: number };
      };
      expect(body.settings).toEqual({ threshold: 0.9, aware: ["know"] });
      expect(body.config.threshold).toBe(0.9);
      expect(body.config.items).toEqual(expect.arrayContaining(items));
      expect(body.defaults.threshold).toBe(0.85);
      expect(body.problems).toEqual([]);
    }
    expect((await report()).satisfaction.verdict?.threshold).toBe(0.9);
    await putSettings(admin, {});
  });

  it("lets only admins change the settings, with CSRF, and logs each change", async () => {
    await expectError(await putSettings(viewer, {}), 403, "forbidden");
    await expectError(await putSettings(publicity, {}), 403, "forbidden");
    await expectError(await putSettings(school, {}), 403, "forbidden");
    await expectError(await putSettings(otherAdmin, {}), 403, "forbidden");
    await expectError(
      await putSettings(admin, {}, { "x-csrf-token": "wrong" }),
      403,
      "csrf_failed",
    );
    const noSession = await ctx.app.request(settingsPath(), {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await expectError(noSession, 401, "unauthenticated");
    const before = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "target", "details", "actor_label"])
      .where("action", "=", "analysis_settings.update")
      .execute();
    expect((await putSettings(admin, { definition: "score" })).status).toBe(200);
    const after = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "target", "details", "actor_label"])
      .where("action", "=", "analysis_settings.update")
      .execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      target: `campaign:${seeded.campaignId}`,
      actor_label: "bureau",
      details: { settings: { definition: "score" } },
    });
    await putSettings(admin, {});
  });

  it("refuses bad settings with the JSON error contract and stores nothing", async () => {
    await putSettings(admin, { threshold: 0.8 });
    const refused: [unknown, number, string][] = [
      [{ threshold: 0.8, colour: "red" }, 400, "invalid_body"],
      [{ threshold: 1.5 }, 400, "invalid_body"],
      [{ definition: "median" }, 400, "invalid_body"],
      [{ items: [] }, 400, "invalid_body"],
      [{ items: ["sat_overall", "sat_overall"] }, 400, "invalid_body"],
      [{ items: ["Sat Overall"] }, 400, "invalid_body"],
      [{ favourable: ["satisfied"], excluded: ["satisfied"] }, 400, "invalid_body"],
      [{ scores: { satisfied: 120 } }, 400, "invalid_body"],
      [{ groupWeights: { parent: -1 } }, 400, "invalid_body"],
      [{ groupWeights: { aliens: 1 } }, 400, "invalid_body"],
      [[1, 2], 400, "invalid_body"],
      ["{not json", 400, "malformed_json"],
      [{ items: ["sat_no_such_question"] }, 422, "invalid_analysis_settings"],
      [{ awarenessSourceItem: "aware_campaign" }, 422, "invalid_analysis_settings"],
      [{ definition: "score", scores: { satisfied: 100 } }, 422, "invalid_analysis_settings"],
    ];
    for (const [body, status, code] of refused) {
      const error = await expectError(await putSettings(admin, body), status, code);
      if (status === 422) expect(Array.isArray(error.error.details)).toBe(true);
    }
    const textBody = await admin.request(settingsPath(), {
      method: "PUT",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(textBody.status).toBe(415);
    const huge = await putSettings(admin, {
      items: Array.from({ length: 5000 }, (_, i) => `q${i}`),
    });
    expect(huge.status).toBe(413);
    const stored = (await (await admin.request(settingsPath())).json()) as { settings: unknown };
    expect(stored.settings).toEqual({ threshold: 0.8 });
    await putSettings(admin, {});
  });

  it("answers 422, not 500, when stored settings no longer fit the questionnaires", async () => {
    await ctx.db
      .updateTable("analysis_settings")
      .set({ settings: JSON.stringify({ items: ["sat_retired_question"] }) })
      .where("campaign_id", "=", seeded.campaignId)
      .execute();
    await expectError(await admin.request(reportPath()), 422, "settings_unusable");
    const view = (await (await admin.request(settingsPath())).json()) as {
      config: unknown;
      problems: string[];
    };
    expect(view.config).toBeNull();
    expect(view.problems.join()).toMatch(/sat_retired_question/);
    expect((await putSettings(admin, {})).status).toBe(200);
    expect((await report()).satisfaction.estimate).not.toBeNull();
  });
});
