import {
  type CoefficientInput,
  type CoefficientOptions,
  type Level,
  type SchemeEvaluation,
  evaluateScheme,
  leftOutSchools,
  whatIf,
  whatIfAtCountyMean,
} from "../../analysis/assessment/index.ts";
import { AppError } from "../http/errors.ts";
import { assessmentMessage } from "./messages.ts";
import type { AssessmentContext } from "./assessment-context.ts";

export const assessedLevels: readonly Level[] = ["primary", "junior"];

/**
 * Per level, every indicator's difference coefficient with the schools included, their variance
 * shares, the top contributors and the borderline marks (docs/assessment.md, Difference
 * coefficients). A level with no school part at all is left out (its balance stays unknown on the
 * readiness page).
 */
export function levelEvaluations(context: AssessmentContext): SchemeEvaluation[] {
  return assessedLevels
    .filter((level) => context.schools.parts.some((p) => p.level === level))
    .map((level) => evaluateScheme(context.scheme, level, context.schools.parts));
}

export interface WhatIfQuery {
  indicator: string;
  school: string;
  level?: Level | undefined;
  /** The resource R_i to try; absent: the county mean. */
  value?: number | undefined;
}

/** The what-if of one school part on one indicator (analysis/assessment/what-if.ts). */
export function coefficientWhatIf(context: AssessmentContext, query: WhatIfQuery) {
  const { scheme } = context;
  const indicator = scheme.indicators[query.indicator];
  if (!indicator) {
    throw new AppError(
      "not_found",
      assessmentMessage("unknownIndicator", { indicator: query.indicator }),
    );
  }
  const candidates = context.schools.parts.filter(
    (p) =>
      (p.schoolId === query.school || p.parentSchoolId === query.school) &&
      (query.level === undefined || p.level === query.level),
  );
  if (candidates.length > 1) {
    throw new AppError("level_needed", assessmentMessage("levelNeeded"));
  }
  const part = candidates[0];
  const notIncluded = () =>
    new AppError("not_found", assessmentMessage("schoolNotIncluded", { school: query.school }));
  if (!part) throw notIncluded();
  const inputs: CoefficientInput[] = context.schools.parts
    .filter((p) => p.level === part.level)
    .map((p) => ({
      schoolId: p.schoolId,
      students: p.students,
      resource: p.resources[indicator.resource],
      ...(p.kind === undefined ? {} : { kind: p.kind }),
      ...(p.ownership === undefined ? {} : { ownership: p.ownership }),
      ...(p.operator === undefined ? {} : { operator: p.operator }),
    }));
  const options: CoefficientOptions = {
    ...scheme.exclusions,
    scale: indicator.scale,
    threshold: scheme.balance.aggregation === "each" ? scheme.balance.threshold[part.level] : null,
  };
  const before = evaluateScheme(scheme, part.level, context.schools.parts);
  const included = before.indicators
    .find((i) => i.indicatorId === query.indicator)
    ?.coefficient.schools.some((s) => s.schoolId === part.schoolId);
  if (!included) throw notIncluded();
  const result =
    query.value === undefined
      ? whatIfAtCountyMean(inputs, part.schoolId, options)
      : whatIf(inputs, part.schoolId, query.value, options);
  if (result === null) throw new AppError("no_coefficient", assessmentMessage("noCoefficient"));
  return { indicator: query.indicator, level: part.level, ...result };
}

/** The coefficients page: the scheme's thresholds and indicators beside every level's evaluation. */
export function coefficientsView(context: AssessmentContext) {
  return {
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
    exclusions: context.scheme.exclusions,
    leftOut: leftOutSchools(context.scheme.exclusions, context.schools.parts),
    withoutData: context.schools.withoutData,
    splitWarnings: context.schools.warnings,
    schoolNames: context.schools.names,
  };
}
