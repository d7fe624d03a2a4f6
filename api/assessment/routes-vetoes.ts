import type { Context } from "hono";
import { z } from "zod";
import { type StaffEnv, staffAuditor } from "../staff/index.ts";
import { campaignLoader } from "../campaigns/index.ts";
import { attachment } from "../http/attachment.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { readQuery } from "../http/read-query.ts";
import { readBodyBytes } from "../http/read-text-body.ts";
import {
  checkItemFigures,
  evidenceDownload,
  storeEvidenceFile,
  vetoChecklist,
  vetoItemScheme,
  vetoItemView,
} from "./assessment-vetoes.ts";
import { assessmentMessage } from "./messages.ts";
import type { AssessmentRouteDeps, AssessmentRouter } from "./routes-common.ts";
import { listEvidenceFiles, saveVetoEntry } from "./vetoes-repository.ts";

const maxEntryBytes = 16 * 1024;
export const maxEvidenceBytes = 5 * 1024 * 1024;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: "a calendar date YYYY-MM-DD",
    },
  );

/** `PUT /api/campaigns/:id/vetoes/:itemId`: the item's state, replacing the stored one. */
export const vetoEntryBodySchema = z.strictObject({
  status: z.enum(["met", "not_met", "unknown"]),
  note: z.string().max(4000).default(""),
  /** null or absent: the scheme's departments. */
  departments: z.array(z.string().trim().min(1).max(50)).min(1).max(20).nullable().default(null),
  dueDate: isoDate.nullable().default(null),
  /** Items checked by figures: values by figure id (shares as proportions, 0.95 = 95 %). */
  figures: z
    .record(z.string().min(1).max(64), z.number().finite().nullable())
    .refine((f) => Object.keys(f).length <= 20, { message: "at most 20 figures" })
    .default({}),
});

export const evidenceQuerySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
});

const itemParam = z.string().regex(/^[a-z0-9_]{1,64}$/);

const item = "/campaigns/:id/vetoes/:itemId";
const params = { itemId: itemParam };

/**
 * The checklist (docs/assessment.md, Veto items and The 2017 method in full): every veto item,
 * application condition, guarantee and quality item with its status, evidence note, responsible
 * departments, due date and entered figures, and its evidence files (PDF, JPEG, PNG, XLSX or DOCX
 * by content, at most 5 MB, stored in the database). Admins change; viewers read.
 */
export function assessmentVetoRoutes(router: AssessmentRouter, deps: AssessmentRouteDeps) {
  const { db, config } = deps;
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  /** The campaign and the veto item the path names: 404 for either unknown. */
  async function itemOf(c: Context<StaffEnv>) {
    const campaign = await campaignOf(c);
    const itemId = c.req.param("itemId") ?? "";
    const scheme = await vetoItemScheme(db, campaign, itemId);
    return { campaign, itemId, scheme };
  }

  return router
    .route(
      {
        method: "get",
        path: "/campaigns/:id/vetoes",
        tag: "assessment",
        access: "assessment.read",
        summary: {
          zh: "评估项目清单（一票否决项、申报条件、政府保障与教育质量项目）：各项状态、说明、责任单位、期限、录入数据与佐证材料",
          en: "The checklist (vetoes, application conditions, guarantee and quality items): each item's status, note, departments, due date, figures and evidence files",
        },
        responses: { 200: { description: "{ items }", contentType: "application/json" } },
      },
      async (c) => c.json(await vetoChecklist(db, await campaignOf(c))),
    )
    .route(
      {
        method: "get",
        path: item,
        tag: "assessment",
        access: "assessment.read",
        params,
        summary: { zh: "一个评估项目", en: "One checklist item" },
        responses: {
          200: {
            description: "{ itemId, label, evaluation, schemeDepartments, entry, files }",
            contentType: "application/json",
          },
        },
      },
      async (c) => {
        const { campaign, itemId, scheme } = await itemOf(c);
        return c.json(await vetoItemView(db, campaign, scheme, itemId));
      },
    )
    .route(
      {
        method: "put",
        path: item,
        tag: "assessment",
        access: "assessment.manage",
        params,
        summary: {
          zh: "记录评估项目的状态、说明、责任单位、期限与数据（记入审计日志）",
          en: "Record an item's status, note, departments, due date and figures (audit-logged)",
        },
        body: { schema: vetoEntryBodySchema, maxBytes: maxEntryBytes },
        responses: {
          200: {
            description: "{ itemId, label, evaluation, schemeDepartments, entry, files }",
            contentType: "application/json",
          },
        },
        errors: { 422: "invalid_figures: a figure the item does not check, or out of range" },
      },
      async (c) => {
        const { campaign, itemId, scheme } = await itemOf(c);
        const body = await readJsonBody(c, vetoEntryBodySchema, maxEntryBytes);
        checkItemFigures(scheme, itemId, body.figures);
        await db.transaction().execute(async (trx) => {
          await saveVetoEntry(trx, campaign.id, itemId, {
            ...body,
            updatedBy: c.get("staff").user.username,
          });
          await audit(trx, c, {
            action: "assessment.veto.update",
            target: `campaign:${campaign.id}:veto:${itemId}`,
            details: {
              status: body.status,
              departments: body.departments,
              dueDate: body.dueDate,
              figures: body.figures,
            },
          });
        });
        return c.json(await vetoItemView(db, campaign, scheme, itemId));
      },
    )
    .route(
      {
        method: "get",
        path: `${item}/files`,
        tag: "assessment",
        access: "assessment.read",
        params,
        summary: { zh: "一票否决项的佐证材料列表", en: "A veto item's evidence files" },
        responses: { 200: { description: "{ files }", contentType: "application/json" } },
      },
      async (c) => {
        const { campaign, itemId } = await itemOf(c);
        return c.json({ files: await listEvidenceFiles(db, campaign.id, itemId) });
      },
    )
    .route(
      {
        method: "post",
        path: `${item}/files`,
        tag: "assessment",
        access: "assessment.manage",
        params,
        query: evidenceQuerySchema,
        summary: {
          zh: "上传佐证材料（PDF、JPEG、PNG、XLSX、DOCX，按内容识别，最大 5 MB；记入审计日志）",
          en: "Upload an evidence file (PDF, JPEG, PNG, XLSX, DOCX by content, at most 5 MB; audit-logged)",
        },
        body: {
          maxBytes: maxEvidenceBytes,
          contentTypes: {
            "application/octet-stream": "the file's bytes; its type is read from them",
          },
        },
        responses: { 201: { description: "{ file }", contentType: "application/json" } },
        errors: { 415: "unsupported_media_type: not a PDF, JPEG, PNG, XLSX or DOCX" },
      },
      async (c) => {
        const { campaign, itemId } = await itemOf(c);
        const query = readQuery(c, evidenceQuerySchema, () => assessmentMessage("fileName"));
        const file = await storeEvidenceFile(db, campaign.id, itemId, {
          fileName: query.name,
          bytes: await readBodyBytes(c, maxEvidenceBytes),
          uploadedBy: c.get("staff").user.username,
          audit: (trx, details) =>
            audit(trx, c, {
              action: "assessment.evidence.upload",
              target: `campaign:${campaign.id}:veto:${itemId}`,
              details,
            }),
        });
        return c.json({ file }, 201);
      },
    )
    .route(
      {
        method: "get",
        path: `${item}/files/:fileId`,
        tag: "assessment",
        access: "assessment.read",
        params,
        summary: { zh: "下载佐证材料", en: "Download an evidence file" },
        responses: { 200: { description: "the file, as an attachment" } },
      },
      async (c) => {
        const { campaign, itemId } = await itemOf(c);
        const download = await evidenceDownload(db, campaign.id, itemId, c.req.param("fileId"));
        c.header("Content-Type", download.file.mediaType);
        attachment(c, download.asciiName, download.file.fileName);
        return c.body(new Uint8Array(download.file.content));
      },
    );
}
