/**
 * The assessment metrics beside the survey: difference coefficients, where to act,
 * the split of multi-level schools, schemes as data, school standards, three growths, the
 * government score and the readiness list. Pure: numbers in, numbers out (docs/assessment.md).
 */
export { type CriterionStatus, allOf } from "./status.ts";
export type {
  Level,
  Operator,
  Ownership,
  Resources,
  SchoolData,
  SchoolKind,
} from "./school-data.ts";
export {
  type CoefficientInput,
  type CoefficientOptions,
  type DifferenceCoefficient,
  type ExcludedSchool,
  type ExclusionReason,
  type IncludedSchool,
  borderlineMargin,
  differenceCoefficient,
  formatCoefficient,
  isBorderline,
} from "./difference-coefficient.ts";
export { type WhatIf, topContributors, whatIf, whatIfAtCountyMean } from "./what-if.ts";
export {
  type PartLevel,
  type SchoolPart,
  type SchoolRecord,
  type SchoolType,
  type SplitWarning,
  compulsoryParts,
  splitSchool,
} from "./split-schools.ts";
export {
  type CoefficientIndicator,
  type GovernmentIndicator,
  type Label,
  type PerLevel,
  type Scheme,
  type SchemeIssue,
  type SchemeResult,
  type SchoolStandardRule,
  type SplitRule,
  type StandardIndicator,
  type StandardMeasure,
  type VetoEvaluation,
  type VetoItem,
  type CheckedItemList,
  checkedItemLists,
  parseScheme,
} from "./scheme.ts";
export { applySchemeOverrides } from "./scheme-overrides.ts";
export {
  type CheckedItem,
  type EnteredFigures,
  type FigureCheck,
  type FigureResult,
  type ItemBasis,
  type ItemCheck,
  type ItemEvaluation,
  type SchoolShare,
  evaluateItem,
  figureErrors,
  figureResult,
} from "./checked-items.ts";
export {
  type ExcludableSchool,
  type KindExclusion,
  type LeftOutSchool,
  type SchemeExclusions,
  kindExclusion,
  leftOutSchools,
} from "./exclusions.ts";
export { type BelowFloor, type ResourceLevel } from "./readiness-resources.ts";
export { basic2012, quality2017, schemes, standardResources } from "./schemes.ts";
export {
  type BalanceJudgement,
  type IndicatorEvaluation,
  type SchemeEvaluation,
  evaluateScheme,
  judgeCoefficients,
} from "./scheme-evaluation.ts";
export {
  type CheckStatus,
  type SchoolStandardResult,
  type SchoolStandards,
  type StandardCheck,
  schoolStandard,
  schoolStandards,
} from "./school-standards.ts";
export {
  type BudgetYear,
  type GrowthCondition,
  type GrowthYear,
  type ThreeGrowths,
  type ThreeGrowthsRule,
  threeGrowths,
} from "./three-growths.ts";
export {
  type GovernmentScore,
  type GovernmentScoreError,
  type GovernmentScores,
  governmentScore,
  governmentScoreErrors,
} from "./government-score.ts";
export {
  type CriterionId,
  type Readiness,
  type ReadinessCriterion,
  type ReadinessInput,
  type SatisfactionInput,
  type VetoEntry,
  readiness,
} from "./readiness.ts";
