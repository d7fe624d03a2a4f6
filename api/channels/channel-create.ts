import type { Kysely } from "kysely";
import { z } from "zod";
import type { AnswerMode, ChannelKind, Database, RespondentGroup } from "../db/database.ts";
import { answerModes, respondentGroups } from "../db/database.ts";
import { type CodeOf, forbidden, unprocessable } from "../http/errors.ts";
import { channelMessage } from "./messages.ts";
import { type ChannelQuestionnaire, insertChannel, latestQuestionnaires } from "./repository.ts";
import { findSchool } from "../schools/index.ts";
import { type StaffUser, ownSchoolId } from "../staff/index.ts";
import { newChannelToken } from "./channel-token.ts";

/** Kinds staff may create; 'district' links come with a campaign's set-up. */
export const creatableKinds = [
  "school",
  "class",
  "wechat_group",
  "event",
  "respondent_group",
] as const satisfies readonly ChannelKind[];

/** `POST /api/campaigns/:id/channels`. */
export const channelDraftSchema = z.strictObject({
  label: z.string().trim().min(1).max(60),
  kind: z.enum(creatableKinds),
  schoolId: z.number().int().positive().optional(),
  respondentGroup: z.enum(respondentGroups as [RespondentGroup, ...RespondentGroup[]]).optional(),
  questionnaireKey: z.string().min(1).max(40).optional(),
  /** A family's shared phone: several people may answer on one device (default off). */
  sharedDevice: z.boolean().optional(),
  /**
   * How answers arrive through the link (default online: the respondent's own phone).
   * Interviewer, telephone and paper links are the bureau's: a school account makes online ones.
   */
  mode: z.enum(answerModes as [AnswerMode, ...AnswerMode[]]).optional(),
});
export type ChannelDraft = z.infer<typeof channelDraftSchema>;

export interface ResolvedChannel {
  label: string;
  kind: ChannelKind;
  schoolId: number | null;
  respondentGroup: RespondentGroup | null;
  sharedDevice: boolean;
  mode: AnswerMode;
  questionnaire: ChannelQuestionnaire;
}

/** The school a draft is for: a school account's own (403 for another); null for a district link. */
export function draftSchoolId(
  draft: ChannelDraft,
  user: StaffUser,
  ownSchool: number | null | undefined,
): number | null {
  if (user.role !== "school") return draft.schoolId ?? null;
  if (!ownSchool || (draft.schoolId !== undefined && draft.schoolId !== ownSchool))
    throw forbidden(channelMessage("otherSchool"));
  return ownSchool;
}

const fail = (code: CodeOf<422>, text: string) => unprocessable(code, text);

/**
 * Checks a channel draft against the campaign's questionnaires (the newest
 * version of each): a class or school link needs a school, a
 * respondent-group link a group; the questionnaire is the one named, else the
 * one serving the group most narrowly, else the social questionnaire; and the group must be
 * one the questionnaire serves. The school is checked by the caller (it must
 * belong to the campaign) before this runs.
 */
export function resolveChannelDraft(
  draft: ChannelDraft,
  schoolId: number | null,
  questionnaires: readonly ChannelQuestionnaire[],
): ResolvedChannel {
  if ((draft.kind === "school" || draft.kind === "class") && schoolId === null)
    throw fail("invalid_channel", channelMessage("kindNeedsSchool", { kind: draft.kind }));
  if (draft.kind === "respondent_group" && draft.respondentGroup === undefined)
    throw fail("invalid_channel", channelMessage("kindNeedsGroup"));
  const group = draft.respondentGroup ?? null;
  let questionnaire: ChannelQuestionnaire | undefined;
  if (draft.questionnaireKey !== undefined) {
    questionnaire = questionnaires.find((q) => q.key === draft.questionnaireKey);
    if (!questionnaire)
      throw fail(
        "unknown_questionnaire",
        channelMessage("unknownQuestionnaire", { key: draft.questionnaireKey }),
      );
  } else if (group !== null) {
    // The one made for the group: serving the fewest groups (the 2012 A卷 also lists teachers,
    // whose own questionnaire asks more), the social one among equals.
    const serving = questionnaires
      .filter((q) => q.respondentGroups.includes(group))
      .sort(
        (a, b) =>
          a.respondentGroups.length - b.respondentGroups.length ||
          Number(b.key === "social") - Number(a.key === "social"),
      );
    questionnaire = serving[0];
    if (!questionnaire)
      throw fail("group_not_served", channelMessage("noQuestionnaireForGroup", { group }));
  } else {
    questionnaire = questionnaires.find((q) => q.key === "social") ?? questionnaires[0];
    if (!questionnaire)
      throw fail(
        "unknown_questionnaire",
        channelMessage("unknownQuestionnaire", { key: "social" }),
      );
  }
  if (group !== null && !questionnaire.respondentGroups.includes(group))
    throw fail(
      "group_not_served",
      channelMessage("groupNotServed", { key: questionnaire.key, group }),
    );
  return {
    label: draft.label,
    kind: draft.kind,
    schoolId,
    respondentGroup: group,
    sharedDevice: draft.sharedDevice ?? false,
    mode: draft.mode ?? "online",
    questionnaire,
  };
}

/**
 * Creates a channel of the campaign from a checked draft with a fresh token:
 * 403 when a school account names another school, 422 when the school is not
 * the campaign's or the draft does not fit its questionnaires. Returns the new
 * channel's id and what it was resolved to (for the audit log).
 */
export async function createChannel(
  db: Kysely<Database>,
  campaignId: number,
  draft: ChannelDraft,
  user: StaffUser,
): Promise<ResolvedChannel & { id: number }> {
  // Interviewers, callers and paper sheets are organised by the bureau (docs/interviewers.md).
  if (user.role === "school" && (draft.mode ?? "online") !== "online")
    throw forbidden(channelMessage("modeForBureau"));
  const schoolId = draftSchoolId(draft, user, await ownSchoolId(db, user, campaignId));
  if (schoolId !== null) {
    const school = await findSchool(db, schoolId);
    if (school?.campaignId !== campaignId)
      throw fail("unknown_school", channelMessage("schoolNotInCampaign"));
  }
  const resolved = resolveChannelDraft(draft, schoolId, await latestQuestionnaires(db, campaignId));
  const id = await insertChannel(db, {
    token: newChannelToken(),
    campaignId,
    questionnaireId: resolved.questionnaire.id,
    schoolId: resolved.schoolId,
    respondentGroup: resolved.respondentGroup,
    label: resolved.label,
    kind: resolved.kind,
    sharedDevice: resolved.sharedDevice,
    mode: resolved.mode,
  });
  return { ...resolved, id };
}
