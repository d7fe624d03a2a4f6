import { analysisOperations } from "../analysis/routes.ts";
import { assessmentOperations } from "../assessment/routes.ts";
import { campaignOperations } from "../campaigns/routes.ts";
import { channelOperations } from "../channels/routes.ts";
import { dashboardOperations } from "../dashboard/routes.ts";
import { integrityOperations } from "../integrity/routes.ts";
import { schoolOperations } from "../schools/routes.ts";
import { visitOperations } from "../visits/routes.ts";
import { coreOperations } from "./core-operations.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";

/**
 * Every `/api` operation of the app. A route module describes its own routes
 * next to their schemas and is listed here; tests/api/http/openapi.test.ts fails
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
