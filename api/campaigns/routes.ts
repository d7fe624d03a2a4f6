import type { Context } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { type StaffEnv, can, staffAuditor, staffRouter } from "../staff/index.ts";
import type { Config } from "../config.ts";
import type { SatisfactionScale } from "../../analysis/index.ts";
import type { Campaign, Database } from "../db/database.ts";
import { conflict, notFound } from "../http/errors.ts";
import { campaignMessage } from "./messages.ts";
import { readJsonBody, readOptionalJsonBody } from "../http/read-json-body.ts";
import { campaignLoader } from "./campaign-loader.ts";
import { hasResponses, listCampaigns, updateCampaign } from "./repository.ts";
import { type CampaignAction, allowedActions, statusChange } from "./campaign-lifecycle.ts";
import { checkWindow, parseCampaignDate } from "./campaign-dates.ts";
import { campaignPhase } from "./campaign-phase.ts";
import { areaPopulations, campaignTarget, checkTargetOverride } from "./campaign-target.ts";

export const population = z.number().int().min(0).max(2_000_000_000);

/** `PATCH /api/campaigns/:id`: every key optional; null clears a value. */
export const campaignPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    // Dates are checked by parseCampaignDate: 422 invalid_date naming the field.
    opensAt: z.string().max(40).optional(),
    closesAt: z.string().max(40).optional(),
    contactLine: z.string().trim().max(200).optional(),
    residentPopulation: population.nullable().optional(),
    areaPopulations: z
      .strictObject({
        urban: population.nullable().optional(),
        town: population.nullable().optional(),
        rural: population.nullable().optional(),
      })
      .nullable()
      .optional(),
    targetOverride: z.number().int().min(1).max(1_000_000).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "nothing to change" });

const maxBodyBytes = 4096;

/** `POST /api/campaigns/:id/{close,archive}`: why, for the audit log (the body may be left out). */
export const statusChangeSchema = z.strictObject({ reason: z.string().trim().max(500).optional() });

/** `POST /api/campaigns/:id/{open,reopen}`: also a new closing time (required when it has passed). */
export const openingSchema = statusChangeSchema.extend({ closesAt: z.string().max(40).optional() });

/**
 * A campaign as staff pages see it: its phase (the stored status read against its dates),
 * what may be done next, and the computed target beside the override.
 */
export function campaignJson(campaign: Campaign, now: Date, responses?: number | "<5") {
  const target = campaignTarget(campaign);
  const phase = campaignPhase(campaign, now);
  return {
    id: campaign.id,
    name: campaign.name,
    scheme: campaign.scheme,
    districtId: campaign.district_id,
    district: campaign.district,
    status: phase,
    actions: allowedActions(phase),
    contactLine: campaign.contact_line,
    opensAt: campaign.opens_at.toISOString(),
    closesAt: campaign.closes_at.toISOString(),
    isDemo: campaign.is_demo,
    residentPopulation: campaign.resident_population,
    areaPopulations: areaPopulations(campaign),
    targetOverride: target.override,
    computedTarget: target.computed,
    target: target.total,
    /** The satisfaction items' scale; null: each questionnaire keeps its own (older campaigns). */
    scale: campaignScale(campaign),
    ...(responses === undefined ? {} : { responses }),
  };
}

/** The campaign's scale as stored (migration 0012), or null for "as each questionnaire has it". */
export function campaignScale(campaign: Campaign): SatisfactionScale | null {
  const { scale_points: points, scale_dont_know: dontKnow } = campaign;
  return points === null || dontKnow === null ? null : { points, dontKnow };
}

/**
 * Campaigns for staff: the list an account may see, one campaign's settings and
 * their change (admin, audit-logged; docs/weighting.md, Sample size and Sample plan).
 * Per-route middleware only: this sub-app is mounted under /api beside public endpoints.
 */
export function campaignRoutes(deps: { db: Kysely<Database>; config: Config; now?: () => Date }) {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  /** A lifecycle action's route: checked against the phase, stored, audit-logged. */
  const lifecycleRoute = (action: CampaignAction, zh: string, en: string) =>
    ({
      method: "post",
      path: `/campaigns/:id/${action}`,
      tag: "campaigns",
      access: "campaign.manage",
      summary: { zh, en },
      body: {
        schema: action === "open" || action === "reopen" ? openingSchema : statusChangeSchema,
        maxBytes: maxBodyBytes,
      },
      responses: { 200: { description: "the Campaign", contentType: "application/json" } },
      errors: {
        409: "invalid_transition: not allowed from the campaign's phase",
        422: "invalid_date (closesAt has passed or is malformed) or invalid_window",
      },
    }) as const;

  const applyAction = async (c: Context<StaffEnv>, action: CampaignAction) => {
    const campaign = await campaignOf(c);
    const opening = action === "open" || action === "reopen";
    const body: { closesAt?: string; reason?: string } = await readOptionalJsonBody(
      c,
      opening ? openingSchema : statusChangeSchema,
      maxBodyBytes,
    );
    const closesAt =
      body.closesAt === undefined ? undefined : parseCampaignDate(body.closesAt, "closesAt");
    const at = now();
    const change = statusChange(campaign, action, at, closesAt);
    const updated = await updateCampaign(db, campaign.id, change);
    if (!updated) throw notFound();
    await audit(db, c, {
      action: `campaign.${action}`,
      target: `campaign:${campaign.id}`,
      details: {
        from: campaignPhase(campaign, at),
        to: campaignPhase(updated, at),
        ...(change.closesAt ? { closesAt: change.closesAt.toISOString() } : {}),
        ...(body.reason ? { reason: body.reason } : {}),
      },
    });
    return c.json(campaignJson(updated, at));
  };

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/campaigns",
        tag: "campaigns",
        access: "campaign.read",
        summary: {
          zh: "本区县的调查活动（各轮），含状态、日期和已收答卷数",
          en: "The district's campaigns (its rounds) with phase, dates and responses so far",
        },
        responses: {
          200: { description: "{ campaigns: Campaign[] }", contentType: "application/json" },
        },
      },
      async (c) => {
        const { user } = c.get("staff");
        const campaigns = await listCampaigns(db, user.districtId);
        const at = now();
        // Counts under 5 are hidden from accounts without exact counts, as on the dashboard.
        const shown = (n: number) => (n > 0 && n < 5 && !can(user.role, "counts.exact") ? "<5" : n);
        return c.json({
          campaigns: campaigns.map((k) => campaignJson(k, at, shown(k.responses))),
        });
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id",
        tag: "campaigns",
        access: "campaign.read",
        summary: {
          zh: "调查活动设置：人口、分区人口、计算目标与调整后目标",
          en: "A campaign's settings: residents, area residents, computed and overridden target",
        },
        responses: { 200: { description: "Campaign", contentType: "application/json" } },
      },
      async (c) => c.json(campaignJson(await campaignOf(c), now())),
    )
    .route(
      {
        method: "patch",
        path: "/campaigns/:id",
        tag: "campaigns",
        access: "campaign.manage",
        summary: {
          zh: "修改调查活动：名称、开始时间（收到答卷前）、截止时间、联系方式、常住人口、城区/镇区/乡村人口、目标样本量（记入审计日志）",
          en: "Change a campaign: name, opening time (until the first response), closing time, contact line, residents, urban/town/rural residents, target override (audit-logged)",
        },
        body: { schema: campaignPatchSchema, maxBytes: maxBodyBytes },
        responses: {
          200: { description: "the changed Campaign", contentType: "application/json" },
        },
        errors: {
          409: "opens_at_locked: responses have arrived, the opening time stays",
          422: "invalid_date (naming the field), invalid_window (closes before it opens) or target_below_minimum (override under the computed n)",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const body = await readJsonBody(c, campaignPatchSchema, maxBodyBytes);
        const changes = checkedChanges(campaign, body);
        if (changes.opensAt && (await hasResponses(db, campaign.id))) {
          throw conflict("opens_at_locked", campaignMessage("opensAtLocked"));
        }
        const updated = await updateCampaign(db, campaign.id, changes);
        if (!updated) throw notFound();
        await audit(db, c, {
          action: "campaign.update",
          target: `campaign:${campaign.id}`,
          details: { changes: body },
        });
        return c.json(campaignJson(updated, now()));
      },
    )
    .route(
      lifecycleRoute(
        "open",
        "发布调查活动（草稿 → 开放；开始时间未到则为“待开始”）",
        "Publish a draft (it opens at its opening time)",
      ),
      (c) => applyAction(c, "open"),
    )
    .route(
      lifecycleRoute(
        "close",
        "关闭调查活动（提前结束则截止时间改为现在）",
        "Close a campaign (closing early moves its closing time to now)",
      ),
      (c) => applyAction(c, "close"),
    )
    .route(
      lifecycleRoute(
        "reopen",
        "重新开放已结束或已归档的调查活动（截止时间已过须给新的 closesAt）",
        "Reopen a closed or archived campaign (a new closesAt when the old one has passed)",
      ),
      (c) => applyAction(c, "reopen"),
    )
    .route(lifecycleRoute("archive", "归档已结束的调查活动", "Archive a closed campaign"), (c) =>
      applyAction(c, "archive"),
    );
}

/**
 * The body as repository changes, checked against the stored campaign: the
 * window must stay open before it closes, and an override may only raise the
 * target (targets are floors: the computed n is the least the inspectors accept; docs/weighting.md,
 * Sample size).
 */
function checkedChanges(campaign: Campaign, body: z.infer<typeof campaignPatchSchema>) {
  const opensAt =
    body.opensAt === undefined ? undefined : parseCampaignDate(body.opensAt, "opensAt");
  const closesAt =
    body.closesAt === undefined ? undefined : parseCampaignDate(body.closesAt, "closesAt");
  checkWindow(opensAt ?? campaign.opens_at, closesAt ?? campaign.closes_at);
  const residents =
    body.residentPopulation === undefined ? campaign.resident_population : body.residentPopulation;
  checkTargetOverride(residents, campaign.scheme, body.targetOverride);
  const areas = body.areaPopulations;
  return {
    name: body.name,
    opensAt,
    closesAt,
    contactLine: body.contactLine,
    residentPopulation: body.residentPopulation,
    urbanPopulation: areas === null ? null : areas?.urban,
    townPopulation: areas === null ? null : areas?.town,
    ruralPopulation: areas === null ? null : areas?.rural,
    targetTotalOverride: body.targetOverride,
  };
}
