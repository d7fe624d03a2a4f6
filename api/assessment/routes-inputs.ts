import { z } from "zod";
import { staffAuditor } from "../staff/index.ts";
import { campaignLoader } from "../campaigns/index.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { budgetView, checkGovernmentScores, governmentScoreView } from "./assessment-inputs.ts";
import { checkSchemeOverrides, storedCampaignScheme } from "./assessment-scheme.ts";
import {
  assessmentSettings,
  replaceBudgetYears,
  saveAssessmentSettings,
  saveGovernmentScores,
} from "./inputs-repository.ts";
import type { AssessmentRouteDeps, AssessmentRouter } from "./routes-common.ts";

const maxBytes = 64 * 1024;
const yuan = z.number().min(0).max(1e15).nullable();
const perLevel = z.strictObject({ primary: yuan.optional(), junior: yuan.optional() });

/** `PUT /api/campaigns/:id/government-score`: points per indicator id; null clears one. */
export const governmentScoreBodySchema = z.strictObject({
  scores: z.record(z.string().min(1).max(64), z.number().nullable()),
});

/** `PUT /api/campaigns/:id/budget-years`: the whole yearly series (yuan), replacing the stored one. */
export const budgetYearsBodySchema = z.strictObject({
  years: z
    .array(
      z.strictObject({
        year: z.int().min(1990).max(2100),
        educationAppropriation: yuan,
        regularFiscalRevenue: yuan,
        staffPay: yuan,
        perStudentSpending: perLevel,
        perStudentPublicFunds: perLevel,
      }),
    )
    .max(50)
    .refine((ys) => new Set(ys.map((y) => y.year)).size === ys.length, {
      message: "years repeat",
    }),
});

/** `PUT /api/campaigns/:id/assessment-settings`: the disabled-children rate and province overrides. */
export const assessmentSettingsBodySchema = z.strictObject({
  disabledEnrolmentRate: z.number().min(0).max(1).nullable(),
  schemeOverrides: z.record(z.string(), z.unknown()).nullable(),
});

const campaignPath = "/campaigns/:id";

/**
 * The figures staff enter by hand: the government work score, the budget series
 * for "three growths", the disabled-children enrolment rate and the province's scheme overrides.
 */
export function assessmentInputRoutes(router: AssessmentRouter, deps: AssessmentRouteDeps) {
  const { db, config } = deps;
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);

  return router
    .route(
      {
        method: "get",
        path: `${campaignPath}/government-score`,
        tag: "assessment",
        access: "assessment.read",
        summary: {
          zh: "政府推进工作评分：各指标得分与合计",
          en: "Government work score: points per indicator and the total",
        },
        responses: {
          200: {
            description: "{ passMark, indicators, summary }",
            contentType: "application/json",
          },
        },
      },
      async (c) => c.json(await governmentScoreView(db, await campaignOf(c))),
    )
    .route(
      {
        method: "put",
        path: `${campaignPath}/government-score`,
        tag: "assessment",
        access: "assessment.manage",
        summary: {
          zh: "录入政府推进工作评分（null 清除；记入审计日志）",
          en: "Enter government work scores (null clears one; audit-logged)",
        },
        body: { schema: governmentScoreBodySchema, maxBytes },
        responses: {
          200: {
            description: "{ passMark, indicators, summary }",
            contentType: "application/json",
          },
        },
        errors: { 422: "invalid_scores (unknown indicator, out of range) or no_government_score" },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const body = await readJsonBody(c, governmentScoreBodySchema, maxBytes);
        checkGovernmentScores(await storedCampaignScheme(db, campaign), body.scores);
        await db.transaction().execute(async (trx) => {
          await saveGovernmentScores(trx, campaign.id, body.scores, c.get("staff").user.username);
          await audit(trx, c, {
            action: "assessment.government_score.update",
            target: `campaign:${campaign.id}`,
            details: { scores: body.scores },
          });
        });
        return c.json(await governmentScoreView(db, campaign));
      },
    )
    .route(
      {
        method: "get",
        path: `${campaignPath}/budget-years`,
        tag: "assessment",
        access: "assessment.read",
        summary: {
          zh: "“三个增长”年度经费数据与逐年判定",
          en: "The yearly budget series and the “three growths” per year",
        },
        responses: {
          200: { description: "{ years, threeGrowths }", contentType: "application/json" },
        },
      },
      async (c) => c.json(await budgetView(db, await campaignOf(c))),
    )
    .route(
      {
        method: "put",
        path: `${campaignPath}/budget-years`,
        tag: "assessment",
        access: "assessment.manage",
        summary: {
          zh: "保存年度经费数据（整体替换；记入审计日志）",
          en: "Save the yearly budget series (replaces it whole; audit-logged)",
        },
        body: { schema: budgetYearsBodySchema, maxBytes },
        responses: {
          200: { description: "{ years, threeGrowths }", contentType: "application/json" },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const body = await readJsonBody(c, budgetYearsBodySchema, maxBytes);
        const years = [...body.years].sort((a, b) => a.year - b.year);
        await db.transaction().execute(async (trx) => {
          await replaceBudgetYears(trx, campaign.id, years, c.get("staff").user.username);
          await audit(trx, c, {
            action: "assessment.budget_years.update",
            target: `campaign:${campaign.id}`,
            details: { years: years.map((y) => y.year) },
          });
        });
        return c.json(await budgetView(db, campaign));
      },
    )
    .route(
      {
        method: "get",
        path: `${campaignPath}/assessment-settings`,
        tag: "assessment",
        access: "assessment.read",
        summary: {
          zh: "评估设置：残疾儿童入学率、省级方案调整",
          en: "Assessment settings: disabled-children enrolment rate, province overrides",
        },
        responses: {
          200: {
            description: "{ disabledEnrolmentRate, schemeOverrides }",
            contentType: "application/json",
          },
        },
      },
      async (c) => c.json(await assessmentSettings(db, (await campaignOf(c)).id)),
    )
    .route(
      {
        method: "put",
        path: `${campaignPath}/assessment-settings`,
        tag: "assessment",
        access: "assessment.manage",
        summary: {
          zh: "保存评估设置（记入审计日志）",
          en: "Save the assessment settings (audit-logged)",
        },
        body: { schema: assessmentSettingsBodySchema, maxBytes },
        responses: {
          200: {
            description: "{ disabledEnrolmentRate, schemeOverrides }",
            contentType: "application/json",
          },
        },
        errors: { 422: "invalid_overrides: the merged scheme is not valid" },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const body = await readJsonBody(c, assessmentSettingsBodySchema, maxBytes);
        if (body.schemeOverrides !== null)
          checkSchemeOverrides(campaign.scheme, body.schemeOverrides);
        await db.transaction().execute(async (trx) => {
          await saveAssessmentSettings(trx, campaign.id, body, c.get("staff").user.username);
          await audit(trx, c, {
            action: "assessment.settings.update",
            target: `campaign:${campaign.id}`,
            details: {
              disabledEnrolmentRate: body.disabledEnrolmentRate,
              schemeOverrides: body.schemeOverrides !== null,
            },
          });
        });
        return c.json(await assessmentSettings(db, campaign.id));
      },
    );
}
