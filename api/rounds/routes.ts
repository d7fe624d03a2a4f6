import type { Context } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import {
  campaignJson,
  campaignLoader,
  campaignMessage,
  checkTargetOverride,
  checkWindow,
  deleteDraftCampaign,
  findCampaign,
  hasResponses,
  parseCampaignDate,
  population,
} from "../campaigns/index.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { findDistrict, listDistricts } from "../districts/index.ts";
import { conflict, notFound, unprocessable } from "../http/errors.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { type StaffEnv, staffAuditor, staffRouter } from "../staff/index.ts";
import { changeScale, checkedScale, scaleSchema } from "./campaign-scale.ts";
import { copyCampaign } from "./copy-campaign.ts";
import { createRound } from "./create-campaign.ts";
import { roundMessage } from "./messages.ts";

// Dates stay strings here: parseCampaignDate answers 422 invalid_date naming the field.
const dateText = z.string().max(40);

/** `POST /api/campaigns`: a new campaign of the account's district, as a draft. */
export const newCampaignSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  scheme: z.enum(["basic_2012", "quality_2017"]),
  opensAt: dateText,
  closesAt: dateText,
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
  contactLine: z.string().trim().max(200).optional(),
  /** The satisfaction items' scale; left out: the scheme's default (docs/satisfaction.md). */
  scale: scaleSchema.optional(),
  /** Only for an operator's admin, who belongs to no district. */
  districtId: z.number().int().positive().optional(),
});

/** `PUT /api/campaigns/:id/scale`: a draft's satisfaction scale. */
export const campaignScaleSchema = scaleSchema;

/** `POST /api/campaigns/:id/copy`: the next round's name and dates. */
export const copyCampaignSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  opensAt: dateText,
  closesAt: dateText,
});

const maxBodyBytes = 4096;

/**
 * A bureau's rounds: create a campaign (a draft with its scheme's questionnaires and the
 * district-wide links), copy one as the next round, delete a draft that has no responses.
 * Admin only, audit-logged. The campaign's own settings and lifecycle are the campaigns
 * feature's.
 */
export function roundRoutes(deps: { db: Kysely<Database>; config: Config; now?: () => Date }) {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  /** The district a new campaign goes to: the account's own; an operator names one. */
  async function districtFor(c: Context<StaffEnv>, asked: number | undefined) {
    const own = c.get("staff").user.districtId;
    if (own !== null) {
      if (asked !== undefined && asked !== own) throw notFound();
      const district = await findDistrict(db, own);
      if (!district) throw notFound();
      return district;
    }
    if (asked === undefined) {
      const all = await listDistricts(db);
      if (all.length === 1 && all[0]) return all[0];
      throw unprocessable("district_required", roundMessage("districtRequired"), {
        field: "districtId",
      });
    }
    const district = await findDistrict(db, asked);
    if (!district) {
      throw unprocessable("district_required", roundMessage("unknownDistrict", { id: asked }), {
        field: "districtId",
      });
    }
    return district;
  }

  return staffRouter(deps)
    .route(
      {
        method: "post",
        path: "/campaigns",
        tag: "campaigns",
        access: "campaign.manage",
        summary: {
          zh: "新建调查活动（草稿）：名称、方案、满意度量表、起止时间（北京时间）、人口、目标、联系方式；自动带上该方案的问卷和全区链接",
          en: "Create a campaign (a draft): name, scheme, satisfaction scale, opening and closing time (Beijing time), populations, target, contact line; it comes with the scheme's questionnaires and the district-wide links",
        },
        body: { schema: newCampaignSchema, maxBytes: maxBodyBytes },
        responses: { 201: { description: "the Campaign", contentType: "application/json" } },
        errors: {
          422: "invalid_date (naming the field), invalid_window, target_below_minimum, invalid_scale (scale.points not 3, 4 or 5) or district_required",
        },
      },
      async (c) => {
        const body = await readJsonBody(c, newCampaignSchema, maxBodyBytes);
        const opensAt = parseCampaignDate(body.opensAt, "opensAt");
        const closesAt = parseCampaignDate(body.closesAt, "closesAt");
        checkWindow(opensAt, closesAt);
        checkTargetOverride(body.residentPopulation ?? null, body.scheme, body.targetOverride);
        const scale = body.scale === undefined ? undefined : checkedScale(body.scale);
        const district = await districtFor(c, body.districtId);
        const areas = body.areaPopulations;
        const created = await db.transaction().execute((trx) =>
          createRound(trx, {
            name: body.name,
            scheme: body.scheme,
            districtId: district.id,
            district: district.name,
            residentPopulation: body.residentPopulation ?? null,
            urbanPopulation: areas?.urban ?? null,
            townPopulation: areas?.town ?? null,
            ruralPopulation: areas?.rural ?? null,
            targetTotalOverride: body.targetOverride ?? null,
            contactLine: body.contactLine ?? "",
            opensAt,
            closesAt,
            status: "draft",
            isDemo: district.is_demo,
            ...(scale ? { scale } : {}),
          }),
        );
        const campaign = await findCampaign(db, created.campaignId);
        if (!campaign) throw notFound();
        await audit(db, c, {
          action: "campaign.create",
          target: `campaign:${campaign.id}`,
          details: {
            name: campaign.name,
            scheme: campaign.scheme,
            districtId: district.id,
            scale: campaignJson(campaign, now()).scale,
          },
        });
        return c.json(campaignJson(campaign, now(), 0), 201);
      },
    )
    .route(
      {
        method: "put",
        path: "/campaigns/:id/scale",
        tag: "campaigns",
        access: "campaign.manage",
        summary: {
          zh: "更改草稿的满意度量表（3、4 或 5 级，可含“不了解”）：各问卷版本的满意度题目选项随之改写；发布后或收到答卷后不能更改",
          en: "Change a draft's satisfaction scale (3, 4 or 5 points, with or without don't know): every questionnaire version's satisfaction items get its options; refused once published or once a response arrived",
        },
        body: { schema: campaignScaleSchema, maxBytes: maxBodyBytes },
        responses: { 200: { description: "the Campaign", contentType: "application/json" } },
        errors: {
          409: "scale_locked: a response has arrived, or the campaign is no longer a draft",
          422: "invalid_scale: points is not 3, 4 or 5 (details.field = scale.points)",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const scale = checkedScale(await readJsonBody(c, campaignScaleSchema, maxBodyBytes));
        const updated = await changeScale(db, campaign.id, scale);
        await audit(db, c, {
          action: "campaign.scale",
          target: `campaign:${campaign.id}`,
          details: { from: campaignJson(campaign, now()).scale, to: scale },
        });
        return c.json(campaignJson(updated, now()));
      },
    )
    .route(
      {
        method: "post",
        path: "/campaigns/:id/copy",
        tag: "campaigns",
        access: "campaign.manage",
        summary: {
          zh: "复制为下一轮（草稿）：学校、链接（新令牌）、问卷版本、分析与数据质量设置；不含答卷",
          en: "Copy as the next round (a draft): schools, links (new tokens), questionnaire versions, analysis and integrity settings; no responses",
        },
        body: { schema: copyCampaignSchema, maxBytes: maxBodyBytes },
        responses: { 201: { description: "the new Campaign", contentType: "application/json" } },
        errors: { 422: "invalid_date (naming the field) or invalid_window" },
      },
      async (c) => {
        const from = await campaignOf(c);
        const body = await readJsonBody(c, copyCampaignSchema, maxBodyBytes);
        const opensAt = parseCampaignDate(body.opensAt, "opensAt");
        const closesAt = parseCampaignDate(body.closesAt, "closesAt");
        checkWindow(opensAt, closesAt);
        const { user } = c.get("staff");
        const copied = await copyCampaign(
          db,
          from,
          { name: body.name, opensAt, closesAt },
          { userId: user.id, label: user.displayName },
        );
        const campaign = await findCampaign(db, copied.campaignId);
        if (!campaign) throw notFound();
        await audit(db, c, {
          action: "campaign.copy",
          target: `campaign:${campaign.id}`,
          details: { from: from.id, ...copied },
        });
        return c.json(campaignJson(campaign, now(), 0), 201);
      },
    )
    .route(
      {
        method: "delete",
        path: "/campaigns/:id",
        tag: "campaigns",
        access: "campaign.manage",
        summary: {
          zh: "删除尚无答卷的草稿活动",
          en: "Delete a draft that has no responses",
        },
        responses: { 204: { description: "deleted" } },
        errors: { 409: "invalid_transition (not a draft) or campaign_has_responses" },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        if (await hasResponses(db, campaign.id)) {
          throw conflict("campaign_has_responses", campaignMessage("hasResponses"));
        }
        if (campaign.status !== "draft" || !(await deleteDraftCampaign(db, campaign.id))) {
          throw conflict("invalid_transition", campaignMessage("notDraft"));
        }
        await audit(db, c, {
          action: "campaign.delete",
          target: `campaign:${campaign.id}`,
          details: { name: campaign.name },
        });
        return c.body(null, 204);
      },
    );
}
