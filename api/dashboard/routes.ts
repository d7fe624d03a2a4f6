import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { SamplePlan } from "../../analysis/index.ts";
import { type StaffEnv, can, ownSchoolId, staffRouter } from "../staff/index.ts";
import { campaignLoader } from "../campaigns/index.ts";
import { campaignSamplePlan } from "./sample-plan.ts";
import { findSchool } from "../schools/index.ts";
import type { Campaign, Database } from "../db/database.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { readQuery } from "../http/read-query.ts";
import { dashboardMessage } from "./messages.ts";
import { type Dashboard, campaignDashboard } from "./dashboard.ts";
import { FreshFor } from "./dashboard-cache.ts";
import { StudentGradeCounts } from "./grade-counts.ts";
import { suppressDashboard } from "./dashboard-suppress.ts";

export const dashboardQuerySchema = z.object({
  school: z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .optional()
    .describe("a school id: narrows the dashboard to that school (a school account: its own only)"),
});

type ScopeSchool = { id: number; code: string; name: string } | null;
type Rendered = { json: string; etag: string };

/**
 * A fingerprint of the figures a poll would receive. The read time and the
 * share of the window elapsed move on their own and are left out; anything
 * that follows from them (lagging flags, a new hour) is in the figures.
 */
function etagOf(body: object): string {
  const json = JSON.stringify({ ...body, generatedAt: null, elapsedShare: null });
  return `W/"${createHash("sha256").update(json).digest("base64url").slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/**
 * The live dashboard of a campaign for any staff role that may see it.
 * A school account sees its own school only; non-admins see counts of 1–4 as
 * "<5". Figures are read at most once a second per campaign and school, however
 * many poll (see FreshFor). A poll that sends back the last ETag in
 * If-None-Match gets an empty 304 while nothing changed.
 */
export function dashboardRoutes(deps: {
  db: Kysely<Database>;
  now?: () => Date;
  /** How long read figures are served again (default 1 s; the page polls every 10 s). */
  freshMs?: number;
  /** Students' grade answers with a settled part kept (default: one per app). */
  grades?: StudentGradeCounts;
}) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const campaignOf = campaignLoader(db);
  const freshMs = deps.freshMs ?? 1000;
  const recent = new FreshFor<Dashboard<number>>(freshMs);
  const sent = new FreshFor<Rendered>(freshMs);
  // One plan per campaign, shared by the polls of all its schools.
  const plans = new FreshFor<SamplePlan>(freshMs);
  const grades = deps.grades ?? new StudentGradeCounts();

  /** The school the figures are narrowed to: a school account's own, or `?school=`. */
  async function scopeOf(c: Context<StaffEnv>, campaignId: number): Promise<ScopeSchool> {
    const query = readQuery(c, dashboardQuerySchema, () => dashboardMessage("invalidSchoolFilter"));
    const asked = query.school === undefined ? null : Number(query.school);
    const user = c.get("staff").user;
    const own = await ownSchoolId(db, user, campaignId);
    if (own === null) throw forbidden(dashboardMessage("noSchool"));
    if (own !== undefined && asked !== null && asked !== own) throw forbidden();
    const wanted = own ?? asked;
    if (wanted === null) return null;
    const school = await findSchool(db, wanted);
    if (!school || school.campaignId !== campaignId) {
      // A school account's own school is always in its campaign; anything else is not there.
      if (user.role === "school") throw forbidden();
      throw notFound("school_not_found", dashboardMessage("schoolNotInCampaign"));
    }
    return { id: school.id, code: school.code, name: school.name };
  }

  /** The figures as sent: serialised and fingerprinted once per key and second, not per poll. */
  function rendered(campaign: Campaign, school: ScopeSchool, exact: boolean): Promise<Rendered> {
    const scope = `${campaign.id}:${school?.id ?? "all"}`;
    return sent.get(`${scope}:${exact ? "exact" : "suppressed"}`, async () => {
      const plan = () => plans.get(String(campaign.id), () => campaignSamplePlan(db, campaign));
      const gradeAnswers = async () => (await grades.read(db, campaign.id)).counts;
      const figures = await recent.get(scope, () =>
        campaignDashboard(db, campaign, { school, now: now() }, { plan, grades: gradeAnswers }),
      );
      const body = exact ? figures : suppressDashboard(figures);
      return { json: JSON.stringify(body), etag: etagOf(body) };
    });
  }

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/campaigns/:id/dashboard",
        tag: "dashboard",
        access: "dashboard.read",
        summary: {
          zh: "实时进度：各目标与名额完成情况（还需 N 份）、各校进度（落后学校）、每小时答卷数、漏斗（打开→开始→完成，各页流失）、各渠道数、各答卷方式（网络、入户、电话、纸质）的答卷数与有效回收率（对照 70%）；学校账号仅见本校，非管理员账号小于 5 的数显示为“<5”",
          en: 'Live progress: targets and quotas (still needed), schools (lagging flagged), responses per hour, the funnel (opened → started → completed, drop-off by page), links, responses and the valid-return rate (against 70 %) per mode (online, interviewer, telephone, paper); a school account sees its own school only; non-admins see counts under 5 as "<5"',
        },
        query: dashboardQuerySchema,
        responses: {
          200: {
            description:
              "Dashboard (api/dashboard/dashboard.ts): { campaign, generatedAt, scope, school, elapsedShare, targets, schools, hourly, funnel, channels, modes, validReturn }; ETag for If-None-Match",
            contentType: "application/json",
          },
          304: { description: "not modified since the ETag sent in If-None-Match" },
        },
        errors: {
          400: "invalid_query: school is not a positive whole number",
          404: "school_not_found: the campaign has no such school",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const school = await scopeOf(c, campaign.id);
        const out = await rendered(campaign, school, can(c.get("staff").user.role, "counts.exact"));
        c.header("ETag", out.etag);
        if (matches(c.req.header("if-none-match"), out.etag)) return c.body(null, 304);
        c.header("Content-Type", "application/json; charset=utf-8");
        return c.body(out.json);
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/sample-plan",
        tag: "campaigns",
        access: "campaign.read",
        summary: {
          zh: "样本计划：总目标、各类受访者（人大代表与政协委员、校长与教师各共用一个名额）、各校家长、城区/镇区/乡村目标、学生各年级段目标（均为下限）",
          en: "Sample plan: total, per official respondent category (NPC deputies with CPPCC members, principals with teachers, one quota each), parents per school, per area type, students per grade band (all floors)",
        },
        responses: {
          200: {
            description:
              "{ campaignId, scheme, total, computedTotal, overrideTotal, quotas, byGroup, parentsBySchool, byArea, byGradeBand }",
            contentType: "application/json",
          },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const plan = await campaignSamplePlan(db, campaign);
        return c.json({ campaignId: campaign.id, scheme: campaign.scheme, ...plan });
      },
    );
}
