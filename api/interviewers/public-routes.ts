import type { Kysely } from "kysely";
import { z } from "zod";
import { isCampaignOpen } from "../campaigns/index.ts";
import { findChannelContext } from "../channels/index.ts";
import type { Database } from "../db/database.ts";
import { publicRouter } from "../http/api-router.ts";
import { hashIp } from "../http/client-info.ts";
import { clientIp } from "../http/client-ip.ts";
import { AppError, unprocessable } from "../http/errors.ts";
import { message } from "../http/messages.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { type SubmissionRateLimits, isLoopback } from "../integrity/index.ts";
import { callAttemptSchema, recordCallAttempt } from "./call-attempts.ts";
import { resolveInterviewer, takesInterviewer } from "./interviewer-check.ts";
import { interviewerMessage } from "./messages.ts";

export interface InterviewerPublicDeps {
  db: Kysely<Database>;
  ipHashPepper: string;
  trustProxy: boolean;
  rateLimits: SubmissionRateLimits | null;
  now?: () => Date;
}

const maxBodyBytes = 1024;

/** `POST /api/interviewer-sessions`: the code an interviewer typed on a link's page. */
export const interviewerSessionSchema = z.strictObject({
  channel: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  code: z.string().min(1).max(32),
});

/**
 * What the respondent page of an interviewer or telephone link calls: the code check before
 * the first respondent, and the outcome of each telephone call that led to no response.
 */
export function interviewerPublicRoutes(deps: InterviewerPublicDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  return publicRouter()
    .route(
      {
        method: "post",
        path: "/interviewer-sessions",
        tag: "interviewers",
        access: "public",
        summary: {
          zh: "访员在访员入户或电话访问链接上输入访员编号：核对编号（输错次数受限）",
          en: "An interviewer enters their code on an interviewer or telephone link: the code is checked (wrong codes are limited)",
        },
        body: { schema: interviewerSessionSchema, maxBytes: maxBodyBytes },
        responses: {
          200: {
            description: "{ code }: the code as stored (upper case, no hyphen)",
            contentType: "application/json",
          },
        },
        errors: {
          404: "channel_not_found: no link with this token",
          410: "campaign_not_open: the campaign does not take answers now",
          422: "invalid_interviewer (wrong, disabled or missing code) or invalid_channel (a link without interviewers)",
          429: "rate_limited: too many wrong codes; retry after Retry-After seconds",
        },
      },
      async (c) => {
        const body = await readJsonBody(c, interviewerSessionSchema, maxBodyBytes);
        const at = now();
        const channel = await findChannelContext(db, body.channel);
        if (!channel) throw new AppError("channel_not_found", message("channel_not_found"));
        if (!takesInterviewer(channel.mode))
          throw unprocessable("invalid_channel", interviewerMessage("interviewerNotExpected"));
        if (!isCampaignOpen(channel.campaign, at))
          throw new AppError("campaign_not_open", message("campaign_not_open"));
        const ip = clientIp(c, deps.trustProxy);
        const { code } = await resolveInterviewer(db, {
          campaignId: channel.campaign.id,
          code: body.code,
          ipHash: isLoopback(ip) ? null : hashIp(ip, channel.campaign.ipSalt, deps.ipHashPepper),
          now: at,
        });
        c.header("Cache-Control", "no-store");
        return c.json({ code }, 200);
      },
    )
    .route(
      {
        method: "post",
        path: "/call-attempts",
        tag: "interviewers",
        access: "public",
        summary: {
          zh: "电话访问：记录一次未完成的通话（拒访、无人接听、号码错误）；同一访员同一时刻的记录只保存一次",
          en: "Telephone: record a call that led to no response (refused, no answer, wrong number); the same interviewer's record of the same moment is stored once",
        },
        body: { schema: callAttemptSchema, maxBytes: maxBodyBytes },
        responses: {
          201: { description: "{ id }: recorded", contentType: "application/json" },
          200: {
            description: "{ id }: recorded before (a retry)",
            contentType: "application/json",
          },
        },
        errors: {
          404: "channel_not_found: no link with this token",
          410: "campaign_not_open: the campaign does not take answers now",
          422: "invalid_interviewer or invalid_channel (not a telephone link)",
          429: "rate_limited: too many wrong codes or calls; retry after Retry-After seconds",
        },
      },
      async (c) => {
        const body = await readJsonBody(c, callAttemptSchema, maxBodyBytes);
        const stored = await recordCallAttempt(deps, {
          body,
          ip: clientIp(c, deps.trustProxy),
          now: now(),
        });
        c.header("Cache-Control", "no-store");
        return c.json({ id: stored.id }, stored.created ? 201 : 200);
      },
    );
}
