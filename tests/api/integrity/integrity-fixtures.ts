import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { answerGenerator } from "../../../api/demo/synthetic-answers.ts";
import { type NewResponse, insertResponses } from "../../../api/responses/repository.ts";
import type { Kysely } from "kysely";
import type { Database } from "../../../api/db/database.ts";
import { contentHash } from "../../../api/responses/content-hash.ts";
import { questionnairesForScheme } from "../../../api/questionnaires/questionnaire-library.ts";
import type { SeededCampaign } from "../../helpers/seed.ts";

/**
 * Shared by the integrity tests: answer sheets a parent could really give
 * (the demo's generator over the shipped social questionnaire: every sheet
 * passes the server's validator), comments as parents write them, and a
 * submitter that PUTs through the real endpoint at a moment of an injected clock.
 */
const social = questionnairesForScheme("basic_2012").find((f) => f.key === "social");
if (!social) throw new Error("no social questionnaire");
const generate = answerGenerator(social.survey, new Set(social.itemRoles.satisfaction ?? []));

/**
 * Comments in parents' own words. Short ones (无, 很好) recur by nature; the
 * identical-cluster rule ignores comments under 6 characters for that reason.
 */
export const parentComments = [
  "无",
  "没有",
  "很好",
  "满意",
  "希望学校增加课后服务的时间。",
  "食堂饭菜比以前好多了。",
  "希望村小也能配齐音乐美术老师。",
  "上学路上交通有点拥堵，希望增加护学岗。",
  "老师很负责，孩子进步明显。",
  "希望作业再少一些。",
  "学校操场翻新后孩子们很喜欢。",
  "希望多组织一些户外活动和社会实践。",
  "放学时间太早，双职工家庭接送困难。",
  "班级人数有点多，老师照顾不过来。",
  "希望加强校园周边的交通安全管理。",
  "图书室的书可以再多一些，开放时间长一点。",
  "建议学校多和家长沟通孩子在校情况。",
  "希望延时服务能有更多兴趣课程。",
  "学校厕所条件需要改善。",
  "感谢老师们的辛勤付出！",
  "希望择校问题能更加公开透明。",
  "教室的空调夏天不够用。",
  "孩子很喜欢新来的体育老师。",
  "希望增加心理健康教育。",
  "午休条件差，孩子只能趴在桌上睡。",
  "校车线路能否再增加一条？",
];

export interface SheetOptions {
  /** The link's school code ("" for a district link, where the parent picks `school`). */
  channelSchool: string;
  school?: string;
  commentRate?: number;
  satisfaction?: Record<string, number>;
}

const organicSatisfaction = {
  satisfied: 0.62,
  basically_satisfied: 0.2,
  fairly_satisfied: 0.1,
  dissatisfied: 0.05,
  unknown: 0.03,
};

/** A parent's answer sheet for the social questionnaire. */
export function parentSheet(random: () => number, o: SheetOptions): Record<string, unknown> {
  const fixed: Record<string, unknown> = { identity: "parent" };
  if (o.school) fixed.school = o.school;
  return generate(
    { presetGroup: "", channelSchool: o.channelSchool },
    fixed,
    {
      satisfaction: o.satisfaction ?? organicSatisfaction,
      commentRate: o.commentRate ?? 0.15,
      comments: parentComments,
    },
    random,
  );
}

/** A log-normal draw: real answer times are skewed, with a long slow tail. */
export function logNormal(random: () => number, median: number, sigma: number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
}

export interface Submission {
  at: Date;
  channel: string;
  answers: Record<string, unknown>;
  durationSeconds: number;
  ip: string;
  deviceToken: string;
  id?: string;
}

/**
 * PUT /api/responses/:id through the real app, as a phone at `at` would: the
 * clock is moved to `at` first (the app's injected clock decides the campaign
 * window, the rate-limit windows and received_at), the client address comes
 * in X-Forwarded-For (the app trusts the proxy header), and the answer time
 * is carried by startedAt/completedAt as the respondent page sends them.
 */
export async function submitAt(
  app: Hono,
  setClock: (at: Date) => void,
  s: Submission,
): Promise<{ id: string; status: number; retryAfter: string | null; body: string }> {
  setClock(s.at);
  const id = s.id ?? randomUUID();
  const completedAt = new Date(s.at.getTime() - 1500);
  const startedAt = new Date(completedAt.getTime() - s.durationSeconds * 1000);
  const res = await app.request(`/api/responses/${id}`, {
    method: "PUT",
    headers: { "content-type": "application/json", "x-forwarded-for": s.ip },
    body: JSON.stringify({
      channel: s.channel,
      answers: s.answers,
      startedAt: startedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      deviceToken: s.deviceToken,
      locale: "zh-cn",
    }),
  });
  return {
    id,
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    body: await res.text(),
  };
}

/**
 * Responses straight into the table with an explicit received_at, for tests of
 * the flag SQL that need exact times (the API stamps received_at itself).
 */
export async function insertAt(
  db: Kysely<Database>,
  seeded: SeededCampaign,
  rows: {
    at: Date;
    schoolIndex?: number;
    answers?: Record<string, unknown>;
    durationSeconds?: number | null;
    ipHash?: string | null;
    deviceToken?: string | null;
    channelId?: number;
  }[],
): Promise<string[]> {
  const ids: string[] = [];
  const built: NewResponse[] = rows.map((r) => {
    const channel = seeded.setup.schoolChannels[r.schoolIndex ?? 0];
    if (!channel) throw new Error("no such school channel");
    const id = randomUUID();
    ids.push(id);
    const answers = r.answers ?? { identity: "parent", sat_overall: "satisfied" };
    const duration = r.durationSeconds === undefined ? 180 : r.durationSeconds;
    return {
      id,
      campaignId: seeded.campaignId,
      channelId: r.channelId ?? channel.id,
      questionnaireId: channel.questionnaireId,
      schoolId: channel.schoolId,
      respondentGroup: "parent",
      answers,
      startedAt: duration === null ? null : new Date(r.at.getTime() - duration * 1000),
      completedAt: duration === null ? null : r.at,
      durationSeconds: duration,
      pageSeconds: {},
      locale: "zh-cn",
      browserFamily: "wechat",
      ipHash: r.ipHash === undefined ? randomUUID().replace(/-/g, "") : r.ipHash,
      deviceToken: r.deviceToken === undefined ? randomUUID() : r.deviceToken,
      contentHash: contentHash({ id, answers }),
      receivedAt: r.at,
    };
  });
  await insertResponses(db, built);
  return ids;
}
