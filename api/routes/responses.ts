import { Hono } from "hono";
import { clientIp } from "../client-ip.ts";
import { AppError } from "../errors.ts";
import { message } from "../locales/messages.ts";
import { readJsonBody } from "../read-json-body.ts";
import { type SubmissionDeps, submitResponse } from "../services/submit-response.ts";
import { responseIdPattern, submissionSchema } from "../services/submission-schema.ts";

export interface ResponseRouteDeps extends SubmissionDeps {
  maxBodyBytes: number;
  trustProxy: boolean;
}

/** `PUT /api/responses/:id`: idempotent submission of one completed answer sheet. */
export function responseRoutes(deps: ResponseRouteDeps): Hono {
  return new Hono().put("/:id", async (c) => {
    const id = c.req.param("id");
    if (!responseIdPattern.test(id)) throw new AppError(400, "invalid_id", message("invalid_id"));
    const body = await readJsonBody(c, submissionSchema, deps.maxBodyBytes);
    const { receipt } = await submitResponse(deps, {
      id,
      body,
      ip: clientIp(c, deps.trustProxy),
      userAgent: c.req.header("user-agent"),
      now: new Date(),
    });
    c.header("Cache-Control", "no-store");
    return c.json({ id: receipt.id, receivedAt: receipt.receivedAt.toISOString() }, 200);
  });
}
