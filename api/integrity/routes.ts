import { type Context, Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../staff/audit.ts";
import {
  type StaffEnv,
  requireCampaignAccess,
  requireRole,
  requireStaff,
} from "../staff/require-staff.ts";
import { clientIp } from "../http/client-ip.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { campaignFlags } from "./campaign-flags.ts";
import { excludedResponseIds } from "./excluded-responses.ts";
import { listExclusions } from "./exclusion-store.ts";
import { type ExclusionContext, excludeResponses, reverseExclusion } from "./exclusion-workflow.ts";
import { flagKinds } from "./flag-rules.ts";
import { integrityCounts } from "./integrity-counts.ts";
import { integrityMessage } from "./messages.ts";
import { integrityReport } from "./integrity-report.ts";
import { integritySettingsSchema } from "./integrity-settings.ts";
import { loadIntegritySettings, saveIntegritySettings } from "./settings-store.ts";
import { message } from "../http/messages.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { findCampaign } from "../campaigns/repository.ts";
import { hashIp } from "../http/client-info.ts";

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

function notFound(): AppError {
  return new AppError(404, "not_found", message("not_found"));
}

function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(query)"}: ${i.message}`)
      .join("; ");
    throw new AppError(400, "invalid_query", integrityMessage("invalid_query", { detail }));
  }
  return result.data;
}

/**
 * The integrity report, flags, thresholds and exclusions of a campaign (issue 6).
 * Admins see everything; publicity and viewer accounts the report's counts only;
 * school accounts nothing. Per-route middleware: mounted under /api.
 */
export function integrityRoutes(deps: IntegrityRouteDeps): Hono<StaffEnv> {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const staff = requireStaff({ db, now: deps.now });
  const admin = requireRole("admin");

  async function campaignId(c: Context<StaffEnv>): Promise<number> {
    const id = Number(c.req.param("id"));
    const campaign = Number.isSafeInteger(id) && id > 0 ? await findCampaign(db, id) : undefined;
    if (!campaign) throw notFound();
    requireCampaignAccess(c, campaign.id);
    return campaign.id;
  }

  function staffIpHash(c: Context<StaffEnv>): string | null {
    return hashIp(clientIp(c, config.trustProxy), "staff", config.ipHashPepper);
  }

  function exclusionContext(c: Context<StaffEnv>, id: number): ExclusionContext {
    const user = c.get("staff").user;
    return {
      db,
      campaignId: id,
      actor: { userId: user.id, label: user.username },
      ipHash: staffIpHash(c),
    };
  }

  return new Hono<StaffEnv>()
    .get(
      "/campaigns/:id/integrity",
      staff,
      requireRole("admin", "publicity", "viewer"),
      async (c) => {
        const id = await campaignId(c);
        const { settings } = await loadIntegritySettings(db, id);
        const report = await integrityReport(db, id, settings, now());
        return c.json(c.get("staff").user.role === "admin" ? report : integrityCounts(report));
      },
    )
    .get("/campaigns/:id/integrity/flags", staff, admin, async (c) => {
      const id = await campaignId(c);
      const query = parseQuery(c, flagQuerySchema);
      const { settings } = await loadIntegritySettings(db, id);
      const flags = await campaignFlags(db, id, settings);
      const excluded = await excludedResponseIds(db, id);
      const matching = flags.responses.filter(
        (r) =>
          (!query.kind || r.flags.some((f) => f.kind === query.kind)) &&
          (!query.cluster || r.flags.some((f) => f.clusterId === query.cluster)),
      );
      return c.json({
        total: matching.length,
        offset: query.offset,
        limit: query.limit,
        responses: matching
          .slice(query.offset, query.offset + query.limit)
          .map((r) => ({ ...r, excluded: excluded.has(r.responseId) })),
      });
    })
    .get("/campaigns/:id/integrity/settings", staff, admin, async (c) => {
      const id = await campaignId(c);
      return c.json(await loadIntegritySettings(db, id));
    })
    .put("/campaigns/:id/integrity/settings", staff, admin, async (c) => {
      const id = await campaignId(c);
      const settings = await readJsonBody(c, integritySettingsSchema, maxSettingsBytes);
      const before = await loadIntegritySettings(db, id);
      const user = c.get("staff").user;
      await db.transaction().execute(async (trx) => {
        await saveIntegritySettings(trx, id, settings, user.username);
        await recordAudit(trx, {
          actor: { id: user.id, username: user.username },
          action: "integrity.settings_update",
          target: `campaign:${id}`,
          details: { before: before.settings, after: settings },
          ipHash: staffIpHash(c),
        });
      });
      return c.json(await loadIntegritySettings(db, id));
    })
    .get("/campaigns/:id/exclusions", staff, admin, async (c) => {
      const id = await campaignId(c);
      return c.json({ exclusions: await listExclusions(db, id) });
    })
    .post("/campaigns/:id/exclusions", staff, admin, async (c) => {
      const id = await campaignId(c);
      const body = await readJsonBody(c, exclusionBodySchema, maxExclusionBytes);
      const ctx = exclusionContext(c, id);
      let exclusion;
      if ("reverses" in body) {
        exclusion = await reverseExclusion(ctx, body.reverses, body.reason);
      } else if ("responseIds" in body) {
        exclusion = await excludeResponses(ctx, { responseIds: body.responseIds }, body.reason);
      } else {
        const { settings } = await loadIntegritySettings(db, id);
        exclusion = await excludeResponses(
          ctx,
          { flagCluster: body.flagCluster, settings },
          body.reason,
        );
      }
      return c.json({ exclusion }, 201);
    });
}

const base = "/api/campaigns/:id";

/** The OpenAPI description of these routes (api/openapi/). */
export const integrityOperations: ApiOperation[] = [
  {
    method: "get",
    path: `${base}/integrity`,
    tag: "integrity",
    access: ["admin", "publicity", "viewer"],
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
  {
    method: "get",
    path: `${base}/integrity/flags`,
    tag: "integrity",
    access: ["admin"],
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
  {
    method: "get",
    path: `${base}/integrity/settings`,
    tag: "integrity",
    access: ["admin"],
    summary: { zh: "数据质量标记阈值", en: "Thresholds of the integrity flags" },
    responses: {
      200: {
        description: "{ settings, updatedAt, updatedBy }",
        contentType: "application/json",
      },
    },
  },
  {
    method: "put",
    path: `${base}/integrity/settings`,
    tag: "integrity",
    access: ["admin"],
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
  {
    method: "get",
    path: `${base}/exclusions`,
    tag: "integrity",
    access: ["admin"],
    summary: { zh: "排除记录（只增不改）", en: "Exclusion records (append-only)" },
    responses: {
      200: { description: "{ exclusions: ExclusionRecord[] }", contentType: "application/json" },
    },
  },
  {
    method: "post",
    path: `${base}/exclusions`,
    tag: "integrity",
    access: ["admin"],
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
];
