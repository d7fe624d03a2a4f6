import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { type AnalysisReport, analysisConfig, respondentValues } from "../../../analysis/index.ts";
import {
  excludedResponseIds,
  responseExcluded,
} from "../../../api/integrity/exclusions-repository.ts";
import type { ExclusionRecord } from "../../../api/integrity/exclusions-repository.ts";
import type { IntegrityReport } from "../../../api/integrity/integrity-report.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/**
 * Exclusions (docs/integrity.md, Exclusions): an admin excludes responses by id or as a flag
 * cluster, and reverses a decision with another record. The figures are
 * computed the way the report will: the analysis's own per-respondent values
 * (analysis/index.ts) over the responses the SQL fragment leaves in.
 */
describe.each(availableDbKinds())("exclusions on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    accounts: {
      admin: { username: "bureau-admin", role: "admin" },
      viewer: { role: "viewer" },
      school: { role: "school", school: 0 },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, school } = ctx.accounts;
  const satisfied: string[] = [];
  const dissatisfied: string[] = [];
  const copies: string[] = [];

  beforeAll(async () => {
    const send = async (answers: Record<string, unknown>, into: string[]) => {
      const id = randomUUID();
      const res = await put(ctx.app, id, submissionBody(seeded.tokens.schoolChannel, answers));
      expect(res.status).toBe(200);
      into.push(id);
    };
    // 16 favourable and 4 unfavourable overall answers, each with its own comment…
    for (let i = 0; i < 16; i++) {
      const overall = i < 14 ? "satisfied" : "basically_satisfied";
      await send(validSocialAnswers({ sat_overall: overall, comment: `意见${i}号` }), satisfied);
    }
    for (let i = 0; i < 4; i++) {
      await send(
        validSocialAnswers({ sat_overall: "dissatisfied", comment: `差评${i}` }),
        dissatisfied,
      );
    }
    // …and one favourable sheet copied three times: an identical cluster.
    const copied = validSocialAnswers({ comment: "学校各方面都很好，非常满意！" });
    for (let i = 0; i < 3; i++) await send(copied, copies);
  });

  const path = () => `/api/campaigns/${seeded.campaignId}/exclusions`;
  const post = (who: SignedIn, body: unknown) =>
    who.request(path(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const config = analysisConfig();

  /** Share favourable on the overall item over the included responses, via the SQL fragment. */
  async function figure(): Promise<{ share: number; n: number }> {
    const id = seeded.campaignId;
    const { rows } = await sql<{ answers: Record<string, string> }>`
      select r.answers from response r
      where r.campaign_id = ${id} and not ${responseExcluded(id)}`.execute(ctx.db);
    const values = respondentValues(
      rows.map((r) => r.answers),
      config,
    );
    let sum = 0;
    let n = 0;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      sum += v;
      n += 1;
    }
    // The in-memory set gives the same responses as the fragment.
    const excluded = await excludedResponseIds(ctx.db, id);
    const all = await ctx.db
      .selectFrom("response")
      .select("id")
      .where("campaign_id", "=", id)
      .execute();
    expect(all.filter((r) => !excluded.has(r.id)).length).toBe(rows.length);
    return { share: sum / n, n };
  }

  /** The report endpoint's headline: without the excluded responses, and with them beside. */
  async function reported() {
    const res = await admin.request(`/api/campaigns/${seeded.campaignId}/report`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as AnalysisReport;
    const withExcluded = report.exclusions.withExcluded;
    return {
      share: report.satisfaction.estimate,
      n: report.satisfaction.n,
      excluded: report.exclusions.responses,
      withExcluded:
        withExcluded === null
          ? null
          : { share: withExcluded.satisfaction.estimate, n: withExcluded.satisfaction.n },
    };
  }

  async function counts() {
    return {
      exclusions: (await ctx.db.selectFrom("exclusion").select("id").execute()).length,
      responses: (
        await ctx.db
          .selectFrom("response")
          .select("id")
          .where("campaign_id", "=", seeded.campaignId)
          .execute()
      ).length,
    };
  }

  it("excluding and reversing change the figures exactly, and reversing restores them", async () => {
    expect(await figure()).toEqual({ share: 19 / 23, n: 23 });
    const before = await (await admin.request(`/api/campaigns/${seeded.campaignId}/report`)).json();
    expect(await reported()).toEqual({ share: 19 / 23, n: 23, excluded: 0, withExcluded: null });

    // The copied sheets, as the flag cluster the integrity report names.
    const reportRes = await admin.request(`/api/campaigns/${seeded.campaignId}/integrity`);
    const report = (await reportRes.json()) as IntegrityReport;
    const cluster = report.clusters.find((c) => c.kind === "identical_cluster");
    expect(cluster?.size).toBe(3);
    const byCluster = await post(admin, {
      flagCluster: cluster?.id,
      reason: "同一份答案被转发照抄（3 份）",
    });
    expect(byCluster.status).toBe(201);
    const first = ((await byCluster.json()) as { exclusion: ExclusionRecord }).exclusion;
    expect(first.responseIds).toEqual([...copies].sort());
    expect(first.flagCluster).toEqual({ id: cluster?.id, kind: "identical_cluster" });
    expect(await figure()).toEqual({ share: 16 / 20, n: 20 });
    expect(await reported()).toEqual({
      share: 16 / 20,
      n: 20,
      excluded: 3,
      withExcluded: { share: 19 / 23, n: 23 },
    });

    const byIds = await post(admin, {
      responseIds: dissatisfied.slice(0, 2),
      reason: "经核实为同一人重复填写",
    });
    expect(byIds.status).toBe(201);
    const second = ((await byIds.json()) as { exclusion: ExclusionRecord }).exclusion;
    expect(await figure()).toEqual({ share: 16 / 18, n: 18 });
    expect(await reported()).toEqual({
      share: 16 / 18,
      n: 18,
      excluded: 5,
      withExcluded: { share: 19 / 23, n: 23 },
    });

    // Side by side, in one query: the figures with and without the exclusions.
    const { rows } = await sql<{ excluded: boolean; n: number }>`
      select ${responseExcluded(seeded.campaignId)} as excluded, count(*)::int as n
      from response r where r.campaign_id = ${seeded.campaignId}
      group by 1 order by 1`.execute(ctx.db);
    expect(rows).toEqual([
      { excluded: false, n: 18 },
      { excluded: true, n: 5 },
    ]);

    const undoCluster = await post(admin, { reverses: first.id, reason: "复核后认定为正常转发" });
    expect(undoCluster.status).toBe(201);
    expect(await figure()).toEqual({ share: 19 / 21, n: 21 });
    expect(await reported()).toEqual({
      share: 19 / 21,
      n: 21,
      excluded: 2,
      withExcluded: { share: 19 / 23, n: 23 },
    });
    const undoIds = await post(admin, { reverses: second.id, reason: "误判，撤销" });
    expect(undoIds.status).toBe(201);
    expect(await figure()).toEqual({ share: 19 / 23, n: 23 });
    // Reversing restores the report exactly, every figure of it.
    const after = await (await admin.request(`/api/campaigns/${seeded.campaignId}/report`)).json();
    expect(after).toEqual(before);

    // Four records, chained; the originals stand, marked as reversed.
    const list = await admin.request(path());
    const { exclusions } = (await list.json()) as { exclusions: ExclusionRecord[] };
    expect(exclusions.map((e) => [e.kind, e.reverses, e.reversedBy])).toEqual([
      ["exclude", null, exclusions[2]?.id],
      ["exclude", null, exclusions[3]?.id],
      ["reverse", first.id, null],
      ["reverse", second.id, null],
    ]);
    expect(exclusions[0]?.prevHash).toBe("0".repeat(64));
    for (let i = 1; i < exclusions.length; i++) {
      expect(exclusions[i]?.prevHash).toBe(exclusions[i - 1]?.hash);
    }
    expect(exclusions[0]?.actorLabel).toBe("bureau-admin");

    // Every decision is in the audit log, and no response changed.
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "target"])
      .where("action", "like", "integrity.%")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "integrity.exclude",
      "integrity.exclude",
      "integrity.exclusion_reverse",
      "integrity.exclusion_reverse",
    ]);
    expect((await counts()).responses).toBe(23);
  });

  it("refuses bad decisions with a 4xx and writes nothing", async () => {
    const before = await counts();
    const excluded = await post(admin, { responseIds: [satisfied[0]], reason: "测试排除" });
    expect(excluded.status).toBe(201);
    const record = ((await excluded.json()) as { exclusion: ExclusionRecord }).exclusion;
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    };
    await expectError(
      await post(admin, { responseIds: [satisfied[0], satisfied[1]], reason: "再次排除" }),
      409,
      "already_excluded",
    );
    await expectError(
      await post(admin, { responseIds: [randomUUID()], reason: "不存在的答卷" }),
      422,
      "unknown_responses",
    );
    await expectError(
      await post(admin, { flagCluster: "burst_ip:nothing:0", reason: "不存在的标记组" }),
      404,
      "cluster_not_found",
    );
    await expectError(
      await post(admin, { reverses: 999_999, reason: "不存在" }),
      404,
      "exclusion_not_found",
    );
    const reversal = await post(admin, { reverses: record.id, reason: "撤销测试" });
    expect(reversal.status).toBe(201);
    const reversalId = ((await reversal.json()) as { exclusion: ExclusionRecord }).exclusion.id;
    await expectError(
      await post(admin, { reverses: record.id, reason: "再撤销" }),
      409,
      "already_reversed",
    );
    await expectError(
      await post(admin, { reverses: reversalId, reason: "撤销撤销" }),
      422,
      "cannot_reverse_reversal",
    );
    const afterValid = await counts();
    expect(afterValid.exclusions).toBe(before.exclusions + 2);

    await expectError(await post(admin, { responseIds: [satisfied[2]] }), 400, "invalid_body");
    await expectError(
      await post(admin, { responseIds: ["not-a-uuid"], reason: "格式错误" }),
      400,
      "invalid_body",
    );
    await expectError(
      await post(admin, { responseIds: [satisfied[2]], reverses: 1, reason: "两者都给" }),
      400,
      "invalid_body",
    );
    await expectError(await post(admin, "{ not json"), 400, "malformed_json");
    const huge = { responseIds: Array(20_000).fill(satisfied[2]), reason: "太多".repeat(10) };
    const tooLarge = await post(admin, huge);
    expect([400, 413]).toContain(tooLarge.status);
    expect((await counts()).exclusions).toBe(afterValid.exclusions);
  });

  it("only an admin of the campaign may read or make exclusions", async () => {
    const anonymous = await ctx.app.request(path());
    expect(anonymous.status).toBe(401);
    expect((await viewer.request(path())).status).toBe(403);
    expect((await school.request(path())).status).toBe(403);
    expect((await post(viewer, { responseIds: [satisfied[3]], reason: "越权" })).status).toBe(403);
    const noCsrf = await ctx.app.request(path(), {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "application/json" },
      body: JSON.stringify({ responseIds: [satisfied[3]], reason: "无令牌" }),
    });
    expect(noCsrf.status).toBe(403);
    const other = await seedCampaign(ctx.db);
    const scoped = await signedIn(ctx.app, ctx.db, {
      username: "other-admin",
      role: "admin",
      campaignId: other.campaignId,
    });
    expect((await scoped.request(path())).status).toBe(403);
    // A response of another campaign cannot be excluded here.
    const foreign = randomUUID();
    expect(
      (
        await put(
          ctx.app,
          foreign,
          submissionBody(other.tokens.schoolChannel, validSocialAnswers()),
        )
      ).status,
    ).toBe(200);
    expect((await post(admin, { responseIds: [foreign], reason: "别的活动" })).status).toBe(422);
    expect((await admin.request("/api/campaigns/999999/exclusions")).status).toBe(404);
    expect((await admin.request("/api/campaigns/abc/exclusions")).status).toBe(404);
  });

  it("the database refuses to edit, delete or empty exclusion records", async () => {
    const attempts = [
      sql`update exclusion set reason = 'changed'`,
      sql`delete from exclusion`,
      sql`truncate exclusion cascade`,
    ];
    for (const attempt of attempts) {
      await expect(attempt.execute(ctx.db)).rejects.toThrow(/append-only/);
    }
    expect((await counts()).exclusions).toBeGreaterThan(0);
  });
});
