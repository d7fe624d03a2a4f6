import { analysisOperations } from "../routes/analysis.ts";
import { assessmentOperations } from "../routes/assessment.ts";
import { campaignOperations } from "../routes/campaigns.ts";
import { channelOperations } from "../routes/channels.ts";
import { dashboardOperations } from "../routes/dashboard.ts";
import { integrityOperations } from "../routes/integrity.ts";
import { schoolOperations } from "../routes/schools.ts";
import { visitOperations } from "../routes/visits.ts";
import { coreOperations } from "./core-operations.ts";
import type { ApiOperation } from "./registry.ts";

/**
 * Every `/api` operation of the app. A route module describes its own routes
 * next to their schemas and is listed here; tests/api/openapi.test.ts fails
 * when this list and the app's routes differ.
 */
export const apiOperations: readonly ApiOperation[] = [
  ...coreOperations,
  ...campaignOperations,
  ...schoolOperations,
  ...channelOperations,
  ...dashboardOperations,
  ...visitOperations,
  ...integrityOperations,
  ...analysisOperations,
  ...assessmentOperations,
];
