import type { Context } from "hono";
import type { Kysely } from "kysely";
import {
  type StaffEnv,
  ownSchoolId,
  requireCampaignAccess,
  staffAuditor,
  staffRouter,
} from "../staff/index.ts";
import { campaignLoader, findCampaign } from "../campaigns/index.ts";
import { questionnaireMinutes } from "../questionnaires/index.ts";
import type { Config } from "../config.ts";
import {
  type Campaign,
  type Database,
  type RespondentGroup,
  respondentGroups,
} from "../db/database.ts";
import { attachment } from "../http/attachment.ts";
import { forbidden, notFound, unavailable } from "../http/errors.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { channelMessage } from "./messages.ts";
import {
  type ChannelQuestionnaire,
  type StaffChannel,
  findStaffChannel,
  latestQuestionnaires,
  listCampaignChannels,
} from "./repository.ts";
import { channelLabel } from "./channel-label.ts";
import { channelDraftSchema, createChannel } from "./channel-create.ts";
import { channelUrl } from "./channel-url.ts";
import { PosterWorkersBusy, posterWorkerPool } from "./poster-bundle-worker.ts";
import { posterPage, posterPagePolicy } from "./poster-page.ts";
import { qrPng, qrSvg } from "./qr-code.ts";

export interface ChannelRouteDeps {
  db: Kysely<Database>;
  config: Config;
  now?: () => Date;
}

const maxDraftBytes = 4096;

/** The groups the questionnaires serve, in the usual order: what a new link may preset. */
function servedGroups(questionnaires: readonly ChannelQuestionnaire[]): RespondentGroup[] {
  return respondentGroups.filter((g) => questionnaires.some((q) => q.respondentGroups.includes(g)));
}

function idParam(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
}

/**
 * Channels, their QR codes and printable posters, for staff. A school account
 * sees only its own school's channels; publicity and viewers may list them.
 */
export function channelRoutes(deps: ChannelRouteDeps) {
  const { db, config } = deps;
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);
  const baseUrl = (c: Context) => config.publicUrl ?? new URL(c.req.url).origin;
  const posters = posterWorkerPool();
  const withUrl = (c: Context, ch: StaffChannel) => ({
    ...ch,
    name: channelLabel(ch.label, ch.schoolName),
    url: channelUrl(baseUrl(c), ch.token),
  });

  async function channelOf(c: Context<StaffEnv>): Promise<StaffChannel> {
    const channel = await findStaffChannel(db, idParam(c.req.param("id")));
    if (!channel) throw notFound();
    requireCampaignAccess(c, await campaignOfChannel(channel));
    // A district-wide link belongs to the bureau, not to any one school.
    const own = await ownSchoolId(db, c.get("staff").user, channel.campaignId);
    if (own !== undefined && (own === null || channel.schoolId !== own)) throw forbidden();
    return channel;
  }

  /** The campaign of a channel `channelOf` returned (so the account may see it). */
  async function campaignOfChannel(channel: StaffChannel): Promise<Campaign> {
    const campaign = await findCampaign(db, channel.campaignId);
    if (!campaign) throw notFound();
    return campaign;
  }

  /** The ZIP, built in a worker thread; 503 `posters_busy` when too many are in progress. */
  async function buildPosters(c: Context, campaign: Campaign, channels: StaffChannel[]) {
    // The poster names the same time the respondent page does.
    const minutes = await questionnaireMinutes(db, campaign.id);
    try {
      return await posters.build(
        channels.map((ch) => ({ ...ch, minutes: minutes.get(ch.questionnaireId) })),
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
      throw unavailable("posters_busy", channelMessage("postersBusy"), 30);
    }
  }

  const visibleChannels = async (c: Context<StaffEnv>, campaignId: number) => {
    const own = await ownSchoolId(db, c.get("staff").user, campaignId);
    // A school account whose school is not in this campaign sees no links at all.
    if (own === null) return [];
    return listCampaignChannels(db, campaignId, own ?? null);
  };

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/campaigns/:campaignId/channels",
        tag: "channels",
        access: "channels.read",
        summary: {
          zh: "调查渠道及其完整链接（学校账号仅见本校），以及新建渠道可指定的受访者类别",
          en: "A campaign's channels with their full links (a school account sees its own only), and the respondent groups a new channel may preset",
        },
        responses: {
          200: {
            description:
              "{ channels: [{ id, token, label, name, kind, campaignId, schoolId, schoolName, presetGroup, sharedDevice, mode, questionnaireId, questionnaireKey, url }], respondentGroups }",
            contentType: "application/json",
          },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c, "campaignId");
        const [channels, questionnaires] = await Promise.all([
          visibleChannels(c, campaign.id),
          latestQuestionnaires(db, campaign.id),
        ]);
        return c.json({
          channels: channels.map((ch) => withUrl(c, ch)),
          respondentGroups: servedGroups(questionnaires),
        });
      },
    )
    .route(
      {
        method: "post",
        path: "/campaigns/:campaignId/channels",
        tag: "channels",
        access: "channels.create",
        summary: {
          zh: "新建渠道（班级、微信群、活动、受访者类别等；方式：二维码/链接、访员入户、电话访问、纸质问卷），生成新的短链接（学校账号仅限本校的二维码/链接；记入审计日志）",
          en: "Create a channel (class, WeChat group, event, respondent group …; mode: online, interviewer, telephone, paper) with a fresh short link (school accounts: online links of their own school only; audit-logged)",
        },
        body: { schema: channelDraftSchema, maxBytes: maxDraftBytes },
        responses: { 201: { description: "{ channel }", contentType: "application/json" } },
        errors: {
          422: "invalid_channel, unknown_school, unknown_questionnaire or group_not_served",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c, "campaignId");
        const draft = await readJsonBody(c, channelDraftSchema, maxDraftBytes);
        const created = await createChannel(db, campaign.id, draft, c.get("staff").user);
        await audit(db, c, {
          action: "channel.create",
          target: `channel:${created.id}`,
          details: {
            campaignId: campaign.id,
            kind: created.kind,
            schoolId: created.schoolId,
            respondentGroup: created.respondentGroup,
            sharedDevice: created.sharedDevice,
            mode: created.mode,
            questionnaireKey: created.questionnaire.key,
          },
        });
        const channel = await findStaffChannel(db, created.id);
        if (!channel) throw notFound();
        return c.json({ channel: withUrl(c, channel) }, 201);
      },
    )
    .route(
      {
        method: "get",
        path: "/channels/:id/qr.svg",
        tag: "channels",
        access: "posters.download",
        summary: { zh: "渠道二维码（SVG）", en: "The channel's QR code as SVG" },
        responses: { 200: { description: "SVG", contentType: "image/svg+xml" } },
      },
      async (c) => {
        const channel = await channelOf(c);
        c.header("Content-Type", "image/svg+xml");
        return c.body(await qrSvg(channelUrl(baseUrl(c), channel.token)));
      },
    )
    .route(
      {
        method: "get",
        path: "/channels/:id/qr.png",
        tag: "channels",
        access: "posters.download",
        summary: { zh: "渠道二维码（PNG）", en: "The channel's QR code as PNG" },
        responses: { 200: { description: "PNG, 1024 px", contentType: "image/png" } },
      },
      async (c) => {
        const channel = await channelOf(c);
        c.header("Content-Type", "image/png");
        return c.body(new Uint8Array(await qrPng(channelUrl(baseUrl(c), channel.token))));
      },
    )
    .route(
      {
        method: "get",
        path: "/channels/:id/poster",
        tag: "channels",
        access: "posters.download",
        summary: { zh: "可打印的 A4 海报", en: "A printable A4 poster" },
        responses: { 200: { description: "HTML", contentType: "text/html" } },
      },
      async (c) => {
        const channel = await channelOf(c);
        const campaign = await campaignOfChannel(channel);
        c.header("Content-Security-Policy", posterPagePolicy);
        const minutes = (await questionnaireMinutes(db, campaign.id)).get(channel.questionnaireId);
        const url = channelUrl(baseUrl(c), channel.token);
        return c.html(await posterPage(campaign, channel, url, minutes));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:campaignId/posters.zip",
        tag: "channels",
        access: "posters.download",
        summary: {
          zh: "批量下载全部海报（ZIP，带 Content-Length 以显示进度；记入审计日志）",
          en: "Every poster in one ZIP (sent with Content-Length for a progress bar; audit-logged)",
        },
        responses: { 200: { description: "ZIP", contentType: "application/zip" } },
        errors: {
          503: "posters_busy: other bundles are being built; retry after Retry-After seconds",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c, "campaignId");
        const channels = await visibleChannels(c, campaign.id);
        const zip = await buildPosters(c, campaign, channels);
        await audit(db, c, {
          action: "posters.download",
          target: `campaign:${campaign.id}`,
          details: { channels: channels.length },
        });
        c.header("Content-Type", "application/zip");
        attachment(c, `posters-${campaign.id}.zip`, `${campaign.name}-海报.zip`);
        // The length lets the browser show a determinate progress bar while it downloads.
        c.header("Content-Length", String(zip.length));
        return c.body(zip);
      },
    );
}
