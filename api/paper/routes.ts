import type { Context } from "hono";
import { z } from "zod";
import { campaignLoader, findCampaign } from "../campaigns/index.ts";
import { channelLabel, qrSvg } from "../channels/index.ts";
import type { Config } from "../config.ts";
import type { Campaign } from "../db/database.ts";
import { forbidden, notFound, unprocessable } from "../http/errors.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { readQuery } from "../http/read-query.ts";
import {
  type StaffEnv,
  ownSchoolId,
  requireCampaignAccess,
  staffAuditor,
  staffRouter,
} from "../staff/index.ts";
import { type PaperDeps, linkQuestionnaire } from "./link-questionnaire.ts";
import { paperMessage } from "./messages.ts";
import { type PaperRequest, enterSheet, resolveSheet } from "./paper-entry.ts";
import {
  distributedCountSchema,
  paperSheetSchema,
  resolutionSchema,
  sheetParam,
} from "./paper-schemas.ts";
import { paperSheetDetail, paperSheetList } from "./paper-sheets.ts";
import {
  type PaperLink,
  countLinkSheets,
  findLink,
  listPaperLinks,
  setDistributedCount,
} from "./repository.ts";
import type { PaperLinkView } from "./types.ts";
import { paperQuestionnaire, paperQuestionnairePolicy } from "./views/paper-questionnaire.ts";

export interface PaperRouteDeps extends PaperDeps {
  config: Config;
  /** An injected clock (tests): the campaign window and the stored received_at follow it. */
  now?: () => Date;
}

const maxSheetBytes = 65_536;
const maxSmallBytes = 16_384;
const langQuery = z.strictObject({ lang: z.enum(["zh", "en"]).optional() });

function idParam(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
}

function linkView(link: PaperLink & { responses: number; waiting: number; differing: number }) {
  return {
    id: link.id,
    token: link.token,
    name: channelLabel(link.label, link.schoolName),
    label: link.label,
    schoolName: link.schoolName,
    presetGroup: link.presetGroup,
    questionnaireKey: link.questionnaireKey,
    questionnaireVersion: link.questionnaireVersion,
    distributedCount: link.distributedCount,
    responses: link.responses,
    waiting: link.waiting,
    differing: link.differing,
  } satisfies PaperLinkView;
}

/**
 * Paper links: the printable questionnaire (school accounts: their own school's links), and for
 * the bureau the data entry of typed sheets, double entry and its resolution, and the count of
 * sheets handed out. School accounts never reach a typed sheet: its answers are individual.
 */
export function paperRoutes(deps: PaperRouteDeps) {
  const { db, config } = deps;
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);
  const clock = () => (deps.now ? deps.now() : new Date());

  /** The paper link a path names, once the account may see it: 404, 403, or 422 for another mode. */
  async function linkOf(c: Context<StaffEnv>): Promise<{ link: PaperLink; campaign: Campaign }> {
    const link = await findLink(db, idParam(c.req.param("id")));
    if (!link) throw notFound();
    const campaign = await findCampaign(db, link.campaignId);
    if (!campaign) throw notFound();
    requireCampaignAccess(c, campaign);
    const own = await ownSchoolId(db, c.get("staff").user, campaign.id);
    if (own !== undefined && (own === null || link.schoolId !== own)) throw forbidden();
    if (link.mode !== "paper") throw unprocessable("not_paper_link", paperMessage("notPaperLink"));
    return { link, campaign };
  }

  function request(c: Context<StaffEnv>, link: PaperLink, campaign: Campaign): PaperRequest {
    const now = clock();
    return {
      link,
      campaign,
      user: c.get("staff").user,
      now,
      ...(deps.now ? { receivedAt: now } : {}),
      audit: (trx, event) => audit(trx, c, event),
    };
  }

  const sheetOf = (c: Context) => {
    const raw = c.req.param("sheet");
    const sheet = sheetParam(raw);
    if (!sheet) throw notFound("not_found", paperMessage("sheetNotFound", { sheet: raw ?? "" }));
    return sheet;
  };

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/campaigns/:campaignId/paper-links",
        tag: "paper",
        access: "paper.enter",
        summary: {
          zh: "纸质问卷链接及其发放份数、已录入答卷数、待第二次录入和有差异的问卷数",
          en: "The campaign's paper links with sheets handed out, responses entered, sheets waiting for a second entry and sheets with differences",
        },
        responses: {
          200: { description: "{ links: PaperLinkView[] }", contentType: "application/json" },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c, "campaignId");
        const links = await listPaperLinks(db, campaign.id);
        return c.json({ links: links.map(linkView) });
      },
    )
    .route(
      {
        method: "get",
        path: "/channels/:id/paper-questionnaire",
        tag: "paper",
        access: "posters.download",
        summary: {
          zh: "纸质问卷链接的可打印 A4 问卷（中文；?lang=en 为英文）：勾选框、问卷编号框、链接码和二维码、跳答说明",
          en: "A paper link's printable A4 questionnaire (Chinese; ?lang=en for English): tick boxes, a sheet-number box, the link code and QR code, skip instructions",
        },
        responses: { 200: { description: "HTML", contentType: "text/html" } },
        errors: { 422: "not_paper_link: the link is not a paper link" },
      },
      async (c) => {
        const { lang = "zh" } = readQuery(c, langQuery);
        const { link, campaign } = await linkOf(c);
        const { form } = await linkQuestionnaire(deps, link);
        const otherLanguage = new URL(c.req.url);
        otherLanguage.search = lang === "zh" ? "?lang=en" : "";
        c.header("Content-Security-Policy", paperQuestionnairePolicy);
        return c.html(
          paperQuestionnaire({
            form,
            lang,
            campaignName: campaign.name,
            heading: link.schoolName ?? campaign.district,
            label: link.label,
            token: link.token,
            // The code alone, not the web address: the sheet is answered on paper, and the entry page
            // reads the code back from a scanner.
            qrSvg: await qrSvg(link.token),
            otherLanguageHref: `${otherLanguage.pathname}${otherLanguage.search}`,
          }),
        );
      },
    )
    .route(
      {
        method: "get",
        path: "/channels/:id/paper-form",
        tag: "paper",
        access: "paper.enter",
        summary: {
          zh: "纸质问卷链接的问卷（题号与打印版一致，含选项和跳答条件），供录入页面使用",
          en: "A paper link's questionnaire as the entry page types it (numbered as printed, with options and skip conditions)",
        },
        responses: { 200: { description: "PaperForm", contentType: "application/json" } },
      },
      async (c) => {
        const { link } = await linkOf(c);
        return c.json((await linkQuestionnaire(deps, link)).form);
      },
    )
    .route(
      {
        method: "put",
        path: "/channels/:id/distributed-count",
        tag: "paper",
        access: "paper.enter",
        summary: {
          zh: "纸质问卷链接的发放份数（用于有效回收率；不少于已录入的问卷数；记入审计日志）",
          en: "Sheets handed out for a paper link (for the valid-return rate; not fewer than the sheets entered; audit-logged)",
        },
        body: { schema: distributedCountSchema, maxBytes: maxSmallBytes },
        responses: {
          200: { description: "{ distributedCount }", contentType: "application/json" },
        },
        errors: { 422: "distributed_below_entered or not_paper_link" },
      },
      async (c) => {
        const { link } = await linkOf(c);
        const { distributedCount } = await readJsonBody(c, distributedCountSchema, maxSmallBytes);
        await db.transaction().execute(async (trx) => {
          const entered = await countLinkSheets(trx, link.id);
          if (distributedCount !== null && distributedCount < entered) {
            throw unprocessable(
              "distributed_below_entered",
              paperMessage("distributedBelowEntered", { count: distributedCount, entered }),
            );
          }
          await setDistributedCount(trx, link.id, distributedCount);
          await audit(trx, c, {
            action: "paper.distributed_count",
            target: `channel:${link.id}`,
            details: { before: link.distributedCount, after: distributedCount },
          });
        });
        return c.json({ distributedCount });
      },
    )
    .route(
      {
        method: "get",
        path: "/channels/:id/paper-sheets",
        tag: "paper",
        access: "paper.enter",
        summary: {
          zh: "纸质问卷链接已录入的问卷：每份的状态（待第二次录入、有差异、已成为答卷）和录入人",
          en: "A paper link's typed sheets: each one's state (waiting for a second entry, differing, a response) and who typed it",
        },
        responses: {
          200: { description: "{ sheets: PaperSheetView[] }", contentType: "application/json" },
        },
      },
      async (c) => {
        const { link } = await linkOf(c);
        return c.json(await paperSheetList(db, link.id));
      },
    )
    .route(
      {
        method: "post",
        path: "/channels/:id/paper-sheets",
        tag: "paper",
        access: "paper.enter",
        summary: {
          zh: "录入一份纸质问卷：按与在线提交相同的规则检查；单次录入即成为答卷，双录入则待另一位工作人员再录一次（记入审计日志）",
          en: "Enter one paper sheet, checked as an online submission is; a single entry becomes a response at once, a double entry waits for a second person (audit-logged)",
        },
        body: { schema: paperSheetSchema, maxBytes: maxSheetBytes },
        responses: { 201: { description: "PaperEntryResult", contentType: "application/json" } },
        errors: {
          409: "paper_sheet_taken (the sheet number is already a response), paper_sheet_differs, same_enterer",
          410: "campaign_not_open",
          422: "invalid_answers (details per question, numbered as printed) or not_paper_link",
        },
      },
      async (c) => {
        const { link, campaign } = await linkOf(c);
        const body = await readJsonBody(c, paperSheetSchema, maxSheetBytes);
        const result = await enterSheet(deps, request(c, link, campaign), body);
        return c.json(result, 201);
      },
    )
    .route(
      {
        method: "get",
        path: "/channels/:id/paper-sheets/:sheet",
        tag: "paper",
        access: "paper.enter",
        summary: {
          zh: "一份纸质问卷的录入情况；两次录入有差异时列出两次的不同答案",
          en: "One sheet's entries; when its two entries differ, both answers where they differ",
        },
        responses: { 200: { description: "PaperSheetDetail", contentType: "application/json" } },
      },
      async (c) => {
        const { link } = await linkOf(c);
        const sheet = sheetOf(c);
        const detail = await paperSheetDetail(db, link.id, sheet);
        if (!detail) throw notFound("not_found", paperMessage("sheetNotFound", { sheet }));
        return c.json(detail);
      },
    )
    .route(
      {
        method: "post",
        path: "/channels/:id/paper-sheets/:sheet/resolution",
        tag: "paper",
        access: "paper.enter",
        summary: {
          zh: "处理两次录入的差异：逐项选定正确的答案后保存为答卷（记入审计日志）",
          en: "Resolve a double entry's differences: pick the right answer for each, then store the response (audit-logged)",
        },
        body: { schema: resolutionSchema, maxBytes: maxSmallBytes },
        responses: { 201: { description: "PaperEntryResult", contentType: "application/json" } },
        errors: {
          409: "paper_sheet_taken or nothing_to_resolve",
          422: "invalid_resolution or invalid_answers",
        },
      },
      async (c) => {
        const { link, campaign } = await linkOf(c);
        const sheet = sheetOf(c);
        const { picks } = await readJsonBody(c, resolutionSchema, maxSmallBytes);
        const result = await resolveSheet(deps, request(c, link, campaign), sheet, picks);
        return c.json(result, 201);
      },
    );
}
