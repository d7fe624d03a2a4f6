import type { Kysely } from "kysely";
import { z } from "zod";
import { sampleTarget } from "../../analysis/index.ts";
import { staffAuditor, staffRouter } from "../staff/index.ts";
import type { Config } from "../config.ts";
import type { Campaign, Database } from "../db/database.ts";
import { AppError, notFound } from "../http/errors.ts";
import { campaignMessage } from "./messages.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { campaignLoader } from "./campaign-loader.ts";
import { listCampaigns, updateCampaign } from "./repository.ts";
import { areaPopulations, campaignTarget } from "./campaign-target.ts";

const population = z.number().int().min(0).max(2_000_000_000);

/** `PATCH /api/campaigns/:id`: every key optional; null clears a value. */
export const campaignPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    closesAt: z.iso.datetime({ offset: true }).optional(),
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

/** A campaign as staff pages see it, with the computed target beside the override. */
export function campaignJson(campaign: Campaign) {
  const target = campaignTarget(campaign);
  return {
    id: campaign.id,
    name: campaign.name,
    scheme: campaign.scheme,
    district: campaign.district,
    status: campaign.status,
    opensAt: campaign.opens_at.toISOString(),
    closesAt: campaign.closes_at.toISOString(),
    isDemo: campaign.is_demo,
    residentPopulation: campaign.resident_population,
    areaPopulations: areaPopulations(campaign),
    targetOverride: target.override,
    computedTarget: target.computed,
    target: target.total,
  };
}

/**
 * Campaigns for staff: the list an account may see, one campaign's settings and
 * their change (admin, audit-logged; docs/weighting.md, Sample size and Sample plan).
 * Per-route middleware only: this sub-app is mounted under /api beside public endpoints.
 */
export function campaignRoutes(deps: { db: Kysely<Database>; config: Config; now?: () => Date }) {
  const { db, config } = deps;
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/campaigns",
        tag: "campaigns",
        access: "campaign.read",
        summary: {
          zh: "可见的调查活动列表（管理员全部，其他账号仅本活动）",
          en: "Campaigns the account may see (an unscoped admin: all; others: their own)",
        },
        responses: {
          200: { description: "{ campaigns: Campaign[] }", contentType: "application/json" },
        },
      },
      async (c) => {
        const campaigns = await listCampaigns(db, c.get("staff").user.campaignId);
        return c.json({ campaigns: campaigns.map(campaignJson) });
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
      async (c) => c.json(campaignJson(await campaignOf(c))),
    )
    .route(
      {
        method: "patch",
        path: "/campaigns/:id",
        tag: "campaigns",
        access: "campaign.manage",
        summary: {
          zh: "修改调查活动：名称、截止时间、常住人口、城区/镇区/乡村人口、目标样本量（记入审计日志）",
          en: "Change a campaign: name, closing time, residents, urban/town/rural residents, target override (audit-logged)",
        },
        body: { schema: campaignPatchSchema, maxBytes: maxBodyBytes },
        responses: {
          200: { description: "the changed Campaign", contentType: "application/json" },
        },
        errors: {
          422: "invalid_window (closes before it opens) or target_below_minimum (override under the computed n)",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const body = await readJsonBody(c, campaignPatchSchema, maxBodyBytes);
        const changes = checkedChanges(campaign, body);
        const updated = await updateCampaign(db, campaign.id, changes);
        if (!updated) throw notFound();
        await audit(db, c, {
          action: "campaign.update",
          target: `campaign:${campaign.id}`,
          details: { changes: body },
        });
        return c.json(campaignJson(updated));
      },
    );
}

/**
 * The body as repository changes, checked against the stored campaign: the
 * window must stay open before it closes, and an override may only raise the
 * target (targets are floors: the computed n is the least the inspectors accept; docs/weighting.md,
 * Sample size).
 */
function checkedChanges(campaign: Campaign, body: z.infer<typeof campaignPatchSchema>) {
  const closesAt = body.closesAt === undefined ? undefined : new Date(body.closesAt);
  if (closesAt && closesAt.getTime() <= campaign.opens_at.getTime()) {
    throw new AppError("invalid_window", campaignMessage("invalidWindow"));
  }
  const residents =
    body.residentPopulation === undefined ? campaign.resident_population : body.residentPopulation;
  const computed = sampleTarget(residents ?? 0, campaign.scheme).total;
  if (body.targetOverride != null && body.targetOverride < computed) {
    throw new AppError(
      "target_below_minimum",
      campaignMessage("targetBelowMinimum", { computed, override: body.targetOverride }),
    );
  }
  const areas = body.areaPopulations;
  return {
    name: body.name,
    closesAt,
    residentPopulation: body.residentPopulation,
    urbanPopulation: areas === null ? null : areas?.urban,
    townPopulation: areas === null ? null : areas?.town,
    ruralPopulation: areas === null ? null : areas?.rural,
    targetTotalOverride: body.targetOverride,
  };
}
