import { Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { dashboardMessage } from "../locales/dashboard-message.ts";
import { message } from "../locales/messages.ts";
import type { ApiOperation } from "../openapi/registry.ts";
import { readJsonBody } from "../read-json-body.ts";
import { recordVisit } from "../repositories/visits.ts";
import { responseIdPattern } from "../services/submission-schema.ts";

/** The longest survey we expect has a few dozen pages; the column allows 200. */
const maxPage = 200;
const maxBodyBytes = 1024;

/**
 * `PUT /api/visits/:id`: a stage of one visit. `opened` when the survey shows,
 * `started` at the first answer, `page` when a page is shown (1-based `page`
 * required). `page` may accompany any stage: a reload resumes on a later page.
 */
export const visitBodySchema = z
  .strictObject({
    token: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    stage: z.enum(["opened", "started", "page"]),
    page: z.number().int().min(1).max(maxPage).optional(),
  })
  .refine((body) => body.stage !== "page" || body.page !== undefined, {
    message: "a page stage needs its page",
    path: ["page"],
  });

/**
 * Public and fire-and-forget: the respondent page reports its funnel stages
 * here and never waits for, nor shows, the answer. Idempotent: repeats change
 * nothing. A campaign that is closed (or not yet open) refuses with 410, like
 * a submission, so nothing accumulates outside the campaign window.
 */
export function visitRoutes(deps: { db: Kysely<Database> }): Hono {
  return new Hono().put("/visits/:id", async (c) => {
    const id = c.req.param("id");
    if (!responseIdPattern.test(id)) {
      throw new AppError(400, "invalid_id", dashboardMessage("invalidVisitId"));
    }
    const body = await readJsonBody(c, visitBodySchema, maxBodyBytes);
    const outcome = await recordVisit(deps.db, {
      id: id.toLowerCase(),
      token: body.token,
      started: body.stage === "started",
      page: body.page ?? 1,
    });
    if (outcome === "unknown_channel") {
      throw new AppError(404, "channel_not_found", message("channel_not_found"));
    }
    if (outcome === "not_open") {
      throw new AppError(410, "campaign_not_open", message("campaign_not_open"));
    }
    c.header("Cache-Control", "no-store");
    return c.body(null, 204);
  });
}

/** The OpenAPI description of these routes (api/openapi/). */
export const visitOperations: ApiOperation[] = [
  {
    method: "put",
    path: "/api/visits/:id",
    tag: "visits",
    access: "public",
    summary: {
      zh: "记录一次问卷访问的进度（打开、开始作答、到达第几页），用于漏斗统计；可重复发送",
      en: "Record a survey visit's stage (opened, started, page reached) for the funnel; idempotent",
    },
    params: { id: z.uuid() },
    body: { schema: visitBodySchema, maxBytes: maxBodyBytes },
    responses: { 204: { description: "recorded (or already recorded)" } },
    errors: {
      404: "channel_not_found: no link with this token",
      410: "campaign_not_open: the campaign is closed or not yet open",
    },
  },
];
