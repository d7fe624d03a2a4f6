import { staffRouter } from "../staff/index.ts";
import type { AssessmentRouteDeps } from "./routes-common.ts";
import { assessmentDataRoutes } from "./routes-data.ts";
import { assessmentInputRoutes } from "./routes-inputs.ts";
import { assessmentResultRoutes } from "./routes-results.ts";
import { assessmentVetoRoutes } from "./routes-vetoes.ts";

/**
 * The assessment beside the survey, mounted under /api: school figures, hand-entered
 * inputs, the veto checklist with evidence, and the computed coefficients and readiness.
 * One router; each file adds its routes to it.
 */
export function assessmentRoutes(deps: AssessmentRouteDeps) {
  const router = staffRouter(deps);
  assessmentDataRoutes(router, deps);
  assessmentInputRoutes(router, deps);
  assessmentVetoRoutes(router, deps);
  assessmentResultRoutes(router, deps);
  return router;
}
