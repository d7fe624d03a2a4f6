import type { Kysely } from "kysely";
import { type SamplePlan, samplePlan } from "../../analysis/index.ts";
import { areaPopulations } from "../campaigns/index.ts";
import { type Campaign, type Database, respondentGroups } from "../db/database.ts";
import { campaignRespondentGroups } from "../questionnaires/index.ts";
import { listSchoolEnrolment } from "../schools/index.ts";

/**
 * The campaign's sample plan from what is stored: residents, area residents,
 * the override, the groups its questionnaires serve and its schools' enrolment.
 */
export async function campaignSamplePlan(
  db: Kysely<Database>,
  campaign: Campaign,
): Promise<SamplePlan> {
  const [groups, schools] = await Promise.all([
    campaignRespondentGroups(db, campaign.id),
    listSchoolEnrolment(db, campaign.id),
  ]);
  // Groups in their canonical order, parents apart (they get at least half).
  const otherGroups = respondentGroups.filter((g) => g !== "parent" && groups.includes(g));
  return samplePlan({
    scheme: campaign.scheme,
    residentPopulation: campaign.resident_population ?? 0,
    total: campaign.target_total_override,
    otherGroups,
    schools: schools.map((s) => ({ code: s.code, enrolment: s.students, areaType: s.areaType })),
    areaPopulation: areaPopulations(campaign),
  });
}
