import { Hono } from "hono";
import type { Kysely } from "kysely";
import { samplePlan } from "../../analysis/index.ts";
import { type StaffEnv, requireCampaignAccess, requireStaff } from "../auth/require-staff.ts";
import { respondentGroups, type Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { message } from "../locales/messages.ts";
import { findCampaign } from "../repositories/campaigns.ts";
import { campaignRespondentGroups } from "../repositories/questionnaires.ts";
import { listSchoolEnrolment } from "../repositories/schools.ts";

/**
 * `GET /api/campaigns/:id/sample-plan`: the targets the bureau watches
 * (DOMAIN.md §4), for any staff account of the campaign. Per-route middleware
 * only: this sub-app is mounted under /api beside public endpoints.
 */
export function campaignRoutes(deps: { db: Kysely<Database>; now?: () => Date }): Hono<StaffEnv> {
  const { db } = deps;
  const staff = requireStaff({ db, now: deps.now });
  return new Hono<StaffEnv>().get("/campaigns/:id/sample-plan", staff, async (c) => {
    const id = Number(c.req.param("id"));
    const campaign = Number.isSafeInteger(id) && id > 0 ? await findCampaign(db, id) : undefined;
    if (!campaign) throw new AppError(404, "not_found", message("not_found"));
    requireCampaignAccess(c, campaign.id);
    const [groups, schools] = await Promise.all([
      campaignRespondentGroups(db, campaign.id),
      listSchoolEnrolment(db, campaign.id),
    ]);
    // Groups in their canonical order, parents apart (they get at least half).
    const otherGroups = respondentGroups.filter((g) => g !== "parent" && groups.includes(g));
    const plan = samplePlan({
      scheme: campaign.scheme,
      residentPopulation: campaign.resident_population ?? 0,
      otherGroups,
      schools: schools.map((s) => ({ code: s.code, enrolment: s.students })),
    });
    return c.json({ campaignId: campaign.id, scheme: campaign.scheme, ...plan });
  });
}
