import type { Kysely } from "kysely";
import { z } from "zod";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import {
  maxPasswordLength,
  setSessionCookie,
  signedInView,
  staffIpHash,
  staffRouter,
} from "../staff/index.ts";
import { completeSetup, requireUsableLink } from "./first-admin.ts";

const filled = (max: number) => z.string().trim().min(1).max(max);
// Longer than any token we make, so a pasted link with junk after it is "unknown", not malformed.
const token = z.string().max(200);

export const setupCheckSchema = z.strictObject({ token });

/** `POST /api/setup`: the link's token, the district and its first admin. */
export const setupSchema = z.strictObject({
  token,
  district: z.strictObject({
    // The database's own limits (migration 0009).
    name: filled(50),
    level: z.enum(["district", "county", "county_city"]),
    province: filled(50),
    city: z.string().trim().max(50).optional(),
    bureauName: filled(80),
  }),
  admin: z.strictObject({
    // Its pattern and the password rules answer 422 in words (createStaffAccount).
    username: z.string().trim().min(1).max(64),
    displayName: z.string().trim().max(64).optional(),
    password: z.string().min(1).max(maxPasswordLength),
  }),
});

const maxBodyBytes = 4096;

/**
 * `/api/setup`: the first run of a real deployment. Public (the link's token is the
 * credential), usable until the first admin exists; see setup-link.ts for the link.
 */
export function setupRoutes(deps: { db: Kysely<Database>; config: Config; now?: () => Date }) {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());

  return staffRouter({ db, now }, "/api/setup")
    .route(
      {
        method: "post",
        path: "/check",
        tag: "setup",
        access: "public",
        summary: {
          zh: "首次设置链接是否仍可使用",
          en: "Whether a first-run setup link can still be used",
        },
        body: { schema: setupCheckSchema, maxBytes: maxBodyBytes },
        responses: { 200: { description: "{ usable: true }", contentType: "application/json" } },
        errors: {
          404: "not_found: no such link",
          410: "setup_link_used: used, or an admin exists; sign in instead",
        },
      },
      async (c) => {
        const body = await readJsonBody(c, setupCheckSchema, maxBodyBytes);
        await requireUsableLink(db, body.token);
        c.header("Cache-Control", "no-store");
        return c.json({ usable: true }, 200);
      },
    )
    .route(
      {
        method: "post",
        path: "/",
        tag: "setup",
        access: "public",
        summary: {
          zh: "首次设置：创建区县与第一个管理员账号并登录（设置链接仅可使用一次）",
          en: "First run: create the district and its first admin, and sign in (the link works once)",
        },
        body: { schema: setupSchema, maxBytes: maxBodyBytes },
        responses: {
          201: { description: "{ user, permissions, csrfToken }", contentType: "application/json" },
        },
        errors: {
          404: "not_found: no such link",
          409: "username_taken",
          410: "setup_link_used: used, or an admin exists; sign in instead",
          422: "weak_password or invalid_account (details.field names the field)",
        },
      },
      async (c) => {
        const body = await readJsonBody(c, setupSchema, maxBodyBytes);
        const { user, session } = await completeSetup(db, body, {
          now: now(),
          ipHash: staffIpHash(c, config),
        });
        setSessionCookie(c, session.token, config);
        c.header("Cache-Control", "no-store");
        return c.json(await signedInView(db, user, session.csrfToken), 201);
      },
    );
}
