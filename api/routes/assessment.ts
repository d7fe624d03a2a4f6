import { Hono } from "hono";
import type { StaffEnv } from "../auth/require-staff.ts";
import type { ApiOperation } from "../openapi/registry.ts";
import type { AssessmentRouteDeps } from "./assessment-common.ts";
import { assessmentDataOperations, assessmentDataRoutes } from "./assessment-data.ts";
import { assessmentInputOperations, assessmentInputRoutes } from "./assessment-inputs.ts";
import { assessmentResultOperations, assessmentResultRoutes } from "./assessment-results.ts";
import { assessmentVetoOperations, assessmentVetoRoutes } from "./assessment-vetoes.ts";

/**
 * The assessment beside the survey (issue 5), mounted under /api: school figures, hand-entered
 * inputs, the veto checklist with evidence, and the computed coefficients and readiness.
 */
export function assessmentRoutes(deps: AssessmentRouteDeps): Hono<StaffEnv> {
  return new Hono<StaffEnv>()
    .route("/", assessmentDataRoutes(deps))
    .route("/", assessmentInputRoutes(deps))
    .route("/", assessmentVetoRoutes(deps))
    .route("/", assessmentResultRoutes(deps));
}

export const assessmentOperations: ApiOperation[] = [
  ...assessmentDataOperations,
  ...assessmentInputOperations,
  ...assessmentVetoOperations,
  ...assessmentResultOperations,
];
