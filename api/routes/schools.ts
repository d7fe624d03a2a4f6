import { Hono } from "hono";
import type { Kysely } from "kysely";
import { recordAudit } from "../auth/audit.ts";
import {
  type StaffEnv,
  requireCampaignAccess,
  requireRole,
  requireStaff,
} from "../auth/require-staff.ts";
import { clientIp } from "../client-ip.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { message } from "../locales/messages.ts";
import { readTextBody } from "../read-text-body.ts";
import { findCampaign } from "../repositories/campaigns.ts";
import { listSchoolEnrolment, upsertSchools } from "../repositories/schools.ts";
import { hashIp } from "../services/client-info.ts";
import type { SchoolDirectory } from "../services/school-directory.ts";
import {
  describeRowError,
  importSchoolsCsv,
  schoolTemplateCsv,
} from "../services/school-import.ts";

export interface SchoolRouteDeps {
  db: Kysely<Database>;
  config: Config;
  schools: SchoolDirectory;
  now?: () => Date;
}

const maxImportBytes = 2 * 1024 * 1024;

/**
 * Schools of a campaign: the import template, the list, and the CSV import
 * (admin only; all or nothing). Per-route middleware: mounted under /api.
 */
export function schoolRoutes(deps: SchoolRouteDeps): Hono<StaffEnv> {
  const { db, config } = deps;
  const staff = requireStaff({ db, now: deps.now });

  async function campaignId(raw: string | undefined): Promise<number> {
    const id = Number(raw);
    const campaign = Number.isSafeInteger(id) && id > 0 ? await findCampaign(db, id) : undefined;
    if (!campaign) throw new AppError(404, "not_found", message("not_found"));
    return campaign.id;
  }

  return new Hono<StaffEnv>()
    .get("/schools/template.csv", staff, (c) => {
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header(
        "Content-Disposition",
        `attachment; filename="schools-template.csv"; filename*=UTF-8''${encodeURIComponent("学校名单模板.csv")}`,
      );
      return c.body(schoolTemplateCsv());
    })
    .get("/campaigns/:id/schools", staff, async (c) => {
      const id = await campaignId(c.req.param("id"));
      requireCampaignAccess(c, id);
      const user = c.get("staff").user;
      const schools = await listSchoolEnrolment(db, id);
      return c.json({
        schools: user.role === "school" ? schools.filter((s) => s.id === user.schoolId) : schools,
      });
    })
    .post("/campaigns/:id/schools/import", staff, requireRole("admin"), async (c) => {
      const id = await campaignId(c.req.param("id"));
      requireCampaignAccess(c, id);
      const csv = await readTextBody(c, /^text\/(csv|plain)\b/i, maxImportBytes);
      const result = importSchoolsCsv(csv);
      if (!result.ok) {
        const first = result.errors[0];
        throw new AppError(
          422,
          "invalid_rows",
          message("invalid_rows", {
            count: result.errors.length,
            first: first ? describeRowError(first) : "",
          }),
          result.errors,
        );
      }
      const summary = await db
        .transaction()
        .execute((trx) => upsertSchools(trx, id, result.schools));
      deps.schools.invalidate(id);
      const user = c.get("staff").user;
      await recordAudit(db, {
        actor: { id: user.id, username: user.username },
        action: "schools.import",
        target: `campaign:${id}`,
        details: { ...summary, rows: result.schools.length },
        ipHash: hashIp(clientIp(c, config.trustProxy), "staff", config.ipHashPepper),
      });
      return c.json({ ...summary, total: result.schools.length });
    });
}
