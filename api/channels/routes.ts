import { type Context, Hono } from "hono";
import type { Kysely } from "kysely";
import { recordAudit } from "../staff/audit.ts";
import { authMessage } from "../staff/messages.ts";
import {
  type StaffEnv,
  requireCampaignAccess,
  requireRole,
  requireSchoolAccess,
  requireStaff,
} from "../staff/require-staff.ts";
import { clientIp } from "../http/client-ip.ts";
import type { Config } from "../config.ts";
import type { Campaign, Database } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { message } from "../http/messages.ts";
import { staffApiMessage } from "../http/staff-api-messages.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { findCampaign } from "../campaigns/repository.ts";
import { type StaffChannel, findStaffChannel, listCampaignChannels } from "./repository.ts";
import { channelDraftSchema, createChannel } from "./channel-create.ts";
import { hashIp } from "../http/client-info.ts";
import { channelUrl } from "./channel-url.ts";
import { PosterWorkersBusy, posterWorkerPool } from "./poster-bundle-worker.ts";
import { qrPng, qrSvg } from "./qr-code.ts";
import { channelPoster } from "./views/channel-poster.ts";

export interface ChannelRouteDeps {
  db: Kysely<Database>;
  config: Config;
  now?: () => Date;
}

function notFound(): AppError {
  return new AppError(404, "not_found", message("not_found"));
}

const maxDraftBytes = 4096;

function idParam(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
}

/**
 * Channels, their QR codes and printable posters, for staff. A school account
 * sees only its own school's channels; publicity and viewers may list them.
 * Middleware is attached per route (never `use("*")`): this sub-app is mounted
 * under /api beside the public submission endpoint.
 */
export function channelRoutes(deps: ChannelRouteDeps): Hono<StaffEnv> {
  const { db, config } = deps;
  const staff = requireStaff({ db, now: deps.now });
  const baseUrl = (c: Context) => config.publicUrl ?? new URL(c.req.url).origin;
  const posters = posterWorkerPool();
  const withUrl = (c: Context, ch: StaffChannel) => ({
    ...ch,
    url: channelUrl(baseUrl(c), ch.token),
  });
  const ipHash = (c: Context) =>
    hashIp(clientIp(c, config.trustProxy), "staff", config.ipHashPepper);

  async function campaignOf(c: Context<StaffEnv>, campaignId: number) {
    const campaign = await findCampaign(db, campaignId);
    if (!campaign) throw notFound();
    requireCampaignAccess(c, campaign.id);
    return campaign;
  }

  async function channelOf(c: Context<StaffEnv>): Promise<StaffChannel> {
    const channel = await findStaffChannel(db, idParam(c.req.param("id")));
    if (!channel) throw notFound();
    requireCampaignAccess(c, channel.campaignId);
    // A district-wide link belongs to the bureau, not to any one school.
    if (c.get("staff").user.role === "school") {
      if (channel.schoolId === null) throw new AppError(403, "forbidden", authMessage("forbidden"));
      requireSchoolAccess(c, { id: channel.schoolId, campaignId: channel.campaignId });
    }
    return channel;
  }

  /** The ZIP, built in a worker thread; 503 `posters_busy` when too many are in progress. */
  async function buildPosters(c: Context, campaign: Campaign, channels: StaffChannel[]) {
    try {
      return await posters.build(
        channels,
        {
          publicBaseUrl: baseUrl(c),
          campaign: {
            name: campaign.name,
            district: campaign.district,
            closesAt: campaign.closes_at,
          },
        },
        c.req.raw.signal,
      );
    } catch (error) {
      if (!(error instanceof PosterWorkersBusy)) throw error;
      throw new AppError(503, "posters_busy", staffApiMessage("postersBusy"), undefined, {
        "Retry-After": "30",
      });
    }
  }

  const visibleChannels = (c: Context<StaffEnv>, campaignId: number) => {
    const user = c.get("staff").user;
    return listCampaignChannels(db, campaignId, user.role === "school" ? user.schoolId : null);
  };

  return new Hono<StaffEnv>()
    .get("/campaigns/:campaignId/channels", staff, async (c) => {
      const campaign = await campaignOf(c, idParam(c.req.param("campaignId")));
      const channels = await visibleChannels(c, campaign.id);
      return c.json({ channels: channels.map((ch) => withUrl(c, ch)) });
    })
    .post("/campaigns/:campaignId/channels", staff, requireRole("admin", "school"), async (c) => {
      const campaign = await campaignOf(c, idParam(c.req.param("campaignId")));
      const draft = await readJsonBody(c, channelDraftSchema, maxDraftBytes);
      const user = c.get("staff").user;
      const created = await createChannel(db, campaign.id, draft, user);
      await recordAudit(db, {
        actor: { id: user.id, username: user.username },
        action: "channel.create",
        target: `channel:${created.id}`,
        details: {
          campaignId: campaign.id,
          kind: created.kind,
          schoolId: created.schoolId,
          respondentGroup: created.respondentGroup,
          questionnaireKey: created.questionnaire.key,
        },
        ipHash: ipHash(c),
      });
      const channel = await findStaffChannel(db, created.id);
      if (!channel) throw notFound();
      return c.json({ channel: withUrl(c, channel) }, 201);
    })
    .get("/channels/:id/qr.svg", staff, requireRole("admin", "school"), async (c) => {
      const channel = await channelOf(c);
      c.header("Content-Type", "image/svg+xml");
      return c.body(await qrSvg(channelUrl(baseUrl(c), channel.token)));
    })
    .get("/channels/:id/qr.png", staff, requireRole("admin", "school"), async (c) => {
      const channel = await channelOf(c);
      c.header("Content-Type", "image/png");
      return c.body(new Uint8Array(await qrPng(channelUrl(baseUrl(c), channel.token))));
    })
    .get("/channels/:id/poster", staff, requireRole("admin", "school"), async (c) => {
      const channel = await channelOf(c);
      const campaign = await campaignOf(c, channel.campaignId);
      const url = channelUrl(baseUrl(c), channel.token);
      c.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      );
      return c.html(
        channelPoster({
          campaignName: campaign.name,
          district: campaign.district,
          schoolName: channel.schoolName,
          label: channel.label,
          url,
          closesAt: campaign.closes_at,
          qrSvg: await qrSvg(url),
          presetGroup: channel.presetGroup,
        }),
      );
    })
    .get("/campaigns/:campaignId/posters.zip", staff, requireRole("admin", "school"), async (c) => {
      const campaign = await campaignOf(c, idParam(c.req.param("campaignId")));
      const channels = await visibleChannels(c, campaign.id);
      const zip = await buildPosters(c, campaign, channels);
      const user = c.get("staff").user;
      await recordAudit(db, {
        actor: { id: user.id, username: user.username },
        action: "posters.download",
        target: `campaign:${campaign.id}`,
        details: { channels: channels.length },
        ipHash: ipHash(c),
      });
      c.header("Content-Type", "application/zip");
      c.header(
        "Content-Disposition",
        `attachment; filename="posters-${campaign.id}.zip"; filename*=UTF-8''${encodeURIComponent(`${campaign.name}-海报.zip`)}`,
      );
      // The length lets the browser show a determinate progress bar while it downloads.
      c.header("Content-Length", String(zip.length));
      return c.body(zip);
    });
}

const campaignChannels = "/api/campaigns/:campaignId/channels";
const oneChannel = "/api/channels/:id";
const schoolOrAdmin = ["admin", "school"] as const;

/** The OpenAPI description of these routes (api/openapi/). */
export const channelOperations: ApiOperation[] = [
  {
    method: "get",
    path: campaignChannels,
    tag: "channels",
    access: "staff",
    summary: {
      zh: "调查渠道及其完整链接（学校账号仅见本校）",
      en: "A campaign's channels with their full links (a school account sees its own only)",
    },
    responses: {
      200: {
        description:
          "{ channels: [{ id, token, label, kind, campaignId, schoolId, schoolName, presetGroup, questionnaireId, questionnaireKey, url }] }",
        contentType: "application/json",
      },
    },
  },
  {
    method: "post",
    path: campaignChannels,
    tag: "channels",
    access: schoolOrAdmin,
    summary: {
      zh: "新建渠道（班级、微信群、活动、受访者类别等），生成新的短链接（学校账号仅限本校；记入审计日志）",
      en: "Create a channel (class, WeChat group, event, respondent group …) with a fresh short link (school accounts: own school only; audit-logged)",
    },
    body: { schema: channelDraftSchema, maxBytes: maxDraftBytes },
    responses: { 201: { description: "{ channel }", contentType: "application/json" } },
    errors: {
      422: "invalid_channel, unknown_school, unknown_questionnaire or group_not_served",
    },
  },
  {
    method: "get",
    path: `${oneChannel}/qr.svg`,
    tag: "channels",
    access: schoolOrAdmin,
    summary: { zh: "渠道二维码（SVG）", en: "The channel's QR code as SVG" },
    responses: { 200: { description: "SVG", contentType: "image/svg+xml" } },
  },
  {
    method: "get",
    path: `${oneChannel}/qr.png`,
    tag: "channels",
    access: schoolOrAdmin,
    summary: { zh: "渠道二维码（PNG）", en: "The channel's QR code as PNG" },
    responses: { 200: { description: "PNG, 1024 px", contentType: "image/png" } },
  },
  {
    method: "get",
    path: `${oneChannel}/poster`,
    tag: "channels",
    access: schoolOrAdmin,
    summary: { zh: "可打印的 A4 海报", en: "A printable A4 poster" },
    responses: { 200: { description: "HTML", contentType: "text/html" } },
  },
  {
    method: "get",
    path: "/api/campaigns/:campaignId/posters.zip",
    tag: "channels",
    access: schoolOrAdmin,
    summary: {
      zh: "批量下载全部海报（ZIP，带 Content-Length 以显示进度；记入审计日志）",
      en: "Every poster in one ZIP (sent with Content-Length for a progress bar; audit-logged)",
    },
    responses: { 200: { description: "ZIP", contentType: "application/zip" } },
    errors: { 503: "posters_busy: other bundles are being built; retry after Retry-After seconds" },
  },
];
