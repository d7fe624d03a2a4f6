import type { Context } from "hono";
import type { Kysely } from "kysely";
import type { z } from "zod";
import { recordAudit } from "../staff/audit.ts";
import { type StaffEnv, requireCampaignAccess } from "../staff/require-staff.ts";
import { clientIp } from "../http/client-ip.ts";
import type { Config } from "../config.ts";
import type { Campaign, Database } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { assessmentMessage } from "./messages.ts";
import { message } from "../http/messages.ts";
import { findCampaign } from "../campaigns/repository.ts";
import { hashIp } from "../http/client-info.ts";

export interface AssessmentRouteDeps {
  db: Kysely<Database>;
  config: Config;
  now?: () => Date;
}

export function notFound(): AppError {
  return new AppError(404, "not_found", message("not_found"));
}

/** Per-row problems of a refused upload or edit: 422 `invalid_rows` with every problem listed. */
export function invalidRows(
  errors: readonly { line: number; column: string | null; message: string }[],
): AppError {
  const first = errors[0];
  return new AppError(
    422,
    "invalid_rows",
    assessmentMessage("invalidRows", {
      count: errors.length,
      first: first ? `${assessmentMessage("line", { line: first.line })}: ${first.message}` : "",
    }),
    errors.slice(0, 500),
  );
}

/** A query string checked by a schema: 400 `invalid_query` on any problem. */
export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(query)"}: ${i.message}`)
      .join("; ");
    throw new AppError(400, "invalid_query", message("invalid_body", { detail }));
  }
  return result.data;
}

/** The campaign of `:id` the signed-in account may see: 404 when absent, 403 when not its own. */
export function campaignLoader(db: Kysely<Database>) {
  return async (c: Context<StaffEnv>): Promise<Campaign> => {
    const id = Number(c.req.param("id"));
    const campaign = Number.isSafeInteger(id) && id > 0 ? await findCampaign(db, id) : undefined;
    if (!campaign) throw notFound();
    requireCampaignAccess(c, campaign.id);
    return campaign;
  };
}

/** An audit entry for a change, written on `db` (pass the transaction to commit with it). */
export function auditor(config: Config) {
  return (
    db: Kysely<Database>,
    c: Context<StaffEnv>,
    action: string,
    target: string,
    details: Record<string, unknown>,
  ) => {
    const user = c.get("staff").user;
    return recordAudit(db, {
      actor: { id: user.id, username: user.username },
      action,
      target,
      details,
      ipHash: hashIp(clientIp(c, config.trustProxy), "staff", config.ipHashPepper),
    });
  };
}

export function attachment(c: Context, ascii: string, name: string): void {
  c.header(
    "Content-Disposition",
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
}
