import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Scheme } from "../../analysis/assessment/index.ts";
import { type StaffEnv, requireRole, requireStaff } from "../staff/require-staff.ts";
import type { Campaign } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { assessmentMessage } from "./messages.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { readBodyBytes } from "../http/read-text-body.ts";
import { assessmentSettings } from "./inputs-repository.ts";
import {
  ensureVetoEntry,
  findEvidenceFile,
  findVetoEntry,
  insertEvidenceFile,
  listEvidenceFiles,
  listVetoEntries,
  saveVetoEntry,
} from "./vetoes-repository.ts";
import { campaignScheme } from "./assessment-scheme.ts";
import { evidenceFileType, evidenceMediaTypes } from "./evidence-file-type.ts";
import {
  type AssessmentRouteDeps,
  attachment,
  auditor,
  campaignLoader,
  notFound,
} from "./routes-common.ts";

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
});

export const evidenceQuerySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
});

const itemParam = z.string().regex(/^[a-z0-9_]{1,64}$/);

/**
 * The veto checklist (issue 5 §6): each item's status, evidence note, responsible departments
 * and due date, and its evidence files (PDF, JPEG, PNG, XLSX or DOCX by content, at most 5 MB,
 * stored in the database). Admins change; viewers read.
 */
export function assessmentVetoRoutes(deps: AssessmentRouteDeps): Hono<StaffEnv> {
  const { db, config } = deps;
  const staff = requireStaff({ db, now: deps.now });
  const readers = requireRole("admin", "viewer");
  const admin = requireRole("admin");
  const campaignOf = campaignLoader(db);
  const audit = auditor(config);

  async function itemOf(
    c: Context<StaffEnv>,
  ): Promise<{ campaign: Campaign; itemId: string; scheme: Scheme }> {
    const campaign = await campaignOf(c);
    const itemId = c.req.param("itemId") ?? "";
    const settings = await assessmentSettings(db, campaign.id);
    const scheme = campaignScheme(campaign.scheme, settings.schemeOverrides);
    if (!Object.hasOwn(scheme.vetoes, itemId)) {
      throw new AppError(404, "not_found", assessmentMessage("unknownVetoItem"));
    }
    return { campaign, itemId, scheme };
  }

  async function itemView(campaign: Campaign, scheme: Scheme, itemId: string) {
    const item = scheme.vetoes[itemId];
    const entry = await findVetoEntry(db, campaign.id, itemId);
    return {
      itemId,
      label: item?.label,
      evaluation: item?.evaluation,
      schemeDepartments: item?.departments ?? [],
      entry: entry ?? null,
      files: await listEvidenceFiles(db, campaign.id, itemId),
    };
  }

  return new Hono<StaffEnv>()
    .get("/campaigns/:id/vetoes", staff, readers, async (c) => {
      const campaign = await campaignOf(c);
      const settings = await assessmentSettings(db, campaign.id);
      const scheme = campaignScheme(campaign.scheme, settings.schemeOverrides);
      const [entries, files] = await Promise.all([
        listVetoEntries(db, campaign.id),
        listEvidenceFiles(db, campaign.id, null),
      ]);
      return c.json({
        items: Object.entries(scheme.vetoes).map(([itemId, item]) => ({
          itemId,
          label: item.label,
          evaluation: item.evaluation,
          schemeDepartments: item.departments,
          entry: entries.find((e) => e.itemId === itemId) ?? null,
          files: files.filter((f) => f.itemId === itemId),
        })),
      });
    })
    .get("/campaigns/:id/vetoes/:itemId", staff, readers, async (c) => {
      const { campaign, itemId, scheme } = await itemOf(c);
      return c.json(await itemView(campaign, scheme, itemId));
    })
    .put("/campaigns/:id/vetoes/:itemId", staff, admin, async (c) => {
      const { campaign, itemId, scheme } = await itemOf(c);
      const body = await readJsonBody(c, vetoEntryBodySchema, maxEntryBytes);
      await db.transaction().execute(async (trx) => {
        await saveVetoEntry(trx, campaign.id, itemId, {
          ...body,
          updatedBy: c.get("staff").user.username,
        });
        await audit(trx, c, "assessment.veto.update", `campaign:${campaign.id}:veto:${itemId}`, {
          status: body.status,
          departments: body.departments,
          dueDate: body.dueDate,
        });
      });
      return c.json(await itemView(campaign, scheme, itemId));
    })
    .get("/campaigns/:id/vetoes/:itemId/files", staff, readers, async (c) => {
      const { campaign, itemId } = await itemOf(c);
      return c.json({ files: await listEvidenceFiles(db, campaign.id, itemId) });
    })
    .post("/campaigns/:id/vetoes/:itemId/files", staff, admin, async (c) => {
      const { campaign, itemId } = await itemOf(c);
      const query = evidenceQuerySchema.safeParse(c.req.query());
      if (!query.success) throw new AppError(400, "invalid_query", assessmentMessage("fileName"));
      const bytes = await readBodyBytes(c, maxEvidenceBytes);
      if (bytes.length === 0) throw new AppError(400, "empty_file", assessmentMessage("emptyFile"));
      const mediaType = evidenceFileType(bytes);
      if (mediaType === null) {
        throw new AppError(415, "unsupported_media_type", assessmentMessage("fileType"));
      }
      const user = c.get("staff").user.username;
      const id = await db.transaction().execute(async (trx) => {
        await ensureVetoEntry(trx, campaign.id, itemId, user);
        const fileId = await insertEvidenceFile(trx, campaign.id, itemId, {
          fileName: query.data.name,
          mediaType,
          content: bytes,
          uploadedBy: user,
        });
        await audit(
          trx,
          c,
          "assessment.evidence.upload",
          `campaign:${campaign.id}:veto:${itemId}`,
          {
            fileId,
            fileName: query.data.name,
            mediaType,
            size: bytes.length,
          },
        );
        return fileId;
      });
      const files = await listEvidenceFiles(db, campaign.id, itemId);
      return c.json({ file: files.find((f) => f.id === id) }, 201);
    })
    .get("/campaigns/:id/vetoes/:itemId/files/:fileId", staff, readers, async (c) => {
      const { campaign, itemId } = await itemOf(c);
      const fileId = Number(c.req.param("fileId"));
      const file =
        Number.isSafeInteger(fileId) && fileId > 0
          ? await findEvidenceFile(db, campaign.id, itemId, fileId)
          : undefined;
      if (!file) throw notFound();
      const extension =
        Object.entries(evidenceMediaTypes).find(([, type]) => type === file.mediaType)?.[0] ??
        "bin";
      c.header("Content-Type", file.mediaType);
      attachment(c, `evidence-${file.id}.${extension}`, file.fileName);
      return c.body(new Uint8Array(file.content));
    });
}

const item = "/api/campaigns/:id/vetoes/:itemId";
const params = { itemId: itemParam };

export const assessmentVetoOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/campaigns/:id/vetoes",
    tag: "assessment",
    access: ["admin", "viewer"],
    summary: {
      zh: "一票否决项清单：各项状态、说明、责任部门、期限与佐证材料",
      en: "The veto checklist: each item's status, note, departments, due date and evidence files",
    },
    responses: { 200: { description: "{ items }", contentType: "application/json" } },
  },
  {
    method: "get",
    path: item,
    tag: "assessment",
    access: ["admin", "viewer"],
    params,
    summary: { zh: "一个一票否决项", en: "One veto item" },
    responses: {
      200: {
        description: "{ itemId, label, evaluation, schemeDepartments, entry, files }",
        contentType: "application/json",
      },
    },
  },
  {
    method: "put",
    path: item,
    tag: "assessment",
    access: ["admin"],
    params,
    summary: {
      zh: "记录一票否决项的状态、说明、责任部门与期限（记入审计日志）",
      en: "Record a veto item's status, note, departments and due date (audit-logged)",
    },
    body: { schema: vetoEntryBodySchema, maxBytes: maxEntryBytes },
    responses: {
      200: {
        description: "{ itemId, label, evaluation, schemeDepartments, entry, files }",
        contentType: "application/json",
      },
    },
  },
  {
    method: "get",
    path: `${item}/files`,
    tag: "assessment",
    access: ["admin", "viewer"],
    params,
    summary: { zh: "一票否决项的佐证材料列表", en: "A veto item's evidence files" },
    responses: { 200: { description: "{ files }", contentType: "application/json" } },
  },
  {
    method: "post",
    path: `${item}/files`,
    tag: "assessment",
    access: ["admin"],
    params,
    query: evidenceQuerySchema,
    summary: {
      zh: "上传佐证材料（PDF、JPEG、PNG、XLSX、DOCX，按内容识别，最大 5 MB；记入审计日志）",
      en: "Upload an evidence file (PDF, JPEG, PNG, XLSX, DOCX by content, at most 5 MB; audit-logged)",
    },
    body: {
      maxBytes: maxEvidenceBytes,
      contentTypes: { "application/octet-stream": "the file's bytes; its type is read from them" },
    },
    responses: { 201: { description: "{ file }", contentType: "application/json" } },
    errors: { 415: "unsupported_media_type: not a PDF, JPEG, PNG, XLSX or DOCX" },
  },
  {
    method: "get",
    path: `${item}/files/:fileId`,
    tag: "assessment",
    access: ["admin", "viewer"],
    params,
    summary: { zh: "下载佐证材料", en: "Download an evidence file" },
    responses: { 200: { description: "the file, as an attachment" } },
  },
];
