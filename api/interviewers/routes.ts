import type { Context } from "hono";
import type { Kysely } from "kysely";
import { campaignLoader, findCampaign } from "../campaigns/index.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { notFound } from "../http/errors.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { type StaffEnv, requireCampaignAccess, staffAuditor, staffRouter } from "../staff/index.ts";
import { createInterviewers, newInterviewersSchema } from "./interviewer-admin.ts";
import {
  type InterviewerRow,
  findInterviewer,
  listInterviewers,
  setInterviewerDisabled,
} from "./repository.ts";

export interface InterviewerRouteDeps {
  db: Kysely<Database>;
  config: Config;
  now?: () => Date;
}

const maxBodyBytes = 16_384;

/**
 * The bureau's interviewers of a campaign: codes to create, list (to print or copy) and
 * disable. Only admins: the codes let their holders answer on interviewer and telephone links.
 */
export function interviewerRoutes(deps: InterviewerRouteDeps) {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  /** The interviewer the path names, once the account may see its campaign. */
  async function interviewerOf(c: Context<StaffEnv>) {
    const id = Number(c.req.param("id"));
    const found = Number.isSafeInteger(id) && id > 0 ? await findInterviewer(db, id) : undefined;
    if (!found) throw notFound();
    const campaign = await findCampaign(db, found.campaignId);
    if (!campaign) throw notFound();
    requireCampaignAccess(c, campaign);
    return found;
  }

  /** One interviewer as the list shows it, after a change. */
  async function rowOf(campaignId: number, id: number): Promise<InterviewerRow> {
    const row = (await listInterviewers(db, campaignId)).find((r) => r.id === id);
    if (!row) throw notFound();
    return row;
  }

  async function switchTo(c: Context<StaffEnv>, disabled: boolean) {
    const found = await interviewerOf(c);
    const changed = await db.transaction().execute(async (trx) => {
      const done = await setInterviewerDisabled(trx, found.id, disabled ? now() : null);
      if (done)
        await audit(trx, c, {
          action: disabled ? "interviewer.disable" : "interviewer.enable",
          target: `interviewer:${found.id}`,
          details: { campaignId: found.campaignId },
        });
      return done;
    });
    return c.json({ interviewer: await rowOf(found.campaignId, found.id), changed }, 200);
  }

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/campaigns/:campaignId/interviewers",
        tag: "interviewers",
        access: "interviewers.manage",
        summary: {
          zh: "本次调查的访员编号（备注、创建时间、是否停用、已收集的答卷和通话数）",
          en: "The campaign's interviewer codes (label, created, disabled, responses and calls collected)",
        },
        responses: {
          200: {
            description:
              "{ interviewers: [{ id, campaignId, code, label, createdAt, disabledAt, responses, calls }] }",
            contentType: "application/json",
          },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c, "campaignId");
        return c.json({ interviewers: await listInterviewers(db, campaign.id) }, 200);
      },
    )
    .route(
      {
        method: "post",
        path: "/campaigns/:campaignId/interviewers",
        tag: "interviewers",
        access: "interviewers.manage",
        summary: {
          zh: "新建访员：每个备注（如“第3组 王老师”）生成一个随机访员编号（记入审计日志）",
          en: "Create interviewers: a random code for each label (e.g. “team 3, Ms Wang”; audit-logged)",
        },
        body: { schema: newInterviewersSchema, maxBytes: maxBodyBytes },
        responses: {
          201: { description: "{ interviewers }", contentType: "application/json" },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c, "campaignId");
        const body = await readJsonBody(c, newInterviewersSchema, maxBodyBytes);
        const made = await db.transaction().execute(async (trx) => {
          const rows = await createInterviewers(trx, campaign.id, body.labels);
          // Codes are not secrets from the bureau, but the log names only how many and which ids.
          await audit(trx, c, {
            action: "interviewer.create",
            target: `campaign:${campaign.id}`,
            details: { count: rows.length, ids: rows.map((r) => r.id) },
          });
          return rows;
        });
        return c.json({ interviewers: made }, 201);
      },
    )
    .route(
      {
        method: "post",
        path: "/interviewers/:id/disable",
        tag: "interviewers",
        access: "interviewers.manage",
        summary: {
          zh: "停用访员编号：此后用它提交的答卷和通话记录都被拒绝（已收到的保留；记入审计日志）",
          en: "Disable an interviewer code: answers and calls sent with it are refused from now on (those stored stay; audit-logged)",
        },
        responses: {
          200: { description: "{ interviewer, changed }", contentType: "application/json" },
        },
      },
      (c) => switchTo(c, true),
    )
    .route(
      {
        method: "post",
        path: "/interviewers/:id/enable",
        tag: "interviewers",
        access: "interviewers.manage",
        summary: {
          zh: "重新启用已停用的访员编号（记入审计日志）",
          en: "Enable a disabled interviewer code again (audit-logged)",
        },
        responses: {
          200: { description: "{ interviewer, changed }", contentType: "application/json" },
        },
      },
      (c) => switchTo(c, false),
    );
}
