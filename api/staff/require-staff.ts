import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { type Permission, can } from "./permissions.ts";
import { AppError, forbidden } from "../http/errors.ts";
import { type StaffUser, schoolIdByCode } from "./repository.ts";
import { authMessage } from "./messages.ts";
import { message } from "../http/messages.ts";
import { resolveSession, sessionCookie } from "./sessions.ts";

/** What `requireStaff` puts on the context for the handlers after it. */
export interface StaffContext {
  user: StaffUser;
  sessionId: string;
  csrfToken: string;
}

/** The Hono environment of every staff route: `c.get("staff")`. */
export interface StaffEnv {
  Variables: { staff: StaffContext };
}

export interface RequireStaffDeps {
  db: Kysely<Database>;
  /** The clock (tests move it); defaults to the system clock. */
  now?: () => Date;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Loads the session from the `jh_session` cookie: 401 `unauthenticated`
 * without a live one. Any request other than GET/HEAD/OPTIONS must also
 * carry the session's token in `X-CSRF-Token`: 403 `csrf_failed` otherwise.
 * (SameSite=Strict already keeps the cookie off cross-site requests; the
 * token is the second, independent defence.)
 */
export function requireStaff(deps: RequireStaffDeps): MiddlewareHandler<StaffEnv> {
  const now = deps.now ?? (() => new Date());
  return async (c, next) => {
    const token = getCookie(c, sessionCookie);
    const session = token ? await resolveSession(deps.db, token, now()) : undefined;
    if (!session) {
      throw new AppError("unauthenticated", message("unauthenticated"));
    }
    if (
      !safeMethods.has(c.req.method) &&
      !sameToken(c.req.header("x-csrf-token"), session.csrfToken)
    ) {
      throw new AppError("csrf_failed", message("csrf_failed"));
    }
    c.set("staff", { user: session.user, sessionId: session.id, csrfToken: session.csrfToken });
    c.header("Cache-Control", "no-store");
    await next();
  };
}

/**
 * After `requireStaff`: 403 `forbidden` unless the account's role holds the permission, and
 * 403 `password_change_required` while the account still has a temporary password (only
 * the routes open to any signed-in account, such as the password change, answer then).
 */
export function requirePermission(permission: Permission): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const { user } = c.get("staff");
    if (user.mustChangePassword) {
      throw new AppError("password_change_required", authMessage("password_change_required"));
    }
    if (!can(user.role, permission)) throw forbidden();
    await next();
  };
}

/** Whether the account may see a campaign of this district: an operator's admin sees all. */
export function canAccessDistrict(user: StaffUser, districtId: number): boolean {
  return user.districtId === null || user.districtId === districtId;
}

/** For handlers of a campaign's resource: 403 `forbidden` unless its district is the account's. */
export function requireCampaignAccess(
  c: Context<StaffEnv>,
  campaign: { district_id: number },
): void {
  if (!canAccessDistrict(c.get("staff").user, campaign.district_id)) throw forbidden();
}

/**
 * For handlers that serve one school's resource, once the campaign's access is checked:
 * 403 `forbidden` unless a school account's code is this school's (other roles see any
 * school of their district).
 */
export function requireSchoolAccess(c: Context<StaffEnv>, school: { code: string }): void {
  const { user } = c.get("staff");
  if (user.role === "school" && user.schoolCode !== school.code) throw forbidden();
}

/**
 * The school a school account sees in this campaign (its code's row): its id, or null when
 * the campaign has no school with its code (the account then sees nothing). Undefined for
 * other roles: they are not narrowed to a school.
 */
export async function ownSchoolId(
  db: Kysely<Database>,
  user: StaffUser,
  campaignId: number,
): Promise<number | null | undefined> {
  if (user.role !== "school" || user.schoolCode === null) return undefined;
  return (await schoolIdByCode(db, campaignId, user.schoolCode)) ?? null;
}
