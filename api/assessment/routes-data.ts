import type { Context } from "hono";
import { z } from "zod";
import { staffAuditor } from "../staff/index.ts";
import { campaignLoader } from "../campaigns/index.ts";
import { attachment } from "../http/attachment.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { readQuery } from "../http/read-query.ts";
import { readSpreadsheetUpload, xlsxMediaType } from "../http/spreadsheet-upload.ts";
import { readXlsxRows } from "../http/xlsx-rows.ts";
import { assessmentContext } from "./assessment-context.ts";
import {
  fixedHeading,
  indicatorTemplateCsv,
  indicatorTemplateXlsx,
  maxIndicatorRows,
  parseIndicatorCsv,
  parseIndicatorSheet,
} from "./assessment-indicator-import.ts";
import { isSchoolYear } from "./assessment-indicator-rows.ts";
import { indicatorResources, indicatorSheet, saveIndicators } from "./assessment-indicators.ts";
import { invalidRows } from "./invalid-rows.ts";
import type { AssessmentRouteDeps, AssessmentRouter } from "./routes-common.ts";

const maxImportBytes = 2 * 1024 * 1024;
const maxPutBytes = 1024 * 1024;

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

/** The uploaded sheet, CSV or XLSX by its Content-Type: 400 for a broken workbook, 415 for another type. */
function readIndicatorUpload(c: Context, resources: readonly string[]) {
  return readSpreadsheetUpload(c, maxImportBytes, {
    csv: (text) => parseIndicatorCsv(text, resources),
    xlsx: async (bytes) => parseIndicatorSheet(await readXlsxRows(bytes), resources),
  });
}

const base = "/campaigns/:id/school-indicators";

/**
 * School figures: the list of a school year, the edit, the CSV/XLSX import (all or
 * nothing, line-numbered errors) and the templates. Admins change; viewers read.
 */
export function assessmentDataRoutes(router: AssessmentRouter, deps: AssessmentRouteDeps) {
  const { db, config } = deps;
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  return router
    .route(
      {
        method: "get",
        path: "/school-indicators/template.csv",
        tag: "assessment",
        access: "assessment.read",
        summary: {
          zh: "学校指标数据 CSV 模板（中文表头、示例行）",
          en: "School figures template, CSV (Chinese headings, an example row)",
        },
        responses: { 200: { description: "CSV with a byte-order mark", contentType: "text/csv" } },
      },
      (c) => {
        c.header("Content-Type", "text/csv; charset=utf-8");
        attachment(c, "school-indicators-template.csv", "学校指标数据模板.csv");
        return c.body(indicatorTemplateCsv());
      },
    )
    .route(
      {
        method: "get",
        path: "/school-indicators/template.xlsx",
        tag: "assessment",
        access: "assessment.read",
        summary: {
          zh: "学校指标数据 Excel 模板",
          en: "School figures template, XLSX",
        },
        responses: { 200: { description: "XLSX workbook", contentType: xlsxMediaType } },
      },
      async (c) => {
        const bytes = await indicatorTemplateXlsx();
        c.header("Content-Type", xlsxMediaType);
        attachment(c, "school-indicators-template.xlsx", "学校指标数据模板.xlsx");
        return c.body(new Uint8Array(bytes));
      },
    )
    .route(
      {
        method: "get",
        path: base,
        tag: "assessment",
        access: "assessment.read",
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
      async (c) => {
        const campaign = await campaignOf(c);
        const query = readQuery(c, indicatorQuerySchema);
        return c.json(indicatorSheet(await assessmentContext(db, campaign, query.schoolYear)));
      },
    )
    .route(
      {
        method: "put",
        path: base,
        tag: "assessment",
        access: "assessment.manage",
        summary: {
          zh: "保存学校指标数据（按学校、学年、学段整行替换；记入审计日志）",
          en: "Save school figures (each row replaces the stored one of its school, year and part; audit-logged)",
        },
        body: { schema: indicatorRowsSchema, maxBytes: maxPutBytes },
        responses: { 200: { description: "{ saved }", contentType: "application/json" } },
        errors: { 422: "invalid_rows: details lists { line, column, message } per problem" },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const body = await readJsonBody(c, indicatorRowsSchema, maxPutBytes);
        const context = await assessmentContext(db, campaign);
        const saved = await saveIndicators(db, campaign.id, {
          inputs: body.rows.map((row, i) => ({ ...row, line: i + 1 })),
          columnOf: (field) => field,
          resources: indicatorResources(context),
          updatedBy: c.get("staff").user.username,
          audit: (trx, details) =>
            audit(trx, c, {
              action: "assessment.indicators.update",
              target: `campaign:${campaign.id}`,
              details,
            }),
        });
        return c.json(saved);
      },
    )
    .route(
      {
        method: "post",
        path: `${base}/import`,
        tag: "assessment",
        access: "assessment.manage",
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
      async (c) => {
        const campaign = await campaignOf(c);
        const resources = indicatorResources(await assessmentContext(db, campaign));
        const parsed = await readIndicatorUpload(c, resources);
        if (!parsed.ok) throw invalidRows(parsed.errors);
        const saved = await saveIndicators(db, campaign.id, {
          inputs: parsed.rows,
          columnOf: fixedHeading,
          resources,
          updatedBy: c.get("staff").user.username,
          audit: (trx, details) =>
            audit(trx, c, {
              action: "assessment.indicators.import",
              target: `campaign:${campaign.id}`,
              details,
            }),
        });
        return c.json({ ...saved, total: parsed.rows.length });
      },
    );
}
