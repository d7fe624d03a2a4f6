import type { Kysely } from "kysely";
import type { ApiRouter } from "../http/api-router.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import type { RouteAccess, StaffEnv } from "../staff/index.ts";

export interface AssessmentRouteDeps {
  db: Kysely<Database>;
  config: Config;
  now?: () => Date;
}

/** The one router every assessment route file adds its routes to (see routes.ts). */
export type AssessmentRouter = ApiRouter<StaffEnv, RouteAccess>;
