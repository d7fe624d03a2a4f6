import type { Kysely } from "kysely";
import { z } from "zod";
import { isCampaignOpen } from "../campaigns/index.ts";
import { findChannelContext } from "../channels/index.ts";
import type { Database } from "../db/database.ts";
import { hashIp } from "../http/client-info.ts";
import { AppError, tooMany, unprocessable } from "../http/errors.ts";
import { message } from "../http/messages.ts";
import {
  type SubmissionRateLimits,
  integrityMessage,
  isLoopback,
  takeSubmissionSlot,
} from "../integrity/index.ts";
import { resolveInterviewer } from "./interviewer-check.ts";
import { interviewerMessage } from "./messages.ts";
import { insertCallAttempt } from "./repository.ts";

/** How far back a call may be recorded (a phone that was offline sends it later). */
const maxAgeMs = 7 * 24 * 3600 * 1000;
/** How far ahead of the server's clock a phone's clock may run. */
const maxAheadMs = 10 * 60 * 1000;

/**
 * `POST /api/call-attempts`: a telephone call that did not lead to a response. A completed
 * call is not sent here: it is stored with its response (api/responses/batch-repository.ts).
 */
export const callAttemptSchema = z.strictObject({
  channel: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  interviewer: z.string().min(1).max(32),
  outcome: z.enum(["refused", "no_answer", "wrong_number"]),
  /** The moment the interviewer recorded it, by the phone's clock: a retry sends the same. */
  recordedAt: z.iso.datetime({ offset: true }),
});
export type CallAttemptBody = z.infer<typeof callAttemptSchema>;

export interface CallAttemptDeps {
  db: Kysely<Database>;
  ipHashPepper: string;
  /** The submissions' per-address limits, counted apart (`call:` keys); null: off. */
  rateLimits: SubmissionRateLimits | null;
}

export interface CallAttemptRequest {
  body: CallAttemptBody;
  ip: string | undefined;
  now: Date;
}

/**
 * Records one call outcome on a telephone link, once: a retry of the same record (same
 * interviewer, same moment) answers the stored row again. The link must be a telephone link
 * of an open campaign and the code an active interviewer of its campaign.
 */
export async function recordCallAttempt(
  deps: CallAttemptDeps,
  req: CallAttemptRequest,
): Promise<{ id: number; created: boolean }> {
  const { db } = deps;
  const channel = await findChannelContext(db, req.body.channel);
  if (!channel) throw new AppError("channel_not_found", message("channel_not_found"));
  if (channel.mode !== "telephone")
    throw unprocessable("invalid_channel", interviewerMessage("notTelephoneLink"));
  const recordedAt = new Date(req.body.recordedAt);
  const age = req.now.getTime() - recordedAt.getTime();
  if (age > maxAgeMs || age < -maxAheadMs)
    throw new AppError("invalid_body", interviewerMessage("recordedAtOutOfRange"));
  if (!isCampaignOpen(channel.campaign, req.now))
    throw new AppError("campaign_not_open", message("campaign_not_open"));

  const ipHash = hashIp(req.ip, channel.campaign.ipSalt, deps.ipHashPepper);
  const address = isLoopback(req.ip) ? null : ipHash;
  const interviewer = await resolveInterviewer(db, {
    campaignId: channel.campaign.id,
    code: req.body.interviewer,
    ipHash: address,
    now: req.now,
  });
  if (deps.rateLimits && address !== null) {
    const slot = await takeSubmissionSlot(
      db,
      { ipHash: `call:${address}`, channelId: channel.channelId },
      { ip: deps.rateLimits.ip, channel: [] },
      req.now,
    );
    if (!slot.allowed) {
      const seconds = slot.retryAfterSeconds;
      throw tooMany("rate_limited", integrityMessage("rate_limited", { seconds }), seconds);
    }
  }
  return insertCallAttempt(db, {
    campaignId: channel.campaign.id,
    channelId: channel.channelId,
    interviewerId: interviewer.id,
    outcome: req.body.outcome,
    recordedAt,
  });
}
