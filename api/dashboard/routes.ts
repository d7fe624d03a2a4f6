import { createHash } from "node:crypto";
import { type Context, Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { SamplePlan } from "../../analysis/index.ts";
import { authMessage } from "../staff/messages.ts";
import { type StaffEnv, requireCampaignAccess, requireStaff } from "../staff/require-staff.ts";
import type { Campaign, Database } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { dashboardMessage } from "./messages.ts";
import { message } from "../http/messages.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";
import { findCampaign } from "../campaigns/repository.ts";
import { findSchool } from "../schools/repository.ts";
import { campaignSamplePlan } from "../campaigns/campaign-plan.ts";
import { type Dashboard, campaignDashboard } from "./dashboard.ts";
import { FreshFor } from "./dashboard-cache.ts";
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

function forbidden(text = authMessage("forbidden")): AppError {
  return new AppError(403, "forbidden", text);
}

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
 * Per-route middleware: mounted under /api.
 */
export function dashboardRoutes(deps: {
  db: Kysely<Database>;
  now?: () => Date;
  /** How long read figures are served again (default 1 s; the page polls every 10 s). */
  freshMs?: number;
}): Hono<StaffEnv> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const staff = requireStaff({ db, now: deps.now });
  const freshMs = deps.freshMs ?? 1000;
  const recent = new FreshFor<Dashboard<number>>(freshMs);
  const sent = new FreshFor<Rendered>(freshMs);
  // One plan per campaign, shared by the polls of all its schools.
  const plans = new FreshFor<SamplePlan>(freshMs);

  async function campaignOf(c: Context<StaffEnv>): Promise<Campaign> {
    const id = Number(c.req.param("id"));
    const campaign = Number.isSafeInteger(id) && id > 0 ? await findCampaign(db, id) : undefined;
    if (!campaign) throw new AppError(404, "not_found", message("not_found"));
    requireCampaignAccess(c, campaign.id);
    return campaign;
  }

  /** The school the figures are narrowed to: a school account's own, or `?school=`. */
  async function scopeOf(c: Context<StaffEnv>, campaignId: number): Promise<ScopeSchool> {
    const query = dashboardQuerySchema.safeParse({ school: c.req.query("school") });
    if (!query.success) {
      throw new AppError(400, "invalid_query", dashboardMessage("invalidSchoolFilter"));
    }
    const asked = query.data.school === undefined ? null : Number(query.data.school);
    const user = c.get("staff").user;
    if (user.role === "school") {
      if (user.schoolId === null) throw forbidden(dashboardMessage("noSchool"));
      if (asked !== null && asked !== user.schoolId) throw forbidden();
    }
    const wanted = user.role === "school" ? user.schoolId : asked;
    if (wanted === null) return null;
    const school = await findSchool(db, wanted);
    if (!school || school.campaignId !== campaignId) {
      // A school account's own school is always in its campaign; anything else is not there.
      if (user.role === "school") throw forbidden();
      throw new AppError(404, "school_not_found", dashboardMessage("schoolNotInCampaign"));
    }
    return { id: school.id, code: school.code, name: school.name };
  }

  /** The figures as sent: serialised and fingerprinted once per key and second, not per poll. */
  function rendered(campaign: Campaign, school: ScopeSchool, exact: boolean): Promise<Rendered> {
    const scope = `${campaign.id}:${school?.id ?? "all"}`;
    return sent.get(`${scope}:${exact ? "exact" : "suppressed"}`, async () => {
      const plan = () => plans.get(String(campaign.id), () => campaignSamplePlan(db, campaign));
      const figures = await recent.get(scope, () =>
        campaignDashboard(db, campaign, { school, now: now() }, plan),
      );
      const body = exact ? figures : suppressDashboard(figures);
      return { json: JSON.stringify(body), etag: etagOf(body) };
    });
  }

  return new Hono<StaffEnv>().get("/campaigns/:id/dashboard", staff, async (c) => {
    const campaign = await campaignOf(c);
    const school = await scopeOf(c, campaign.id);
    const out = await rendered(campaign, school, c.get("staff").user.role === "admin");
    c.header("ETag", out.etag);
    if (matches(c.req.header("if-none-match"), out.etag)) return c.body(null, 304);
    c.header("Content-Type", "application/json; charset=utf-8");
    return c.body(out.json);
  });
}

/** The OpenAPI description of these routes (api/openapi/). */
export const dashboardOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/campaigns/:id/dashboard",
    tag: "dashboard",
    access: "staff",
    summary: {
      zh: "实时进度：各目标完成情况、各校进度（落后学校）、每小时答卷数、漏斗（打开→开始→完成，各页流失）、各渠道数；学校账号仅见本校，非管理员账号小于 5 的数显示为“<5”",
      en: 'Live progress: targets, schools (lagging flagged), responses per hour, the funnel (opened → started → completed, drop-off by page), links; a school account sees its own school only; non-admins see counts under 5 as "<5"',
    },
    query: dashboardQuerySchema,
    responses: {
      200: {
        description:
          "Dashboard (api/dashboard/dashboard.ts): { campaign, generatedAt, scope, school, elapsedShare, targets, schools, hourly, funnel, channels }; ETag for If-None-Match",
        contentType: "application/json",
      },
      304: { description: "not modified since the ETag sent in If-None-Match" },
    },
    errors: {
      400: "invalid_query: school is not a positive whole number",
      404: "school_not_found: the campaign has no such school",
    },
  },
];
