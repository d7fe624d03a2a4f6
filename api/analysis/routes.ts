import type { Kysely } from "kysely";
import { suppressSmallCounts } from "../../analysis/suppress-small-counts.ts";
import { campaignLoader } from "../campaigns/index.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { attachment } from "../http/attachment.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { listSchools, schoolsCsv } from "../schools/index.ts";
import { can, staffAuditor, staffRouter } from "../staff/index.ts";
import { AnalysisCellCache } from "./analysis-cell-cache.ts";
import { analysisSettingsSchema } from "./analysis-settings.ts";
import {
  analysisSettingsView,
  campaignQuestions,
  updateAnalysisSettings,
} from "./analysis-settings-store.ts";
import { campaignReport } from "./campaign-report.ts";
import { reportWorkbook } from "./report-workbook.ts";
import { responsesCsv, responsesXlsx } from "./response-export.ts";

export interface AnalysisRouteDeps {
  db: Kysely<Database>;
  config: Config;
  now?: () => Date;
  /** The counted cells kept between reports; a private one when absent. */
  cellCache?: AnalysisCellCache;
}

const maxSettingsBytes = 16 * 1024;
/** Rows per query of the raw exports (keyset pages). */
const batchSize = 1000;
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The analysis of a campaign: the report (in full with `counts.exact`, otherwise with counts under
 * 5 suppressed; school accounts never; see docs/satisfaction.md, Anonymity and what each role
 * sees), its settings (read with the report, changed with `analysis.manage`, audit-logged) and the
 * exports (`responses.export`, each audit-logged before it streams).
 */
export function analysisRoutes(deps: AnalysisRouteDeps) {
  const { db, config } = deps;
  const cache = deps.cellCache ?? new AnalysisCellCache();
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/campaigns/:id/report",
        tag: "analysis",
        access: "report.read",
        summary: {
          zh: '分析报告：加权满意度及其口径、置信区间、达标结论、知晓度、各维度分组、权重审计（非管理员：少于 5 人的计数显示为 "<5"）',
          en: 'The analysis report: weighted satisfaction with its definition, intervals and verdict, awareness, breakdowns, the weight audit (non-admins: counts under 5 show as "<5")',
        },
        responses: {
          200: {
            description: "AnalysisReport (analysis/analysis-report.ts)",
            contentType: "application/json",
          },
        },
        errors: {
          422: "settings_unusable: the stored analysis settings do not fit the questionnaires",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const report = await campaignReport(db, campaign.id, { cache });
        const exact = can(c.get("staff").user.role, "counts.exact");
        return c.json(exact ? report : suppressSmallCounts(report));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/analysis-settings",
        tag: "analysis",
        access: "report.read",
        summary: {
          zh: "分析设置：已保存的设置、报告所用的完整配置（可作为 npm run analyze 的 --config 文件）、默认值",
          en: "Analysis settings: what is stored, the full config the report runs with (usable as the --config file of npm run analyze), the defaults",
        },
        responses: {
          200: {
            description: "{ settings, updatedAt, config, problems, defaults }",
            contentType: "application/json",
          },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        return c.json(await analysisSettingsView(db, campaign.id));
      },
    )
    .route(
      {
        method: "put",
        path: "/campaigns/:id/analysis-settings",
        tag: "analysis",
        access: "analysis.manage",
        summary: {
          zh: "修改分析设置（口径、题目、选项、权重、达标线、知晓度；记入审计日志）",
          en: "Change the analysis settings (definition, items, options, weights, threshold, awareness; audit-logged)",
        },
        body: { schema: analysisSettingsSchema, maxBytes: maxSettingsBytes },
        responses: {
          200: {
            description: "{ settings, updatedAt, config, problems, defaults }",
            contentType: "application/json",
          },
        },
        errors: {
          422: "invalid_analysis_settings: a named question or option does not fit the questionnaires; details lists each problem",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const settings = await readJsonBody(c, analysisSettingsSchema, maxSettingsBytes);
        await updateAnalysisSettings(db, campaign.id, settings, c.get("staff").user.id);
        await audit(db, c, {
          action: "analysis_settings.update",
          target: `campaign:${campaign.id}`,
          details: { settings },
        });
        return c.json(await analysisSettingsView(db, campaign.id));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/exports/responses.csv",
        tag: "analysis",
        access: "responses.export",
        summary: {
          zh: "导出全部答卷（CSV，UTF-8 带 BOM；每题一列，存选项代码；记入审计日志）",
          en: "Export every response (CSV, UTF-8 with a byte-order mark; a column per question holding option values; audit-logged)",
        },
        responses: { 200: { description: "CSV, streamed", contentType: "text/csv" } },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const { questions } = await campaignQuestions(db, campaign.id);
        await audit(db, c, {
          action: "export.responses_csv",
          target: `campaign:${campaign.id}`,
          details: { format: "csv" },
        });
        c.header("Content-Type", "text/csv; charset=utf-8");
        attachment(c, `campaign-${campaign.id}-responses.csv`, `答卷-${campaign.id}.csv`);
        return c.body(responsesCsv({ db, campaignId: campaign.id, questions, batchSize }));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/exports/responses.xlsx",
        tag: "analysis",
        access: "responses.export",
        summary: {
          zh: "导出全部答卷（Excel：第 1 行中文题目、第 2 行字段名；codebook 工作表列出各题选项；记入审计日志）",
          en: "Export every response (XLSX: Chinese headings in row 1, field names in row 2; a codebook sheet of every option; audit-logged)",
        },
        responses: { 200: { description: "XLSX workbook, streamed", contentType: xlsxType } },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const { questions } = await campaignQuestions(db, campaign.id);
        await audit(db, c, {
          action: "export.responses_xlsx",
          target: `campaign:${campaign.id}`,
          details: { format: "xlsx" },
        });
        c.header("Content-Type", xlsxType);
        attachment(c, `campaign-${campaign.id}-responses.xlsx`, `答卷-${campaign.id}.xlsx`);
        return c.body(responsesXlsx({ db, campaignId: campaign.id, questions, batchSize }));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/exports/report.xlsx",
        tag: "analysis",
        access: "responses.export",
        summary: {
          zh: "导出报告的全部表格（Excel，每个分组一个工作表；记入审计日志）",
          en: "Export every table of the report (XLSX, a sheet per breakdown; audit-logged)",
        },
        responses: { 200: { description: "XLSX workbook", contentType: xlsxType } },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const report = await campaignReport(db, campaign.id, { cache });
        const bytes = await reportWorkbook(report);
        await audit(db, c, {
          action: "export.report_xlsx",
          target: `campaign:${campaign.id}`,
          details: { format: "xlsx", rows: report.sample.rows },
        });
        c.header("Content-Type", xlsxType);
        attachment(c, `campaign-${campaign.id}-report.xlsx`, `分析报告-${campaign.id}.xlsx`);
        return c.body(bytes);
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/exports/schools.csv",
        tag: "analysis",
        access: "responses.export",
        summary: {
          zh: "导出学校名单（npm run analyze 的 --schools 格式，也可再导入；记入审计日志）",
          en: "Export the school list (the --schools format of npm run analyze, importable again; audit-logged)",
        },
        responses: { 200: { description: "CSV with a byte-order mark", contentType: "text/csv" } },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const schools = await listSchools(db, campaign.id);
        await audit(db, c, {
          action: "export.schools_csv",
          target: `campaign:${campaign.id}`,
          details: { format: "csv", rows: schools.length },
        });
        c.header("Content-Type", "text/csv; charset=utf-8");
        attachment(c, `campaign-${campaign.id}-schools.csv`, `学校名单-${campaign.id}.csv`);
        return c.body(schoolsCsv(schools));
      },
    );
}
