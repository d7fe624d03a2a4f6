import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { insertChannel, newChannelToken } from "../../../api/channels/index.ts";
import type { ItemRoles } from "../../../api/db/database.ts";
import { campaignFlags } from "../../../api/integrity/campaign-flags.ts";
import {
  type InterviewerSpeedRow,
  type InterviewerUniformRow,
  interviewerFastFlags,
  interviewerUniformFlags,
} from "../../../api/integrity/flag-rules.ts";
import {
  defaultIntegritySettings,
  integritySettingsSchema,
} from "../../../api/integrity/integrity-settings.ts";
import { type NewResponse, insertResponses } from "../../../api/responses/repository.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { signedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

const place = { responseId: "r", receivedAt: new Date(0), schoolId: null, channelId: 1 };

describe("the interviewer rules as pure functions", () => {
  const s = defaultIntegritySettings;
  const speed = (over: Partial<InterviewerSpeedRow>): InterviewerSpeedRow => ({
    ...place,
    interviewerId: 1,
    interviewerCode: "KX7MP3QA",
    questionnaireId: 1,
    responses: 10,
    medianSeconds: 99,
    campaignMedianSeconds: 200,
    ...over,
  });
  const uniform = (over: Partial<InterviewerUniformRow>): InterviewerUniformRow => ({
    ...place,
    interviewerId: 1,
    interviewerCode: "KX7MP3QA",
    responses: 10,
    straight: 8,
    campaignShare: 0.4,
    ...over,
  });

  it("flags a median under half the campaign's, from ten responses on", () => {
    expect(interviewerFastFlags([speed({})], s)).toHaveLength(1);
    expect(interviewerFastFlags([speed({ medianSeconds: 100 })], s)).toEqual([]);
    expect(interviewerFastFlags([speed({ responses: 9 })], s)).toEqual([]);
    const [flag] = interviewerFastFlags([speed({})], s);
    expect(flag?.flag.clusterId).toBe("interviewer_fast:1:1");
    expect(flag?.flag.reason.zh).toContain("访员 KX7MP3QA");
  });

  it("flags a straight-lining share of at least 80 % and 30 points over the campaign's", () => {
    expect(interviewerUniformFlags([uniform({})], s)).toHaveLength(1);
    expect(interviewerUniformFlags([uniform({ straight: 7 })], s)).toEqual([]);
    // In a campaign where 60 % answer one option throughout, the bar is 90 %.
    expect(interviewerUniformFlags([uniform({ campaignShare: 0.6 })], s)).toEqual([]);
    expect(interviewerUniformFlags([uniform({ campaignShare: 0.6, straight: 9 })], s)).toHaveLength(
      1,
    );
    expect(interviewerUniformFlags([uniform({ responses: 9, straight: 9 })], s)).toEqual([]);
  });

  it("takes its thresholds from the campaign's settings", () => {
    const strict = integritySettingsSchema.parse({ interviewer: { minResponses: 20 } });
    expect(interviewerFastFlags([speed({})], strict)).toEqual([]);
    expect(integritySettingsSchema.safeParse({ interviewer: { medianFraction: 2 } }).success).toBe(
      false,
    );
  });
});

/**
 * A campaign with online answers and four interviewers: one normal, one implausibly fast, one
 * implausibly uniform, one fast and uniform but with too few responses to judge. Only the fast
 * and the uniform one are flagged, each as one cluster of all their responses.
 */
describe.each(availableDbKinds())("interviewer flags on %s", (kind) => {
  const ctx = useSeededApp(kind);
  const { seeded } = ctx;
  const ids = { normal: [] as string[], fast: [] as string[], uniform: [] as string[] };
  const few: string[] = [];
  const codes = { normal: "NRMAL3CA", fast: "FAST4CAA", uniform: "UNFRM7AA", few: "FEWW9AAA" };
  let satisfaction: string[];

  beforeAll(async () => {
    const questionnaireId = seeded.setup.questionnaireIds.social!;
    const version = await ctx.db
      .selectFrom("questionnaire")
      .select("item_roles")
      .where("id", "=", questionnaireId)
      .executeTakeFirstOrThrow();
    satisfaction = (version.item_roles as ItemRoles).satisfaction ?? [];
    expect(satisfaction.length).toBeGreaterThanOrEqual(3);
    const channelId = await insertChannel(ctx.db, {
      token: newChannelToken(),
      campaignId: seeded.campaignId,
      questionnaireId,
      schoolId: null,
      respondentGroup: "resident",
      label: "入户调查",
      kind: "event",
      mode: "interviewer",
    });
    const interviewer = async (code: string) =>
      (
        await ctx.db
          .insertInto("interviewer")
          .values({ campaign_id: seeded.campaignId, code, label: `访员 ${code}` })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const options = ["satisfied", "basically_satisfied", "dissatisfied"];
    /** Answers giving one option throughout when `straight`, else a mix. */
    const answers = (straight: boolean, k: number) =>
      Object.fromEntries(
        satisfaction.map((item, j) => [item, straight ? "satisfied" : options[(k + j) % 3]!]),
      );
    const start = Date.parse("2026-03-02T08:00:00Z");
    let n = 0;
    const row = (over: Partial<NewResponse> & { durationSeconds: number }): NewResponse => {
      n += 1;
      return {
        id: randomUUID(),
        campaignId: seeded.campaignId,
        channelId: seeded.setup.schoolChannels[0]!.id,
        questionnaireId,
        schoolId: null,
        respondentGroup: "resident",
        answers: {},
        startedAt: null,
        completedAt: null,
        pageSeconds: {},
        locale: "zh-cn",
        browserFamily: "wechat",
        ipHash: null,
        deviceToken: null,
        contentHash: `c${n}`,
        receivedAt: new Date(start + n * 97_000),
        ...over,
      };
    };
    const rows: NewResponse[] = [];
    // 60 online answers: 120–297 s, one in three (0.33) straight.
    for (let k = 0; k < 60; k++)
      rows.push(row({ durationSeconds: 120 + k * 3, answers: answers(k % 3 === 0, k) }));
    const team = async (
      name: keyof typeof codes,
      count: number,
      duration: (k: number) => number,
      straight: (k: number) => boolean,
    ) => {
      const interviewerId = await interviewer(codes[name]);
      for (let k = 0; k < count; k++) {
        const r = row({
          channelId,
          interviewerId,
          durationSeconds: duration(k),
          answers: answers(straight(k), k),
        });
        (name === "few" ? few : ids[name]).push(r.id);
        rows.push(r);
      }
    };
    // Reading aloud takes longer than answering alone; a third straight, like everyone.
    await team(
      "normal",
      12,
      (k) => 300 + k * 20,
      (k) => k % 3 === 0,
    );
    // Half a minute to a minute each: well under half of the campaign's median (~ 3.5 min).
    await team(
      "fast",
      12,
      (k) => 40 + k * 3,
      (k) => k % 3 === 0,
    );
    // Normal speed, but 满意 on every item every time.
    await team(
      "uniform",
      12,
      (k) => 280 + k * 15,
      () => true,
    );
    // Fast and uniform, but five responses do not make a pattern.
    await team(
      "few",
      5,
      () => 35,
      () => true,
    );
    await insertResponses(ctx.db, rows);
  });

  const flagsOf = async (settings = defaultIntegritySettings) => {
    const result = await campaignFlags(ctx.db, seeded.campaignId, settings);
    const kinds = new Map(result.responses.map((r) => [r.responseId, r.flags.map((f) => f.kind)]));
    return { kinds, clusters: result.clusters };
  };

  it("flags every response of the fast interviewer and of the uniform one, as one cluster each", async () => {
    const { kinds, clusters } = await flagsOf();
    for (const id of ids.fast) expect(kinds.get(id)).toContain("interviewer_fast");
    for (const id of ids.uniform) expect(kinds.get(id)).toContain("interviewer_uniform");
    const fast = clusters.filter((c) => c.kind === "interviewer_fast");
    const uniform = clusters.filter((c) => c.kind === "interviewer_uniform");
    expect(fast).toHaveLength(1);
    expect(uniform).toHaveLength(1);
    expect([...fast[0]!.responseIds].sort()).toEqual([...ids.fast].sort());
    expect([...uniform[0]!.responseIds].sort()).toEqual([...ids.uniform].sort());
    expect(fast[0]!.evidence).toMatchObject({
      interviewerCode: codes.fast,
      interviewerResponses: 12,
    });
    expect(uniform[0]!.evidence).toMatchObject({
      interviewerCode: codes.uniform,
      interviewerResponses: 12,
      straightResponses: 12,
    });
  });

  it("leaves the normal interviewer, the one with few responses and the online answers alone", async () => {
    const { kinds } = await flagsOf();
    const interviewerKinds = new Set(["interviewer_fast", "interviewer_uniform"]);
    for (const [id, list] of kinds) {
      if (ids.fast.includes(id) || ids.uniform.includes(id)) continue;
      expect(
        list.filter((k) => interviewerKinds.has(k)),
        id,
      ).toEqual([]);
    }
    for (const id of [...ids.normal, ...few]) {
      expect((kinds.get(id) ?? []).filter((k) => interviewerKinds.has(k))).toEqual([]);
    }
    expect(ids.fast.some((id) => kinds.get(id)?.includes("interviewer_uniform"))).toBe(false);
    expect(ids.uniform.some((id) => kinds.get(id)?.includes("interviewer_fast"))).toBe(false);
  });

  it("follows the campaign's thresholds: five responses suffice when the campaign says so", async () => {
    const loose = integritySettingsSchema.parse({ interviewer: { minResponses: 5 } });
    const { kinds } = await flagsOf(loose);
    for (const id of few) {
      expect(kinds.get(id)).toEqual(
        expect.arrayContaining(["interviewer_fast", "interviewer_uniform"]),
      );
    }
  });

  it("shows the two kinds on the integrity report, counted like the other flags", async () => {
    const admin = await signedIn(ctx.app, ctx.db, { username: "flags-admin", role: "admin" });
    const res = await admin.request(`/api/campaigns/${seeded.campaignId}/integrity`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { byKind: { kind: string; responses: number }[] };
    const byKind = new Map(report.byKind.map((k) => [k.kind, k.responses]));
    expect(byKind.get("interviewer_fast")).toBe(12);
    expect(byKind.get("interviewer_uniform")).toBe(12);
  });
});
