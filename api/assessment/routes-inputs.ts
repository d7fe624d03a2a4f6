import { Hono } from "hono";
import { z } from "zod";
import {
  applySchemeOverrides,
  governmentScore,
  governmentScoreErrors,
  schemes,
  threeGrowths,
} from "../../analysis/assessment/index.ts";
import { type StaffEnv, requireRole, requireStaff } from "../staff/require-staff.ts";
import type { Campaign } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { assessmentMessage } from "./messages.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import {
  assessmentSettings,
  budgetYears,
  governmentScores,
  replaceBudgetYears,
  saveAssessmentSettings,
  saveGovernmentScores,
} from "./inputs-repository.ts";
import { campaignScheme, overridesError } from "./assessment-scheme.ts";
import { type AssessmentRouteDeps, auditor, campaignLoader } from "./routes-common.ts";

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

/**
 * The figures staff enter by hand (issue 5 §6): the government work score, the budget series
 * for "three growths", the disabled-children enrolment rate and the province's scheme overrides.
 */
export function assessmentInputRoutes(deps: AssessmentRouteDeps): Hono<StaffEnv> {
  const { db, config } = deps;
  const staff = requireStaff({ db, now: deps.now });
  const readers = requireRole("admin", "viewer");
  const admin = requireRole("admin");
  const campaignOf = campaignLoader(db);
  const audit = auditor(config);

  async function schemeOf(campaign: Campaign) {
    const settings = await assessmentSettings(db, campaign.id);
    return campaignScheme(campaign.scheme, settings.schemeOverrides);
  }

  async function scoreView(campaign: Campaign) {
    const scheme = await schemeOf(campaign);
    const config_ = scheme.governmentScore;
    const scores = await governmentScores(db, campaign.id);
    if (config_ === null) return { passMark: null, indicators: [], summary: null };
    const bad = new Set(governmentScoreErrors(config_, scores).map((e) => e.indicatorId));
    const usable = Object.fromEntries(Object.entries(scores).filter(([id]) => !bad.has(id)));
    return {
      passMark: config_.passMark,
      indicators: Object.entries(config_.indicators).map(([id, indicator]) => ({
        id,
        ...indicator,
        score: usable[id] ?? null,
      })),
      summary: governmentScore(config_, usable),
    };
  }

  async function budgetView(campaign: Campaign) {
    const scheme = await schemeOf(campaign);
    const years = await budgetYears(db, campaign.id);
    return {
      years,
      threeGrowths: years.length > 0 ? threeGrowths(years, scheme.threeGrowths) : null,
    };
  }

  return new Hono<StaffEnv>()
    .get("/campaigns/:id/government-score", staff, readers, async (c) => {
      return c.json(await scoreView(await campaignOf(c)));
    })
    .put("/campaigns/:id/government-score", staff, admin, async (c) => {
      const campaign = await campaignOf(c);
      const body = await readJsonBody(c, governmentScoreBodySchema, maxBytes);
      const scheme = await schemeOf(campaign);
      if (scheme.governmentScore === null) {
        throw new AppError(422, "no_government_score", assessmentMessage("noGovernmentScore"));
      }
      const errors = governmentScoreErrors(scheme.governmentScore, body.scores);
      if (errors.length > 0) {
        const detail = errors.map((e) => `${e.indicatorId}: ${e.code}`).join(", ");
        throw new AppError(
          422,
          "invalid_scores",
          assessmentMessage("governmentScores", { detail }),
          errors,
        );
      }
      await db.transaction().execute(async (trx) => {
        await saveGovernmentScores(trx, campaign.id, body.scores, c.get("staff").user.username);
        await audit(trx, c, "assessment.government_score.update", `campaign:${campaign.id}`, {
          scores: body.scores,
        });
      });
      return c.json(await scoreView(campaign));
    })
    .get("/campaigns/:id/budget-years", staff, readers, async (c) => {
      return c.json(await budgetView(await campaignOf(c)));
    })
    .put("/campaigns/:id/budget-years", staff, admin, async (c) => {
      const campaign = await campaignOf(c);
      const body = await readJsonBody(c, budgetYearsBodySchema, maxBytes);
      const years = [...body.years].sort((a, b) => a.year - b.year);
      await db.transaction().execute(async (trx) => {
        await replaceBudgetYears(trx, campaign.id, years, c.get("staff").user.username);
        await audit(trx, c, "assessment.budget_years.update", `campaign:${campaign.id}`, {
          years: years.map((y) => y.year),
        });
      });
      return c.json(await budgetView(campaign));
    })
    .get("/campaigns/:id/assessment-settings", staff, readers, async (c) => {
      const campaign = await campaignOf(c);
      return c.json(await assessmentSettings(db, campaign.id));
    })
    .put("/campaigns/:id/assessment-settings", staff, admin, async (c) => {
      const campaign = await campaignOf(c);
      const body = await readJsonBody(c, assessmentSettingsBodySchema, maxBytes);
      if (body.schemeOverrides !== null) {
        const checked = applySchemeOverrides(schemes[campaign.scheme], body.schemeOverrides);
        if (!checked.ok) throw overridesError(checked.issues);
      }
      await db.transaction().execute(async (trx) => {
        await saveAssessmentSettings(trx, campaign.id, body, c.get("staff").user.username);
        await audit(trx, c, "assessment.settings.update", `campaign:${campaign.id}`, {
          disabledEnrolmentRate: body.disabledEnrolmentRate,
          schemeOverrides: body.schemeOverrides !== null,
        });
      });
      return c.json(await assessmentSettings(db, campaign.id));
    });
}

const campaign = "/api/campaigns/:id";

export const assessmentInputOperations: ApiOperation[] = [
  {
    method: "get",
    path: `${campaign}/government-score`,
    tag: "assessment",
    access: ["admin", "viewer"],
    summary: {
      zh: "政府推进工作评分：各指标得分与合计",
      en: "Government work score: points per indicator and the total",
    },
    responses: {
      200: { description: "{ passMark, indicators, summary }", contentType: "application/json" },
    },
  },
  {
    method: "put",
    path: `${campaign}/government-score`,
    tag: "assessment",
    access: ["admin"],
    summary: {
      zh: "录入政府推进工作评分（null 清除；记入审计日志）",
      en: "Enter government work scores (null clears one; audit-logged)",
    },
    body: { schema: governmentScoreBodySchema, maxBytes },
    responses: {
      200: { description: "{ passMark, indicators, summary }", contentType: "application/json" },
    },
    errors: { 422: "invalid_scores (unknown indicator, out of range) or no_government_score" },
  },
  {
    method: "get",
    path: `${campaign}/budget-years`,
    tag: "assessment",
    access: ["admin", "viewer"],
    summary: {
      zh: "“三个增长”年度经费数据与逐年判定",
      en: "The yearly budget series and the “three growths” per year",
    },
    responses: { 200: { description: "{ years, threeGrowths }", contentType: "application/json" } },
  },
  {
    method: "put",
    path: `${campaign}/budget-years`,
    tag: "assessment",
    access: ["admin"],
    summary: {
      zh: "保存年度经费数据（整体替换；记入审计日志）",
      en: "Save the yearly budget series (replaces it whole; audit-logged)",
    },
    body: { schema: budgetYearsBodySchema, maxBytes },
    responses: { 200: { description: "{ years, threeGrowths }", contentType: "application/json" } },
  },
  {
    method: "get",
    path: `${campaign}/assessment-settings`,
    tag: "assessment",
    access: ["admin", "viewer"],
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
  {
    method: "put",
    path: `${campaign}/assessment-settings`,
    tag: "assessment",
    access: ["admin"],
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
];
