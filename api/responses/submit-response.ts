import type { Kysely } from "kysely";
import type { Database, RespondentGroup } from "../db/database.ts";
import { AppError, tooMany } from "../http/errors.ts";
import {
  type SubmissionRateLimits,
  countClosedRefusal,
  defaultSubmissionRateLimits,
  integrityMessage,
  isLoopback,
  rateBuckets,
} from "../integrity/index.ts";
import { message } from "../http/messages.ts";
import { type ResponseReceipt, findResponseReceipt } from "./repository.ts";
import { issueMessage } from "./answer-validation/issue-messages.ts";
import type { AnswerIssue } from "./answer-validator.ts";
import { isCampaignOpen } from "../campaigns/index.ts";
import { browserFamily, hashIp } from "../http/client-info.ts";
import type { ChannelContextCache } from "./channel-context-cache.ts";
import { contentHash } from "./content-hash.ts";
import type { GroupCommit } from "./group-commit.ts";
import {
  type QuestionnaireCatalog,
  type QuestionnaireWording,
  impliedGroup,
  questionnaireWording,
  withWording,
} from "../questionnaires/index.ts";
import type { SchoolDirectory } from "../schools/index.ts";
import {
  refuseStrayInterviewer,
  resolveInterviewer,
  takesInterviewer,
} from "../interviewers/index.ts";
import type { Submission } from "./submission-schema.ts";

export interface SubmissionDeps {
  db: Kysely<Database>;
  questionnaires: QuestionnaireCatalog;
  schools: SchoolDirectory;
  ipHashPepper: string;
  /** Abuse limits (api/integrity/submission-rate-limit.ts); null turns them off. */
  rateLimits?: SubmissionRateLimits | null;
  /** Stores the row and counts the limits, together with concurrent submissions. */
  groupCommit: GroupCommit;
  /** Link lookups, kept for a moment (CHANNEL_CACHE_MS). */
  channels: ChannelContextCache;
}

export interface SubmissionRequest {
  id: string;
  body: Submission;
  ip: string | undefined;
  userAgent: string | undefined;
  now: Date;
  /** Set only by an injected clock (tests replaying an evening); else the database stamps the row. */
  receivedAt?: Date;
}

export interface SubmissionResult {
  receipt: ResponseReceipt;
  /** True when this id was already stored with the same content (a retry). */
  replayed: boolean;
}

/**
 * 422 naming each question refused. Its titles quote the questionnaire, so they get the
 * campaign's words (本县, 优质均衡) as the page showed them, not the stored `{area}`.
 */
function answersRejected(issues: AnswerIssue[], wording?: QuestionnaireWording): AppError {
  const questions = issues.map((i) => i.question || "answers").join(", ");
  const worded = wording
    ? issues.map((i) => ({ ...i, message: withWording(i.message, wording) }))
    : issues;
  return new AppError(
    "invalid_answers",
    message("invalid_answers", { count: issues.length, questions }),
    worded,
  );
}

/** A stored row with this id and content means the client is retrying: succeed again. */
async function replayOrConflict(
  db: Kysely<Database>,
  id: string,
  hash: string,
): Promise<SubmissionResult | undefined> {
  const existing = await findResponseReceipt(db, id);
  if (!existing) return undefined;
  if (existing.contentHash !== hash) {
    throw new AppError("response_conflict", message("response_conflict"));
  }
  return { receipt: existing, replayed: true };
}

function respondentGroupOf(
  presetGroup: RespondentGroup | null,
  answers: Record<string, unknown>,
  served: readonly RespondentGroup[],
): RespondentGroup {
  const group = presetGroup ?? answers.identity;
  if (typeof group === "string" && (served as readonly string[]).includes(group)) {
    return group as RespondentGroup;
  }
  // The validator requires `identity` whenever the link presets no group, so
  // this is reached only by a link whose preset group the questionnaire does not serve.
  throw answersRejected([
    {
      question: "identity",
      code: "required",
      message: issueMessage("required", { number: "", zh: "身份", en: "Identity" }),
    },
  ]);
}

/**
 * Stores one completed answer sheet exactly once. The order matters: the
 * envelope is hashed before anything can fail, so that a retry of an
 * acknowledged response still succeeds after the campaign has closed. The
 * abuse limits are counted with the row, in the same committed statement
 * (group-commit.ts), so only sheets that would be stored count.
 */
export async function submitResponse(
  deps: SubmissionDeps,
  req: SubmissionRequest,
): Promise<SubmissionResult> {
  const { db } = deps;
  const { body } = req;
  const channel = await deps.channels.get(body.channel);
  if (!channel) throw new AppError("channel_not_found", message("channel_not_found"));

  const questionnaireId = body.questionnaire ?? channel.questionnaireId;
  const hash = contentHash({ ...body, questionnaire: questionnaireId });
  const ipHash = hashIp(req.ip, channel.campaign.ipSalt, deps.ipHashPepper);

  if (!isCampaignOpen(channel.campaign, req.now)) {
    const replay = await replayOrConflict(db, req.id, hash);
    if (replay) return replay;
    await countClosedRefusal(db, channel.campaign.id, channel.channelId, req.now);
    throw new AppError("campaign_not_open", message("campaign_not_open"));
  }

  const current = await deps.questionnaires.get(channel.questionnaireId);
  const entry =
    questionnaireId === channel.questionnaireId
      ? current
      : await deps.questionnaires.get(questionnaireId);
  // A page opened before staff published a new version may still submit the old one.
  if (
    !entry ||
    !current ||
    entry.version.campaignId !== channel.campaign.id ||
    entry.version.key !== current.version.key
  ) {
    throw new AppError("questionnaire_mismatch", message("questionnaire_mismatch"));
  }

  const schoolCodes = await deps.schools.codes(channel.campaign.id);
  // As the page does: a questionnaire serving one group (students) asks no identity question.
  const presetGroup = impliedGroup(channel.presetGroup, entry.version.respondentGroups);
  const result = entry.validator.validate(body.answers, {
    variables: {
      presetGroup: presetGroup ?? "",
      channelSchool: channel.school?.code ?? "",
    },
    externalChoices: { school: schoolCodes.codes },
  });
  if (!result.ok) {
    const { district, districtLevel, scheme } = channel.campaign;
    const wording = questionnaireWording({ districtName: district, level: districtLevel, scheme });
    throw answersRejected(result.issues, wording);
  }
  const answers = result.answers;
  // Interviewer and telephone links: the code must be an active interviewer of the campaign
  // (a wrong one counts as a guess); other links take none. Nothing is stored otherwise.
  let interviewerId: number | null = null;
  if (takesInterviewer(channel.mode)) {
    const address = isLoopback(req.ip) ? null : ipHash;
    const check = { campaignId: channel.campaign.id, code: body.interviewer, ipHash: address };
    try {
      interviewerId = (await resolveInterviewer(db, { ...check, now: req.now })).id;
    } catch (error) {
      // A retry of a sheet stored before its code was disabled is still acknowledged.
      const replay = await replayOrConflict(db, req.id, hash);
      if (replay) return replay;
      throw error;
    }
  } else refuseStrayInterviewer(body.interviewer);

  const group = respondentGroupOf(presetGroup, answers, entry.version.respondentGroups);
  const pickedSchool =
    typeof answers.school === "string" ? schoolCodes.ids.get(answers.school) : undefined;
  const startedAt = body.startedAt ? new Date(body.startedAt) : null;
  const completedAt = body.completedAt ? new Date(body.completedAt) : null;

  const row = {
    id: req.id.toLowerCase(),
    campaignId: channel.campaign.id,
    channelId: channel.channelId,
    questionnaireId,
    schoolId: channel.school?.id ?? pickedSchool ?? null,
    respondentGroup: group,
    answers,
    startedAt,
    completedAt,
    durationSeconds:
      startedAt && completedAt ? (completedAt.getTime() - startedAt.getTime()) / 1000 : null,
    pageSeconds: body.pageSeconds ?? {},
    locale: body.locale ?? "zh-cn",
    browserFamily: browserFamily(req.userAgent),
    ipHash,
    deviceToken: body.deviceToken?.toLowerCase() ?? null,
    contentHash: hash,
    interviewerId,
    ...(req.receivedAt ? { receivedAt: req.receivedAt } : {}),
  };
  const limits = deps.rateLimits === undefined ? defaultSubmissionRateLimits : deps.rateLimits;
  const buckets = limits
    ? rateBuckets(
        { ipHash: isLoopback(req.ip) ? null : ipHash, channelId: channel.channelId },
        limits,
        req.now,
      )
    : [];
  const outcome = await deps.groupCommit.store({ row, buckets, now: req.now });
  if (outcome.kind === "stored") return { receipt: outcome.receipt, replayed: false };
  if (outcome.kind === "limited") {
    const seconds = outcome.retryAfterSeconds;
    throw tooMany("rate_limited", integrityMessage("rate_limited", { seconds }), seconds);
  }

  const replay = await replayOrConflict(db, row.id, hash);
  // The row vanished between the conflict and the read: impossible while
  // responses are append-only, so treat it as a server fault, not a success.
  if (!replay) throw new Error(`response ${req.id} conflicted but cannot be read`);
  return replay;
}
