import { Hono } from "hono";
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
export function responseRoutes(deps: ResponseRouteDeps): Hono {
  return new Hono().put("/:id", async (c) => {
    const id = c.req.param("id");
    if (!responseIdPattern.test(id)) throw new AppError(400, "invalid_id", message("invalid_id"));
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
  });
}
