import { type Context, Hono } from "hono";
import type { Kysely } from "kysely";
import { recordAudit } from "../auth/audit.ts";
import { authMessage } from "../auth/auth-message.ts";
import {
  type StaffEnv,
  requireCampaignAccess,
  requireRole,
  requireSchoolAccess,
  requireStaff,
} from "../auth/require-staff.ts";
import { clientIp } from "../client-ip.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { message } from "../locales/messages.ts";
import { findCampaign } from "../repositories/campaigns.ts";
import {
  type StaffChannel,
  findStaffChannel,
  listCampaignChannels,
} from "../repositories/channels.ts";
import { hashIp } from "../services/client-info.ts";
import { channelUrl } from "../services/channel-url.ts";
import { posterBundle } from "../services/poster-bundle.ts";
import { qrPng, qrSvg } from "../services/qr-code.ts";
import { channelPoster } from "../views/channel-poster.ts";

export interface ChannelRouteDeps {
  db: Kysely<Database>;
  config: Config;
  now?: () => Date;
}

function notFound(): AppError {
  return new AppError(404, "not_found", message("not_found"));
}

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

  const visibleChannels = (c: Context<StaffEnv>, campaignId: number) => {
    const user = c.get("staff").user;
    return listCampaignChannels(db, campaignId, user.role === "school" ? user.schoolId : null);
  };

  return new Hono<StaffEnv>()
    .get("/campaigns/:campaignId/channels", staff, async (c) => {
      const campaign = await campaignOf(c, idParam(c.req.param("campaignId")));
      const channels = await visibleChannels(c, campaign.id);
      return c.json({
        channels: channels.map((ch) => ({ ...ch, url: channelUrl(baseUrl(c), ch.token) })),
      });
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
      const zip = await posterBundle(channels, {
        publicBaseUrl: baseUrl(c),
        campaign: {
          name: campaign.name,
          district: campaign.district,
          closesAt: campaign.closes_at,
        },
      });
      const user = c.get("staff").user;
      await recordAudit(db, {
        actor: { id: user.id, username: user.username },
        action: "posters.download",
        target: `campaign:${campaign.id}`,
        details: { channels: channels.length },
        ipHash: hashIp(clientIp(c, config.trustProxy), "staff", config.ipHashPepper),
      });
      c.header("Content-Type", "application/zip");
      c.header(
        "Content-Disposition",
        `attachment; filename="posters-${campaign.id}.zip"; filename*=UTF-8''${encodeURIComponent(`${campaign.name}-海报.zip`)}`,
      );
      return c.body(new Uint8Array(zip));
    });
}
