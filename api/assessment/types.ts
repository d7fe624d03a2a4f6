// The JSON the assessment endpoints answer with, as the staff pages read it (import type only).
import type { z } from "zod";
import type { Label } from "../../analysis/index.ts";
import type { Jsonified } from "../http/json-types.ts";
import type { coefficientWhatIf, coefficientsView } from "./assessment-coefficients.ts";
import type { saveIndicators } from "./assessment-indicators.ts";
import type { budgetView, governmentScoreView } from "./assessment-inputs.ts";
import type { assessmentReadiness } from "./assessment-readiness.ts";
import type { vetoChecklist, vetoItemView } from "./assessment-vetoes.ts";
import type { AssessmentSettingsRow } from "./inputs-repository.ts";
import type {
  assessmentSettingsBodySchema,
  budgetYearsBodySchema,
  governmentScoreBodySchema,
} from "./routes-inputs.ts";
import type { vetoEntryBodySchema } from "./routes-vetoes.ts";

export type { Label };

/** `GET /api/campaigns/:id/readiness`: every criterion with the figures behind it. */
export type ReadinessView = Jsonified<Awaited<ReturnType<typeof assessmentReadiness>>>;
export type ReadinessCriterion = ReadinessView["criteria"][number];

/** `GET /api/campaigns/:id/difference-coefficients`. */
export type CoefficientsView = Jsonified<ReturnType<typeof coefficientsView>>;
export type LevelEvaluationView = CoefficientsView["levels"][number];

/** `GET /api/campaigns/:id/difference-coefficients/what-if`. */
export type WhatIfView = Jsonified<ReturnType<typeof coefficientWhatIf>>;

/** `GET /api/campaigns/:id/vetoes`. */
export type VetoChecklistView = Jsonified<Awaited<ReturnType<typeof vetoChecklist>>>;
/** One item: `GET`/`PUT /api/campaigns/:id/vetoes/:itemId`. */
export type VetoItemView = Jsonified<Awaited<ReturnType<typeof vetoItemView>>>;

/** `GET`/`PUT /api/campaigns/:id/government-score`. */
export type GovernmentScoreView = Jsonified<Awaited<ReturnType<typeof governmentScoreView>>>;

/** `GET`/`PUT /api/campaigns/:id/budget-years`. */
export type BudgetYearsView = Jsonified<Awaited<ReturnType<typeof budgetView>>>;

/** `GET`/`PUT /api/campaigns/:id/assessment-settings`. */
export type AssessmentSettingsView = Jsonified<AssessmentSettingsRow>;

/** `POST /api/campaigns/:id/school-indicators/import`: rows saved and rows read. */
export type IndicatorImportSummary = Awaited<ReturnType<typeof saveIndicators>> & { total: number };

/** Request bodies, as the routes' schemas accept them. */
export type VetoEntryBody = z.input<typeof vetoEntryBodySchema>;
export type GovernmentScoreBody = z.input<typeof governmentScoreBodySchema>;
export type BudgetYearsBody = z.input<typeof budgetYearsBodySchema>;
export type BudgetYearBody = BudgetYearsBody["years"][number];
export type AssessmentSettingsBody = z.input<typeof assessmentSettingsBodySchema>;
