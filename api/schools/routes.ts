import { type Context, Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../staff/audit.ts";
import {
  type StaffEnv,
  requireCampaignAccess,
  requireRole,
  requireStaff,
} from "../staff/require-staff.ts";
import { clientIp } from "../http/client-ip.ts";
import type { Config } from "../config.ts";
import type { Database, Enrolment } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { message } from "../http/messages.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { findCampaign } from "../campaigns/repository.ts";
import {
  type SchoolChanges,
  type SchoolRecord,
  findSchool,
  listSchools,
  updateSchool,
  upsertSchools,
} from "./repository.ts";
import { hashIp } from "../http/client-info.ts";
import type { SchoolDirectory } from "./school-directory.ts";
import { describeRowError, text as importText } from "./school-import.ts";
import { schoolTemplateCsv, schoolTemplateXlsx } from "./school-import-template.ts";
import { readSchoolUpload, xlsxMediaType } from "../http/spreadsheet-upload.ts";

export interface SchoolRouteDeps {
  db: Kysely<Database>;
  config: Config;
  schools: SchoolDirectory;
  now?: () => Date;
}

const maxImportBytes = 2 * 1024 * 1024;
const maxPatchBytes = 4096;

const levels = ["primary", "junior", "senior"] as const;
type Level = (typeof levels)[number];
const count = z.number().int().min(0).max(9_999_999);

/** `PATCH /api/campaigns/:id/schools/:schoolId`: the fields to change (the code is fixed). */
export const schoolPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    town: z.string().trim().min(1).max(100).optional(),
    areaType: z.enum(["urban", "town", "rural"]).optional(),
    levels: z
      .array(z.enum(levels))
      .min(1)
      .max(3)
      .refine((l) => new Set(l).size === l.length, { message: "levels repeat" })
      .optional(),
    enrolment: z
      .strictObject({
        primary: count.optional(),
        junior: count.optional(),
        senior: count.optional(),
      })
      .optional(),
    teachers: count.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "nothing to change" });

const levelNames: Record<Level, string> = {
  primary: "小学/primary",
  junior: "初中/junior secondary",
  senior: "高中/senior secondary",
};
const enrolmentColumns: Record<Level, string> = {
  primary: "小学在校生数",
  junior: "初中在校生数",
  senior: "高中在校生数",
};

/**
 * The change as the import would store it: levels in canonical order, a
 * count for every level the school has and none for another (422
 * `invalid_school`, the import's own wording). Changing the levels alone
 * drops the stored counts of levels the school no longer has.
 */
function checkedSchoolChanges(
  school: SchoolRecord,
  body: z.infer<typeof schoolPatchSchema>,
): SchoolChanges {
  const chosen = levels.filter((l) => (body.levels ?? school.levels).includes(l));
  const given: Enrolment = body.enrolment ?? {};
  const enrolment: Enrolment = {};
  for (const level of levels) {
    const n = body.enrolment ? given[level] : school.enrolment[level];
    const wording = { level: levelNames[level], column: enrolmentColumns[level] };
    if (chosen.includes(level)) {
      if (n === undefined)
        throw new AppError(422, "invalid_school", importText("enrolmentMissing", wording));
      enrolment[level] = n;
    } else if (body.enrolment && n !== undefined && n > 0) {
      throw new AppError(422, "invalid_school", importText("enrolmentUnexpected", wording));
    }
  }
  return {
    name: body.name,
    town: body.town,
    areaType: body.areaType,
    levels: body.levels || body.enrolment ? chosen : undefined,
    enrolment: body.levels || body.enrolment ? enrolment : undefined,
    teachers: body.teachers,
  };
}

function notFound(): AppError {
  return new AppError(404, "not_found", message("not_found"));
}

function attachment(c: Context, ascii: string, chinese: string): void {
  c.header(
    "Content-Disposition",
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(chinese)}`,
  );
}

/**
 * Schools of a campaign: the import templates, the list, the CSV/XLSX import
 * (admin only; all or nothing) and the edit of one school (admin only).
 * Per-route middleware: mounted under /api.
 */
export function schoolRoutes(deps: SchoolRouteDeps): Hono<StaffEnv> {
  const { db, config } = deps;
  const staff = requireStaff({ db, now: deps.now });

  async function campaignId(c: Context<StaffEnv>): Promise<number> {
    const id = Number(c.req.param("id"));
    const campaign = Number.isSafeInteger(id) && id > 0 ? await findCampaign(db, id) : undefined;
    if (!campaign) throw notFound();
    requireCampaignAccess(c, campaign.id);
    return campaign.id;
  }

  function audit(c: Context<StaffEnv>, action: string, target: string, details: object) {
    const user = c.get("staff").user;
    return recordAudit(db, {
      actor: { id: user.id, username: user.username },
      action,
      target,
      details: { ...details },
      ipHash: hashIp(clientIp(c, config.trustProxy), "staff", config.ipHashPepper),
    });
  }

  return new Hono<StaffEnv>()
    .get("/schools/template.csv", staff, (c) => {
      c.header("Content-Type", "text/csv; charset=utf-8");
      attachment(c, "schools-template.csv", "学校名单模板.csv");
      return c.body(schoolTemplateCsv());
    })
    .get("/schools/template.xlsx", staff, async (c) => {
      const bytes = await schoolTemplateXlsx();
      c.header("Content-Type", xlsxMediaType);
      attachment(c, "schools-template.xlsx", "学校名单模板.xlsx");
      return c.body(new Uint8Array(bytes));
    })
    .get("/campaigns/:id/schools", staff, async (c) => {
      const id = await campaignId(c);
      const user = c.get("staff").user;
      const schools = await listSchools(db, id, user.role === "school" ? user.schoolId : null);
      // A school account that lost its school (schoolId null) must not see everyone's.
      return c.json({ schools: user.role === "school" && user.schoolId === null ? [] : schools });
    })
    .post("/campaigns/:id/schools/import", staff, requireRole("admin"), async (c) => {
      const id = await campaignId(c);
      const result = await readSchoolUpload(c, maxImportBytes);
      if (!result.ok) {
        const first = result.errors[0];
        throw new AppError(
          422,
          "invalid_rows",
          message("invalid_rows", {
            count: result.errors.length,
            first: first ? describeRowError(first) : "",
          }),
          result.errors,
        );
      }
      const summary = await db
        .transaction()
        .execute((trx) => upsertSchools(trx, id, result.schools));
      deps.schools.invalidate(id);
      await audit(c, "schools.import", `campaign:${id}`, {
        ...summary,
        rows: result.schools.length,
      });
      return c.json({ ...summary, total: result.schools.length });
    })
    .patch("/campaigns/:id/schools/:schoolId", staff, requireRole("admin"), async (c) => {
      const id = await campaignId(c);
      const schoolId = Number(c.req.param("schoolId"));
      const school =
        Number.isSafeInteger(schoolId) && schoolId > 0 ? await findSchool(db, schoolId) : undefined;
      if (!school || school.campaignId !== id) throw notFound();
      const body = await readJsonBody(c, schoolPatchSchema, maxPatchBytes);
      const updated = await updateSchool(db, school.id, checkedSchoolChanges(school, body));
      if (!updated) throw notFound();
      deps.schools.invalidate(id);
      await audit(c, "school.update", `school:${school.id}`, { campaignId: id, changes: body });
      return c.json({ school: updated });
    });
}

const campaignSchools = "/api/campaigns/:id/schools";

/** The OpenAPI description of these routes (api/openapi/). */
export const schoolOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/schools/template.csv",
    tag: "schools",
    access: "staff",
    summary: {
      zh: "学校名单 CSV 模板（中文表头）",
      en: "School list template, CSV (Chinese headings)",
    },
    responses: { 200: { description: "CSV with a byte-order mark", contentType: "text/csv" } },
  },
  {
    method: "get",
    path: "/api/schools/template.xlsx",
    tag: "schools",
    access: "staff",
    summary: {
      zh: "学校名单 Excel 模板（中文表头、示例行、填写说明工作表）",
      en: "School list template, XLSX (Chinese headings, an example row, a sheet explaining each column)",
    },
    responses: { 200: { description: "XLSX workbook", contentType: xlsxMediaType } },
  },
  {
    method: "get",
    path: campaignSchools,
    tag: "schools",
    access: "staff",
    summary: {
      zh: "调查活动的学校（学校账号仅见本校）",
      en: "A campaign's schools (a school account sees its own only)",
    },
    responses: { 200: { description: "{ schools: School[] }", contentType: "application/json" } },
  },
  {
    method: "post",
    path: `${campaignSchools}/import`,
    tag: "schools",
    access: ["admin"],
    summary: {
      zh: "导入学校名单（CSV 或 XLSX；有任何错误行则整个文件不导入）",
      en: "Import a school list (CSV or XLSX; a file with any bad row is refused whole)",
    },
    body: {
      maxBytes: maxImportBytes,
      contentTypes: {
        "text/csv": "UTF-8 CSV under the template's headings",
        [xlsxMediaType]: "the first worksheet, headings in its first row",
      },
    },
    responses: {
      200: { description: "{ inserted, updated, total }", contentType: "application/json" },
    },
    errors: {
      400: "invalid_xlsx (not a readable workbook) or invalid_encoding (CSV not UTF-8)",
      422: "invalid_rows: details lists { line, column, message } per error",
    },
  },
  {
    method: "patch",
    path: `${campaignSchools}/:schoolId`,
    tag: "schools",
    access: ["admin"],
    summary: {
      zh: "修改学校：名称、乡镇、城乡类型、学段、各学段在校生数、教师数（记入审计日志）",
      en: "Edit a school: name, town, area type, levels, enrolment per level, teachers (audit-logged)",
    },
    body: { schema: schoolPatchSchema, maxBytes: maxPatchBytes },
    responses: { 200: { description: "{ school: School }", contentType: "application/json" } },
    errors: { 422: "invalid_school: levels and enrolment disagree" },
  },
];
