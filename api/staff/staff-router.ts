import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { ApiRouter } from "../http/api-router.ts";
import { type Permission, rolesWith } from "./permissions.ts";
import { type StaffEnv, requirePermission, requireStaff } from "./require-staff.ts";

/** Who may call a route: anyone, any signed-in account, or accounts holding a permission. */
export type RouteAccess = "public" | "signed-in" | Permission;

export interface StaffRouterDeps {
  db: Kysely<Database>;
  /** The clock for sessions (tests move it); defaults to the system clock. */
  now?: () => Date;
}

/**
 * A router whose routes state their permission: a staff route gets the session check
 * (401, and 403 `csrf_failed` for a state-changing request without the token), then
 * the permission check (403 `forbidden`); the OpenAPI document lists the roles holding it.
 */
export function staffRouter(deps: StaffRouterDeps, basePath = "/api") {
  const session = requireStaff(deps);
  return new ApiRouter<StaffEnv, RouteAccess>({
    basePath,
    guard: (access) =>
      access === "public"
        ? []
        : access === "signed-in"
          ? [session]
          : [session, requirePermission(access)],
    describe: (access) =>
      access === "public"
        ? "public"
        : access === "signed-in"
          ? "staff"
          : { permission: access, roles: rolesWith(access) },
  });
}
