import { Hono } from "hono";
import { z } from "zod";
import { type StaffEnv, requireRole, requireStaff } from "../staff/require-staff.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";
import { coefficientWhatIf, levelEvaluations } from "./assessment-coefficients.ts";
import { assessmentContext } from "./assessment-context.ts";
import { isSchoolYear } from "./assessment-indicator-rows.ts";
import { assessmentReadiness } from "./assessment-readiness.ts";
import { type AssessmentRouteDeps, campaignLoader, parseQuery } from "./routes-common.ts";

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

/**
 * What the assessment would find (issue 5 §3, §4, §7): difference coefficients per level and
 * indicator, the what-if of one school, and every criterion side by side. Admin and viewer.
 */
export function assessmentResultRoutes(deps: AssessmentRouteDeps): Hono<StaffEnv> {
  const { db } = deps;
  const staff = requireStaff({ db, now: deps.now });
  const readers = requireRole("admin", "viewer");
  const campaignOf = campaignLoader(db);

  return new Hono<StaffEnv>()
    .get("/campaigns/:id/difference-coefficients", staff, readers, async (c) => {
      const campaign = await campaignOf(c);
      const query = parseQuery(c, coefficientQuerySchema);
      const context = await assessmentContext(db, campaign, query.schoolYear);
      return c.json({
        schemeId: context.scheme.id,
        schoolYear: context.schoolYear,
        aggregation: context.scheme.balance.aggregation,
        thresholds: context.scheme.balance.threshold,
        borderlineMargin: context.scheme.balance.borderlineMargin,
        indicators: Object.entries(context.scheme.indicators).map(([id, i]) => ({
          id,
          label: i.label,
          unit: i.unit,
          scale: i.scale,
        })),
        levels: levelEvaluations(context),
        withoutData: context.schools.withoutData,
        splitWarnings: context.schools.warnings,
        schoolNames: context.schools.names,
      });
    })
    .get("/campaigns/:id/difference-coefficients/what-if", staff, readers, async (c) => {
      const campaign = await campaignOf(c);
      const query = parseQuery(c, whatIfQuerySchema);
      const context = await assessmentContext(db, campaign, query.schoolYear);
      return c.json(coefficientWhatIf(context, query));
    })
    .get("/campaigns/:id/readiness", staff, readers, async (c) => {
      return c.json(await assessmentReadiness(db, await campaignOf(c)));
    });
}

const base = "/api/campaigns/:id";

export const assessmentResultOperations: ApiOperation[] = [
  {
    method: "get",
    path: `${base}/difference-coefficients`,
    tag: "assessment",
    access: ["admin", "viewer"],
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
  {
    method: "get",
    path: `${base}/difference-coefficients/what-if`,
    tag: "assessment",
    access: ["admin", "viewer"],
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
  {
    method: "get",
    path: `${base}/readiness`,
    tag: "assessment",
    access: ["admin", "viewer"],
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
];
