/**
 * The public surface of the analysis: pure functions, numbers in, numbers out.
 * Nothing here imports I/O, the database or the web framework. The respondent-level reference
 * implementations the tests check the cell-based report against live in reference/ and are not
 * part of this surface.
 */
export { type SampleScheme, type SampleTarget, sampleTarget } from "./sample-size.ts";

// Satisfaction and awareness: definitions, weights, estimates (R's survey package as referee).
export {
  type AnalysisConfig,
  type SatisfactionDefinition,
  analysisConfig,
  defaultAnalysisConfig,
  definitionScale,
} from "./analysis-config.ts";
export {
  type SatisfactionScale,
  type ScaleOptionValue,
  type ScalePoints,
  scaleAnalysisDefaults,
  scaleOfValues,
  scaleOptionValues,
  scalePoints,
  scaleValues,
} from "./satisfaction-scale.ts";
export {
  type Answers,
  itemValue,
  itemValues,
  respondentValue,
  respondentValues,
} from "./respondent-value.ts";
export { type WeightAudit, weightAudit } from "./weight-audit.ts";
export {
  type DomainEstimate,
  type Domains,
  type SurveyDesign,
  domainEstimates,
  stratifiedEstimate,
} from "./domain-estimates.ts";
export type { Interval, IntervalMethod } from "./interval.ts";
export { logitInterval } from "./logit-interval.ts";
export { kornGraubardInterval } from "./korn-graubard-interval.ts";
export { clopperPearsonInterval } from "./clopper-pearson-interval.ts";
export { tInterval } from "./t-interval.ts";
export {
  type Figure,
  type FigureInput,
  type Measure,
  type Scale,
  estimateFigure,
  figureIntervals,
  smallSampleBelow,
} from "./estimate-figure.ts";
export { type Verdict, type VerdictKind, lowerBound, verdict } from "./verdict.ts";

// The same analysis from cells counted by the database (or from an export file), and the report.
export {
  type Cell,
  type ValueStats,
  emptyValueStats,
  reportDay,
  reportTimeZoneOffsetMinutes,
} from "./cells.ts";
export { type RespondentRow, cellsFromRespondents } from "./cells-from-respondents.ts";
export {
  type CellDesign,
  type CellGroupWeighting,
  type CellValues,
  type CellWeightingInput,
  type WeightedCellDesign,
  cellDesign,
  cellEstimates,
  cellPartition,
  cellValues,
  cellWeightAudit,
} from "./cell-estimates.ts";
export {
  type AnalysisReport,
  type AreaType,
  type GroupWeights,
  type Pair,
  type ReportBreakdownRow,
  type ReportChannel,
  type ReportCi,
  type ReportEntry,
  type ReportExclusions,
  type ReportFigure,
  type ReportInput,
  type ReportMeasure,
  type ReportSchool,
  type ReportVersionCount,
  type ReportWarning,
  analysisReport,
} from "./analysis-report.ts";
export { cellKey, mergeCell, mergeCellLists, mergeStats, sortCells } from "./merge-cells.ts";
export { reportGroupOrder } from "./report-tables.ts";
export { type ShareBasis } from "./report-weighting.ts";
export {
  type SmallCount,
  type SuppressedCount,
  type SuppressedReport,
  smallCount,
  smallCountBelow,
  suppressSmallCounts,
} from "./suppress-small-counts.ts";

// Distributions (stdlib's qbeta and qt behind our conventions), checked against R's pbeta,
// qbeta, qt and qnorm.
export { type BetaTails, incompleteBeta, incompleteBetaTails } from "./incomplete-beta.ts";
export {
  type BetaPoint,
  inverseIncompleteBeta,
  inverseIncompleteBetaPoint,
} from "./inverse-incomplete-beta.ts";
export { studentTQuantile } from "./student-t-quantile.ts";
export { normalQuantile } from "./normal-quantile.ts";
export { largestRemainder } from "./largest-remainder.ts";
export { type SamplePlan, type SamplePlanInput, samplePlan } from "./sample-plan.ts";
export { type RespondentCategory, respondentCategories } from "./respondent-categories.ts";
export {
  type GradeBand,
  gradeBandCounts,
  gradeBandOf,
  gradeBandTargets,
  gradeBands,
  gradeQuestion,
} from "./grade-bands.ts";
export {
  type AnswerMode,
  type CallOutcomes,
  type ModeReturn,
  type ReturnLink,
  type ReturnRate,
  type ValidReturnRates,
  answerModes,
  callsInBase,
  noCalls,
  validReturnLine,
  validReturnRates,
} from "./valid-return-rate.ts";

export * from "./assessment/index.ts";
