import { z } from "zod";
import { publicRouter } from "../http/api-router.ts";
import { clientIp } from "../http/client-ip.ts";
import { AppError } from "../http/errors.ts";
import { message } from "../http/messages.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { type SubmissionDeps, submitResponse } from "./submit-response.ts";
import { responseIdPattern, submissionSchema } from "./submission-schema.ts";

export interface ResponseRouteDeps extends SubmissionDeps {
  maxBodyBytes: number;
  trustProxy: boolean;
  /**
   * An injected clock (tests replaying an evening of submissions): it decides
   * the campaign window, the rate-limit windows and the stored received_at.
   * Without it the campaign window and limits use the system clock and the
   * database stamps received_at.
   */
  now?: () => Date;
}

/** `PUT /api/responses/:id`: idempotent submission of one completed answer sheet. */
export function responseRoutes(deps: ResponseRouteDeps) {
  return publicRouter().route(
    {
      method: "put",
      path: "/responses/:id",
      tag: "responses",
      access: "public",
      summary: {
        zh: "提交一份完成的问卷（幂等：同一 id 重试不会重复保存）",
        en: "Submit one completed answer sheet (idempotent: a retry with the same id stores nothing twice)",
      },
      params: { id: z.uuid() },
      body: { schema: submissionSchema, maxBytes: deps.maxBodyBytes },
      responses: { 200: { description: "{ id, receivedAt }", contentType: "application/json" } },
      errors: {
        404: "channel_not_found: no link with this token",
        409: "response_conflict: another answer sheet was stored under this id",
        410: "campaign_not_open: the campaign does not take answers now",
        422: "invalid_answers (details per question) or questionnaire_mismatch",
        429: "rate_limited: too many submissions; retry after Retry-After seconds",
      },
    },
    async (c) => {
      const id = c.req.param("id") ?? "";
      if (!responseIdPattern.test(id)) throw new AppError("invalid_id", message("invalid_id"));
      const body = await readJsonBody(c, submissionSchema, deps.maxBodyBytes);
      const now = deps.now ? deps.now() : new Date();
      const { receipt } = await submitResponse(deps, {
        id,
        body,
        ip: clientIp(c, deps.trustProxy),
        userAgent: c.req.header("user-agent"),
        now,
        ...(deps.now ? { receivedAt: now } : {}),
      });
      c.header("Cache-Control", "no-store");
      return c.json({ id: receipt.id, receivedAt: receipt.receivedAt.toISOString() }, 200);
    },
  );
}
