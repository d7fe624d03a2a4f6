import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { type Permission, can } from "./permissions.ts";
import { AppError, forbidden } from "../http/errors.ts";
import type { StaffUser } from "./repository.ts";
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

/** After `requireStaff`: 403 `forbidden` unless the account's role holds the permission. */
export function requirePermission(permission: Permission): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    if (!can(c.get("staff").user.role, permission)) throw forbidden();
    await next();
  };
}

/** Whether the account may see this campaign: an unscoped admin sees all. */
export function canAccessCampaign(user: StaffUser, campaignId: number): boolean {
  return user.campaignId === null || user.campaignId === campaignId;
}

/**
 * Whether the account may see this school's figures: a school account only
 * its own school; other roles any school of their campaign.
 */
export function canAccessSchool(
  user: StaffUser,
  school: { id: number; campaignId: number },
): boolean {
  if (!canAccessCampaign(user, school.campaignId)) return false;
  return user.role !== "school" || user.schoolId === school.id;
}

/**
 * For handlers that serve one school's resource: throws 403 `forbidden`
 * unless the signed-in account may see it. Load the school first (404 when
 * absent), then call this before reading anything else.
 */
export function requireSchoolAccess(
  c: Context<StaffEnv>,
  school: { id: number; campaignId: number },
): void {
  if (!canAccessSchool(c.get("staff").user, school)) throw forbidden();
}

/** Same for a campaign-wide resource. */
export function requireCampaignAccess(c: Context<StaffEnv>, campaignId: number): void {
  if (!canAccessCampaign(c.get("staff").user, campaignId)) throw forbidden();
}
