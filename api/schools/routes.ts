import type { Context } from "hono";
import type { Kysely } from "kysely";
import { type StaffEnv, ownSchoolId, staffAuditor, staffRouter } from "../staff/index.ts";
import { campaignLoader } from "../campaigns/index.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { attachment } from "../http/attachment.ts";
import { type AppError, notFound, unprocessable } from "../http/errors.ts";
import { message } from "../http/messages.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { findSchool, listSchools, updateSchool, upsertSchools } from "./repository.ts";
import type { SchoolDirectory } from "./school-directory.ts";
import { type RowError, describeRowError, importSchoolsCsv } from "./school-import.ts";
import { importSchoolsXlsx } from "./school-import-xlsx.ts";
import { schoolTemplateCsv, schoolTemplateXlsx } from "./school-import-template.ts";
import { checkedSchoolChanges, schoolPatchSchema } from "./school-patch.ts";
import { readSpreadsheetUpload, xlsxMediaType } from "../http/spreadsheet-upload.ts";

export interface SchoolRouteDeps {
  db: Kysely<Database>;
  config: Config;
  schools: SchoolDirectory;
  /**
   * Gives each school of these codes that has none its poster link, in the caller's
   * transaction; returns how many it made. The channels feature's, handed in by the app:
   * channels reads schools, so schools does not import it back.
   */
  addPosterLinks(
    db: Kysely<Database>,
    campaignId: number,
    codes: readonly string[],
  ): Promise<number>;
  now?: () => Date;
}

const maxImportBytes = 2 * 1024 * 1024;
const maxPatchBytes = 4096;

/** 422 `invalid_rows`: the count and the first problem in the message, every problem in details. */
function invalidRows(errors: readonly RowError[]): AppError {
  const first = errors[0];
  return unprocessable(
    "invalid_rows",
    message("invalid_rows", { count: errors.length, first: first ? describeRowError(first) : "" }),
    errors,
  );
}

/**
 * Schools of a campaign: the import templates, the list, the CSV/XLSX import
 * (all or nothing) and the edit of one school, both audit-logged.
 */
export function schoolRoutes(deps: SchoolRouteDeps) {
  const { db, config } = deps;
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  /** The school of the path's `:schoolId` in this campaign: 404 when malformed, unknown or another's. */
  async function schoolOf(c: Context<StaffEnv>, campaignId: number) {
    const schoolId = Number(c.req.param("schoolId"));
    const school =
      Number.isSafeInteger(schoolId) && schoolId > 0 ? await findSchool(db, schoolId) : undefined;
    if (!school || school.campaignId !== campaignId) throw notFound();
    return school;
  }

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/schools/template.csv",
        tag: "schools",
        access: "schools.read",
        summary: {
          zh: "学校名单 CSV 模板（中文表头）",
          en: "School list template, CSV (Chinese headings)",
        },
        responses: { 200: { description: "CSV with a byte-order mark", contentType: "text/csv" } },
      },
      (c) => {
        c.header("Content-Type", "text/csv; charset=utf-8");
        attachment(c, "schools-template.csv", "学校名单模板.csv");
        return c.body(schoolTemplateCsv());
      },
    )
    .route(
      {
        method: "get",
        path: "/schools/template.xlsx",
        tag: "schools",
        access: "schools.read",
        summary: {
          zh: "学校名单 Excel 模板（中文表头、示例行、填写说明工作表）",
          en: "School list template, XLSX (Chinese headings, an example row, a sheet explaining each column)",
        },
        responses: { 200: { description: "XLSX workbook", contentType: xlsxMediaType } },
      },
      async (c) => {
        const bytes = await schoolTemplateXlsx();
        c.header("Content-Type", xlsxMediaType);
        attachment(c, "schools-template.xlsx", "学校名单模板.xlsx");
        return c.body(new Uint8Array(bytes));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/schools",
        tag: "schools",
        access: "schools.read",
        summary: {
          zh: "调查活动的学校（学校账号仅见本校）",
          en: "A campaign's schools (a school account sees its own only)",
        },
        responses: {
          200: { description: "{ schools: School[] }", contentType: "application/json" },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const own = await ownSchoolId(db, c.get("staff").user, campaign.id);
        // A school account whose school is not in this campaign must not see everyone's.
        if (own === null) return c.json({ schools: [] });
        return c.json({ schools: await listSchools(db, campaign.id, own ?? null) });
      },
    )
    .route(
      {
        method: "post",
        path: "/campaigns/:id/schools/import",
        tag: "schools",
        access: "schools.manage",
        summary: {
          zh: "导入学校名单（CSV 或 XLSX；有任何错误行则整个文件不导入；尚无校门海报链接的学校随之获得一个）",
          en: "Import a school list (CSV or XLSX; a file with any bad row is refused whole; a school without a poster link gets one with it)",
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
      async (c) => {
        const { id } = await campaignOf(c);
        const upload = await readSpreadsheetUpload(c, maxImportBytes, {
          csv: importSchoolsCsv,
          xlsx: importSchoolsXlsx,
        });
        if (!upload.ok) throw invalidRows(upload.errors);
        const rows = upload.schools;
        // A school added mid-campaign gets the poster link every school got at set-up, with it.
        const { summary, posterLinks } = await db.transaction().execute(async (trx) => {
          const summary = await upsertSchools(trx, id, rows);
          const codes = rows.map((r) => r.code);
          return { summary, posterLinks: await deps.addPosterLinks(trx, id, codes) };
        });
        deps.schools.invalidate(id);
        await audit(db, c, {
          action: "schools.import",
          target: `campaign:${id}`,
          details: { ...summary, rows: rows.length, posterLinks },
        });
        return c.json({ ...summary, total: rows.length });
      },
    )
    .route(
      {
        method: "patch",
        path: "/campaigns/:id/schools/:schoolId",
        tag: "schools",
        access: "schools.manage",
        summary: {
          zh: "修改学校：名称、乡镇、城乡类型、学段、各学段在校生数、教师数、办学性质、举办者、学校类别（记入审计日志）",
          en: "Edit a school: name, town, area type, levels, enrolment per level, teachers, ownership, operator, kind (audit-logged)",
        },
        body: { schema: schoolPatchSchema, maxBytes: maxPatchBytes },
        responses: { 200: { description: "{ school: School }", contentType: "application/json" } },
        errors: { 422: "invalid_school: levels and enrolment disagree" },
      },
      async (c) => {
        const { id } = await campaignOf(c);
        const school = await schoolOf(c, id);
        const body = await readJsonBody(c, schoolPatchSchema, maxPatchBytes);
        const updated = await updateSchool(db, school.id, checkedSchoolChanges(school, body));
        if (!updated) throw notFound();
        deps.schools.invalidate(id);
        await audit(db, c, {
          action: "school.update",
          target: `school:${school.id}`,
          details: { campaignId: id, changes: body },
        });
        return c.json({ school: updated });
      },
    );
}
