import { z } from "zod";
import { campaignLoader } from "../campaigns/index.ts";
import { readQuery } from "../http/read-query.ts";
import { coefficientWhatIf, coefficientsView } from "./assessment-coefficients.ts";
import { assessmentContext } from "./assessment-context.ts";
import { isSchoolYear } from "./assessment-indicator-rows.ts";
import { assessmentReadiness } from "./assessment-readiness.ts";
import type { AssessmentRouteDeps, AssessmentRouter } from "./routes-common.ts";

const schoolYear = z.string().refine(isSchoolYear, { message: "a school year such as 2025-2026" });

export const coefficientQuerySchema = z.strictObject({ schoolYear: schoolYear.optional() });

export const whatIfQuerySchema = z.strictObject({
  indicator: z.string().min(1).max(64),
  /** A school code, or a part's id such as DS004:primary. */
  school: z.string().min(1).max(80),
  level: z.enum(["primary", "junior"]).optional(),
  /** The raw resource R_i to try (m², yuan, books …); absent: the county mean. */
  value: z
    .string()
    .regex(/^\d{1,15}(?:\.\d{1,6})?$/)
    .transform(Number)
    .optional(),
  schoolYear: schoolYear.optional(),
});

const base = "/campaigns/:id";

/**
 * What the assessment would find: difference coefficients per level and
 * indicator, the what-if of one school, and every criterion side by side. Admin and viewer.
 */
export function assessmentResultRoutes(router: AssessmentRouter, deps: AssessmentRouteDeps) {
  const { db } = deps;
  const campaignOf = campaignLoader(db);

  return router
    .route(
      {
        method: "get",
        path: `${base}/difference-coefficients`,
        tag: "assessment",
        access: "assessment.read",
        query: coefficientQuerySchema,
        summary: {
          zh: "校际差异系数：各学段各指标的差异系数、纳入学校、方差贡献、临界标记",
          en: "Difference coefficients per level and indicator: CV, schools included, variance shares, borderline marks",
        },
        responses: {
          200: {
            description: "{ schemeId, schoolYear, aggregation, thresholds, indicators, levels, … }",
            contentType: "application/json",
          },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const query = readQuery(c, coefficientQuerySchema);
        return c.json(coefficientsView(await assessmentContext(db, campaign, query.schoolYear)));
      },
    )
    .route(
      {
        method: "get",
        path: `${base}/difference-coefficients/what-if`,
        tag: "assessment",
        access: "assessment.read",
        query: whatIfQuerySchema,
        summary: {
          zh: "假设分析：某校资源改为给定值（默认县均值）后的差异系数",
          en: "What-if: the coefficient if one school's resource were a given value (default: the county mean)",
        },
        responses: {
          200: {
            description:
              "{ indicator, level, schoolId, fromResource, toResource, before, after, change }",
            contentType: "application/json",
          },
        },
        errors: { 422: "no_coefficient: the indicator has no coefficient to start from" },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const query = readQuery(c, whatIfQuerySchema);
        const context = await assessmentContext(db, campaign, query.schoolYear);
        return c.json(coefficientWhatIf(context, query));
      },
    )
    .route(
      {
        method: "get",
        path: `${base}/readiness`,
        tag: "assessment",
        access: "assessment.read",
        summary: {
          zh: "评估准备情况：各项条件与一票否决项的达标状态、差距与责任学校或部门",
          en: "Readiness: every criterion with its status, margin and the schools or departments behind it",
        },
        responses: {
          200: {
            description: "{ schemeId, schoolYear, status, criteria, details, schoolNames }",
            contentType: "application/json",
          },
        },
      },
      async (c) => c.json(await assessmentReadiness(db, await campaignOf(c))),
    );
}
