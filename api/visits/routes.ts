import { z } from "zod";
import { publicRouter } from "../http/api-router.ts";
import { clientIp } from "../http/client-ip.ts";
import { AppError } from "../http/errors.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { responseIdPattern } from "../responses/index.ts";
import { visitMessage } from "./messages.ts";
import { type VisitStageDeps, recordVisitStage } from "./record-visit-stage.ts";

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

export interface VisitRouteDeps extends VisitStageDeps {
  trustProxy: boolean;
}

/**
 * Public and fire-and-forget: the respondent page reports its funnel stages
 * here and never waits for, nor shows, the answer. Idempotent: repeats change
 * nothing. A campaign that is closed (or not yet open) refuses with 410, like
 * a submission, so nothing accumulates outside the campaign window.
 *
 * Anyone holding a link could inflate its "opened" count, so beacons are
 * limited per address hash. Over the limit the answer is 429 with Retry-After
 * rather than a silent 204: the respondent page treats any 4xx as final and
 * sends nothing again (survey-web/respondent/visit-beacon.ts), so a real
 * parent loses at most that one stage, which the next beacon of the same
 * visit carries anyway (it creates the visit and sends the furthest page),
 * while a script, a proxy and whoever reads the logs can see that it is limited.
 */
export function visitRoutes(deps: VisitRouteDeps) {
  return publicRouter().route(
    {
      method: "put",
      path: "/visits/:id",
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
        429: "rate_limited: too many beacons from this address (Retry-After says when to try again)",
      },
    },
    async (c) => {
      const id = c.req.param("id") ?? "";
      if (!responseIdPattern.test(id)) {
        throw new AppError("invalid_id", visitMessage("invalidVisitId"));
      }
      const body = await readJsonBody(c, visitBodySchema, maxBodyBytes);
      await recordVisitStage(deps, { id, ...body, ip: clientIp(c, deps.trustProxy) });
      c.header("Cache-Control", "no-store");
      return c.body(null, 204);
    },
  );
}
