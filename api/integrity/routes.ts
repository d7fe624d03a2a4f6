import type { Context } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { campaignLoader } from "../campaigns/index.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { readQuery } from "../http/read-query.ts";
import { type StaffEnv, can, staffAuditor, staffIpHash, staffRouter } from "../staff/index.ts";
import { listExclusions } from "./exclusions-repository.ts";
import { type ExclusionContext, decideExclusion } from "./exclusion-workflow.ts";
import { flagPage } from "./flag-page.ts";
import { flagKinds } from "./flag-rules.ts";
import { integrityCounts } from "./integrity-counts.ts";
import { integrityReport } from "./integrity-report.ts";
import { integritySettingsSchema } from "./integrity-settings.ts";
import { integrityMessage } from "./messages.ts";
import { loadIntegritySettings, saveIntegritySettings } from "./settings-repository.ts";

export interface IntegrityRouteDeps {
  db: Kysely<Database>;
  config: Config;
  now?: () => Date;
}

const maxSettingsBytes = 8 * 1024;
const maxExclusionBytes = 512 * 1024;
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const reason = z.string().trim().min(2).max(1000);

/**
 * `POST /api/campaigns/:id/exclusions`: exclude responses by id, exclude a flag
 * cluster (its id from the integrity report), or reverse an exclusion. Always with a reason.
 */
export const exclusionBodySchema = z.union([
  z.strictObject({ responseIds: z.array(uuid).min(1).max(10_000), reason }),
  z.strictObject({ flagCluster: z.string().min(1).max(200), reason }),
  z.strictObject({ reverses: z.int().positive(), reason }),
]);

/** `GET /api/campaigns/:id/integrity/flags`: flagged responses, a page at a time. */
export const flagQuerySchema = z.strictObject({
  kind: z.enum(flagKinds).optional(),
  cluster: z.string().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const invalidQuery = (detail: string) => integrityMessage("invalid_query", { detail });

/**
 * The integrity report, flags, thresholds and exclusions of a campaign.
 * With `integrity.review` (admins) everything; with `integrity.summary` only (publicity,
 * viewers) the report's counts; school accounts nothing.
 */
export function integrityRoutes(deps: IntegrityRouteDeps) {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  function exclusionContext(c: Context<StaffEnv>, campaignId: number): ExclusionContext {
    const user = c.get("staff").user;
    return {
      db,
      campaignId,
      actor: { userId: user.id, label: user.username },
      ipHash: staffIpHash(c, config),
    };
  }

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/campaigns/:id/integrity",
        tag: "integrity",
        access: "integrity.summary",
        summary: {
          zh: "数据质量报告：各类标记、各校与各链接的计数、每校每 10 分钟提交时间线（标出突增）、排除记录",
          en: "Integrity report: flag counts per kind, school and link, a 10-minute timeline per school with bursts, exclusions",
        },
        responses: {
          200: {
            description:
              "admin: IntegrityReport (api/integrity/integrity-report.ts); publicity/viewer: IntegrityCounts (counts only, <5 suppressed)",
            contentType: "application/json",
          },
        },
      },
      async (c) => {
        const id = (await campaignOf(c)).id;
        const { settings } = await loadIntegritySettings(db, id);
        const report = await integrityReport(db, id, settings, now());
        const full = can(c.get("staff").user.role, "integrity.review");
        return c.json(full ? report : integrityCounts(report));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/integrity/flags",
        tag: "integrity",
        access: "integrity.review",
        summary: { zh: "被标记的答卷（分页）", en: "Flagged responses, a page at a time" },
        query: flagQuerySchema,
        responses: {
          200: {
            description:
              "{ total, offset, limit, responses: { responseId, receivedAt, schoolId, channelId, excluded, flags: { kind, clusterId, reason: { zh, en }, evidence }[] }[] }",
            contentType: "application/json",
          },
        },
        errors: { 400: "invalid_query" },
      },
      async (c) => {
        const id = (await campaignOf(c)).id;
        const query = readQuery(c, flagQuerySchema, invalidQuery);
        return c.json(await flagPage(db, id, query));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/integrity/settings",
        tag: "integrity",
        access: "integrity.review",
        summary: { zh: "数据质量标记阈值", en: "Thresholds of the integrity flags" },
        responses: {
          200: {
            description: "{ settings, updatedAt, updatedBy }",
            contentType: "application/json",
          },
        },
      },
      async (c) => c.json(await loadIntegritySettings(db, (await campaignOf(c)).id)),
    )
    .route(
      {
        method: "put",
        path: "/campaigns/:id/integrity/settings",
        tag: "integrity",
        access: "integrity.review",
        summary: {
          zh: "修改数据质量标记阈值（未给出的字段取默认值；记入审计日志）",
          en: "Set the flag thresholds (omitted fields take their defaults; audit-logged)",
        },
        body: { schema: integritySettingsSchema, maxBytes: maxSettingsBytes },
        responses: {
          200: {
            description: "{ settings, updatedAt, updatedBy }",
            contentType: "application/json",
          },
        },
      },
      async (c) => {
        const id = (await campaignOf(c)).id;
        const settings = await readJsonBody(c, integritySettingsSchema, maxSettingsBytes);
        const before = await loadIntegritySettings(db, id);
        await db.transaction().execute(async (trx) => {
          await saveIntegritySettings(trx, id, settings, c.get("staff").user.username);
          await audit(trx, c, {
            action: "integrity.settings_update",
            target: `campaign:${id}`,
            details: { before: before.settings, after: settings },
          });
        });
        return c.json(await loadIntegritySettings(db, id));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/exclusions",
        tag: "integrity",
        access: "integrity.review",
        summary: { zh: "排除记录（只增不改）", en: "Exclusion records (append-only)" },
        responses: {
          200: {
            description: "{ exclusions: ExclusionRecord[] }",
            contentType: "application/json",
          },
        },
      },
      async (c) => c.json({ exclusions: await listExclusions(db, (await campaignOf(c)).id) }),
    )
    .route(
      {
        method: "post",
        path: "/campaigns/:id/exclusions",
        tag: "integrity",
        access: "integrity.review",
        summary: {
          zh: "排除答卷或一组被标记的答卷，或撤销一条排除记录（须写明理由；记入审计日志）",
          en: "Exclude responses or a flag cluster, or reverse an exclusion (with a reason; audit-logged)",
        },
        body: { schema: exclusionBodySchema, maxBytes: maxExclusionBytes },
        responses: {
          201: { description: "{ exclusion: ExclusionRecord }", contentType: "application/json" },
        },
        errors: {
          404: "cluster_not_found or exclusion_not_found",
          409: "already_excluded, cluster_already_excluded or already_reversed",
          422: "unknown_responses (ids not of this campaign) or cannot_reverse_reversal",
        },
      },
      async (c) => {
        const id = (await campaignOf(c)).id;
        const body = await readJsonBody(c, exclusionBodySchema, maxExclusionBytes);
        const exclusion = await decideExclusion(exclusionContext(c, id), body);
        return c.json({ exclusion }, 201);
      },
    );
}
