import { Hono } from "hono";
import type { Kysely } from "kysely";
import { sendHtml } from "../http/compress-html.ts";
import type { Database } from "../db/database.ts";
import { findChannelContext } from "../channels/index.ts";
import { listSchoolChoices } from "../schools/index.ts";
import { isCampaignOpen } from "../campaigns/index.ts";
import type { FirstPageCache } from "./first-questions.ts";
import type { QuestionnaireCatalog } from "../questionnaires/index.ts";
import { hasSchoolQuestion, surveyWithSchools } from "./survey-for-channel.ts";
import { contentSecurityPolicy } from "../http/content-security-policy.ts";
import type { StaticAssets } from "../web/index.ts";
import { noticePage, respondentPage } from "./views/respondent-page.ts";

// Scripts only from our own origin; the boot data block is JSON, never executed.
const pagePolicy = contentSecurityPolicy({ style: "'unsafe-inline'" });

export interface SurveyPageDeps {
  db: Kysely<Database>;
  assets: StaticAssets;
  questionnaires: QuestionnaireCatalog;
  firstPages: FirstPageCache;
}

/** `GET /s/:token`: the page a QR code opens. */
export function surveyPageRoutes(deps: SurveyPageDeps): Hono {
  return new Hono().get("/s/:token", async (c) => {
    c.header("Cache-Control", "no-store");
    c.header("Content-Security-Policy", pagePolicy);
    c.header("Referrer-Policy", "no-referrer");
    const token = c.req.param("token");
    const channel = /^[A-Za-z0-9_-]{1,64}$/.test(token)
      ? await findChannelContext(deps.db, token)
      : undefined;
    if (!channel) return sendHtml(c, noticePage("notFound"), 404);

    const now = new Date();
    const { campaign } = channel;
    if (!isCampaignOpen(campaign, now)) {
      const closed = campaign.status === "closed" || now >= campaign.closesAt;
      const opensOn = campaign.opensAt.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" });
      return sendHtml(c, noticePage(closed ? "closed" : "notYetOpen", opensOn), 410);
    }

    const entry = await deps.questionnaires.get(channel.questionnaireId);
    if (!entry) throw new Error(`channel ${channel.channelId} points to a missing questionnaire`);
    const survey =
      !channel.school && hasSchoolQuestion(entry.version.definition)
        ? surveyWithSchools(entry.version.definition, await listSchoolChoices(deps.db, campaign.id))
        : entry.version.definition;

    const html = respondentPage(
      {
        token: channel.token,
        campaign: {
          id: campaign.id,
          name: campaign.name,
          district: campaign.district,
          closesAt: campaign.closesAt.toISOString(),
        },
        school: channel.school ? { code: channel.school.code, name: channel.school.name } : null,
        presetGroup: channel.presetGroup,
        questionnaire: { id: entry.version.id, survey },
        submitUrl: "/api/responses/",
      },
      deps.assets.entry("respondent"),
      deps.firstPages.get(entry.version.id, entry.version.definition, {
        presetGroup: channel.presetGroup ?? "",
        channelSchool: channel.school?.code ?? "",
      }),
    );
    return sendHtml(c, html);
  });
}
