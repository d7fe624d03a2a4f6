// The assessment feature: school figures, hand-entered inputs, the veto checklist with evidence, coefficients and readiness.
export { type NewSchoolIndicator, upsertSchoolIndicators } from "./indicators-repository.ts";
export {
  replaceBudgetYears,
  saveAssessmentSettings,
  saveGovernmentScores,
} from "./inputs-repository.ts";
export { assessmentRoutes } from "./routes.ts";
export { saveVetoEntry } from "./vetoes-repository.ts";
