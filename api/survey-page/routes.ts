import { Hono } from "hono";
import type { Kysely } from "kysely";
import { sendHtml } from "../http/compress-html.ts";
import type { Database } from "../db/database.ts";
import { findChannelContext } from "../channels/index.ts";
import { listSchoolChoices } from "../schools/index.ts";
import { campaignPhase } from "../campaigns/index.ts";
import type { FirstPageCache } from "./first-questions.ts";
import type { QuestionnaireCatalog } from "../questionnaires/index.ts";
import { hasSchoolQuestion, surveyWithSchools } from "./survey-for-channel.ts";
import { impliedGroup, questionnaireWording, surveyMinutes } from "../questionnaires/index.ts";
import { contentSecurityPolicy } from "../http/content-security-policy.ts";
import type { StaticAssets } from "../web/index.ts";
import { respondentPage } from "./views/respondent-page.ts";
import { campaignNoticePage, notFoundPage } from "./views/notice-page.ts";
import { findSurveyRunner } from "./repository.ts";
import { takesInterviewer } from "../interviewers/index.ts";

/**
 * The interviewer's screens (code entry, call outcome): a chunk of the respondent page that
 * only interviewer and telephone links load, so a parent's phone never downloads it.
 */
const interviewerChunk = "respondent/interviewer-session.ts";

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
    if (!channel) return sendHtml(c, notFoundPage(), 404);

    const now = new Date();
    const { campaign } = channel;
    const runner = await findSurveyRunner(deps.db, campaign.id);
    // Deleted (a draft) since the link was read.
    if (!runner) return sendHtml(c, notFoundPage(), 404);
    const { status, opensAt, closesAt } = campaign;
    const phase = campaignPhase({ status, opens_at: opensAt, closes_at: closesAt }, now);
    if (phase !== "open") {
      // A draft is not public yet: to everyone else its link does not exist (404). Closed
      // and archived ones are gone (410); so is one not yet open, as before.
      const notice = campaignNoticePage({
        phase,
        campaignName: campaign.name,
        district: campaign.district,
        opensAt,
        closesAt,
        now,
        bureauName: runner.bureauName,
        contactLine: runner.contactLine,
      });
      return sendHtml(c, notice, phase === "draft" ? 404 : 410);
    }

    const entry = await deps.questionnaires.get(channel.questionnaireId);
    if (!entry) throw new Error(`channel ${channel.channelId} points to a missing questionnaire`);
    const survey =
      !channel.school && hasSchoolQuestion(entry.version.definition)
        ? surveyWithSchools(entry.version.definition, await listSchoolChoices(deps.db, campaign.id))
        : entry.version.definition;
    const presetGroup = impliedGroup(channel.presetGroup, entry.version.respondentGroups);
    const interviewed = takesInterviewer(channel.mode);
    const wording = questionnaireWording({
      districtName: runner.districtName,
      level: runner.districtLevel,
      scheme: campaign.scheme,
    });

    const html = respondentPage(
      {
        token: channel.token,
        campaign: {
          id: campaign.id,
          name: campaign.name,
          district: campaign.district,
          closesAt: campaign.closesAt.toISOString(),
          bureauName: runner.bureauName,
          contactLine: runner.contactLine,
        },
        school: channel.school ? { code: channel.school.code, name: channel.school.name } : null,
        presetGroup,
        wording: { ...wording },
        sharedDevice: channel.sharedDevice,
        mode: channel.mode,
        questionnaire: { id: entry.version.id, survey },
        minutes: surveyMinutes(entry.version.definition),
        submitUrl: "/api/responses/",
      },
      deps.assets.entry("respondent", interviewed ? [] : [interviewerChunk]),
      // On an interviewer's link the code comes first: no questions to tap before it.
      interviewed
        ? null
        : deps.firstPages.get(entry.version.id, entry.version.definition, {
            presetGroup: presetGroup ?? "",
            channelSchool: channel.school?.code ?? "",
            wording: { ...wording },
          }),
    );
    return sendHtml(c, html);
  });
}
