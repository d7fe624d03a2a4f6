import { Hono } from "hono";
import type { StaffEnv } from "../staff/require-staff.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";
import type { AssessmentRouteDeps } from "./routes-common.ts";
import { assessmentDataOperations, assessmentDataRoutes } from "./routes-data.ts";
import { assessmentInputOperations, assessmentInputRoutes } from "./routes-inputs.ts";
import { assessmentResultOperations, assessmentResultRoutes } from "./routes-results.ts";
import { assessmentVetoOperations, assessmentVetoRoutes } from "./routes-vetoes.ts";

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
