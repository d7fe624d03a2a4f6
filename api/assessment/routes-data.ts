import { Hono } from "hono";
import { z } from "zod";
import { standardResources } from "../../analysis/assessment/index.ts";
import { type StaffEnv, requireRole, requireStaff } from "../staff/require-staff.ts";
import { assessmentMessage } from "./messages.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { upsertSchoolIndicators } from "./indicators-repository.ts";
import { listSchools } from "../schools/repository.ts";
import { assessmentContext } from "./assessment-context.ts";
import {
  type IndicatorInput,
  checkIndicatorRows,
  isSchoolYear,
} from "./assessment-indicator-rows.ts";
import {
  fixedHeading,
  indicatorTemplateCsv,
  indicatorTemplateXlsx,
  maxIndicatorRows,
  parseIndicatorCsv,
  parseIndicatorSheet,
} from "./assessment-indicator-import.ts";
import { schemeResources } from "./assessment-scheme.ts";
import { readXlsxRows } from "../schools/school-import-xlsx.ts";
import { readBodyBytes, readTextBody } from "../http/read-text-body.ts";
import { AppError } from "../http/errors.ts";
import { message } from "../http/messages.ts";
import { staffApiMessage } from "../http/staff-api-messages.ts";
import { XlsxError } from "../schools/school-import-xlsx.ts";
import { xlsxMediaType } from "../http/spreadsheet-upload.ts";
import {
  type AssessmentRouteDeps,
  attachment,
  auditor,
  campaignLoader,
  invalidRows,
  parseQuery,
} from "./routes-common.ts";

const maxImportBytes = 2 * 1024 * 1024;
const maxPutBytes = 1024 * 1024;
const csvType = /^text\/(csv|plain)\b/i;
const xlsxType = /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\b/i;

const schoolYear = z.string().refine(isSchoolYear, { message: "a school year such as 2025-2026" });

/** `PUT /api/campaigns/:id/school-indicators`: rows replacing the stored ones of the same key. */
export const indicatorRowsSchema = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        schoolCode: z.string().trim().min(1).max(32),
        schoolYear,
        level: z.enum(["school", "primary", "junior", "senior"]),
        kind: z.enum(["regular", "teaching_point", "special_education"]).default("regular"),
        students: z.int().min(0).max(9_999_999).nullable().default(null),
        resources: z.record(z.string().min(1).max(64), z.number().min(0).max(1e13).nullable()),
        source: z.string().trim().max(200).default(""),
      }),
    )
    .min(1)
    .max(maxIndicatorRows),
});

export const indicatorQuerySchema = z.strictObject({ schoolYear: schoolYear.optional() });

/**
 * School figures (issue 5 §1): the list of a school year, the edit, the CSV/XLSX import (all or
 * nothing, line-numbered errors) and the templates. Admins change; viewers read.
 */
export function assessmentDataRoutes(deps: AssessmentRouteDeps): Hono<StaffEnv> {
  const { db, config } = deps;
  const staff = requireStaff({ db, now: deps.now });
  const readers = requireRole("admin", "viewer");
  const admin = requireRole("admin");
  const campaignOf = campaignLoader(db);
  const audit = auditor(config);

  async function save(
    c: Parameters<typeof audit>[1],
    campaignId: number,
    inputs: IndicatorInput[],
    columnOf: Parameters<typeof checkIndicatorRows>[2],
    allowed: readonly string[],
    action: string,
  ) {
    const known = new Set(allowed);
    const unknownKeys = inputs.flatMap((row) =>
      Object.keys(row.resources)
        .filter((k) => !known.has(k))
        .map((key) => ({
          line: row.line,
          column: key,
          message: assessmentMessage("unknownResource", { key }),
        })),
    );
    if (unknownKeys.length > 0) throw invalidRows(unknownKeys);
    const schools = await listSchools(db, campaignId);
    const checked = checkIndicatorRows(inputs, schools, columnOf);
    if (!checked.ok) throw invalidRows(checked.errors);
    const user = c.get("staff").user.username;
    const saved = await db.transaction().execute(async (trx) => {
      const count = await upsertSchoolIndicators(
        trx,
        campaignId,
        checked.rows.map((r) => ({ ...r, updatedBy: user })),
      );
      await audit(trx, c, action, `campaign:${campaignId}`, {
        rows: count,
        schoolYears: [...new Set(checked.rows.map((r) => r.schoolYear))],
      });
      return count;
    });
    return { saved };
  }

  return new Hono<StaffEnv>()
    .get("/school-indicators/template.csv", staff, readers, (c) => {
      c.header("Content-Type", "text/csv; charset=utf-8");
      attachment(c, "school-indicators-template.csv", "学校指标数据模板.csv");
      return c.body(indicatorTemplateCsv());
    })
    .get("/school-indicators/template.xlsx", staff, readers, async (c) => {
      const bytes = await indicatorTemplateXlsx();
      c.header("Content-Type", xlsxMediaType);
      attachment(c, "school-indicators-template.xlsx", "学校指标数据模板.xlsx");
      return c.body(new Uint8Array(bytes));
    })
    .get("/campaigns/:id/school-indicators", staff, readers, async (c) => {
      const campaign = await campaignOf(c);
      const query = parseQuery(c, indicatorQuerySchema);
      const context = await assessmentContext(db, campaign, query.schoolYear);
      return c.json({
        schoolYear: context.schoolYear,
        schoolYears: context.schoolYears,
        resources: schemeResources(context.scheme, Object.keys(standardResources)).map((key) => ({
          key,
          label: (standardResources as Record<string, string>)[key] ?? key,
        })),
        rows: context.rows,
        withoutData: context.schools.withoutData,
        splitWarnings: context.schools.warnings,
      });
    })
    .put("/campaigns/:id/school-indicators", staff, admin, async (c) => {
      const campaign = await campaignOf(c);
      const body = await readJsonBody(c, indicatorRowsSchema, maxPutBytes);
      const context = await assessmentContext(db, campaign);
      const inputs = body.rows.map((row, i) => ({ ...row, line: i + 1 }));
      const resources = schemeResources(context.scheme, Object.keys(standardResources));
      return c.json(
        await save(c, campaign.id, inputs, (f) => f, resources, "assessment.indicators.update"),
      );
    })
    .post("/campaigns/:id/school-indicators/import", staff, admin, async (c) => {
      const campaign = await campaignOf(c);
      const context = await assessmentContext(db, campaign);
      const resources = schemeResources(context.scheme, Object.keys(standardResources));
      const type = c.req.header("content-type") ?? "";
      let parsed: ReturnType<typeof parseIndicatorSheet>;
      if (csvType.test(type)) {
        parsed = parseIndicatorCsv(await readTextBody(c, csvType, maxImportBytes), resources);
      } else if (xlsxType.test(type)) {
        const bytes = await readBodyBytes(c, maxImportBytes);
        try {
          parsed = parseIndicatorSheet(await readXlsxRows(bytes), resources);
        } catch (error) {
          if (!(error instanceof XlsxError)) throw error;
          throw new AppError(
            400,
            "invalid_xlsx",
            staffApiMessage("invalidXlsx", { detail: error.message }),
          );
        }
      } else {
        throw new AppError(415, "unsupported_media_type", message("unsupported_media_type"));
      }
      if (!parsed.ok) throw invalidRows(parsed.errors);
      const result = await save(
        c,
        campaign.id,
        parsed.rows,
        fixedHeading,
        resources,
        "assessment.indicators.import",
      );
      return c.json({ ...result, total: parsed.rows.length });
    });
}

const base = "/api/campaigns/:id/school-indicators";

export const assessmentDataOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/school-indicators/template.csv",
    tag: "assessment",
    access: ["admin", "viewer"],
    summary: {
      zh: "学校指标数据 CSV 模板（中文表头、示例行）",
      en: "School figures template, CSV (Chinese headings, an example row)",
    },
    responses: { 200: { description: "CSV with a byte-order mark", contentType: "text/csv" } },
  },
  {
    method: "get",
    path: "/api/school-indicators/template.xlsx",
    tag: "assessment",
    access: ["admin", "viewer"],
    summary: {
      zh: "学校指标数据 Excel 模板",
      en: "School figures template, XLSX",
    },
    responses: { 200: { description: "XLSX workbook", contentType: xlsxMediaType } },
  },
  {
    method: "get",
    path: base,
    tag: "assessment",
    access: ["admin", "viewer"],
    summary: {
      zh: "学校指标数据（某学年；默认最新学年）",
      en: "School figures of a school year (default: the newest)",
    },
    query: indicatorQuerySchema,
    responses: {
      200: {
        description: "{ schoolYear, schoolYears, resources, rows, withoutData, splitWarnings }",
        contentType: "application/json",
      },
    },
  },
  {
    method: "put",
    path: base,
    tag: "assessment",
    access: ["admin"],
    summary: {
      zh: "保存学校指标数据（按学校、学年、学段整行替换；记入审计日志）",
      en: "Save school figures (each row replaces the stored one of its school, year and part; audit-logged)",
    },
    body: { schema: indicatorRowsSchema, maxBytes: maxPutBytes },
    responses: { 200: { description: "{ saved }", contentType: "application/json" } },
    errors: { 422: "invalid_rows: details lists { line, column, message } per problem" },
  },
  {
    method: "post",
    path: `${base}/import`,
    tag: "assessment",
    access: ["admin"],
    summary: {
      zh: "导入学校指标数据（CSV 或 XLSX；有任何错误行则整个文件不导入）",
      en: "Import school figures (CSV or XLSX; a file with any bad row is refused whole)",
    },
    body: {
      maxBytes: maxImportBytes,
      contentTypes: {
        "text/csv": "UTF-8 CSV under the template's headings",
        [xlsxMediaType]: "the first worksheet, headings in its first row",
      },
    },
    responses: { 200: { description: "{ saved, total }", contentType: "application/json" } },
    errors: {
      400: "invalid_xlsx or invalid_encoding",
      422: "invalid_rows: details lists { line, column, message } per error",
    },
  },
];
