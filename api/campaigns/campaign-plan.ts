import type { Kysely } from "kysely";
import { type SamplePlan, samplePlan, sampleTarget } from "../../analysis/index.ts";
import { type AreaType, type Campaign, type Database, respondentGroups } from "../db/database.ts";
import { campaignRespondentGroups } from "../questionnaires/repository.ts";
import { listSchoolEnrolment } from "../schools/repository.ts";

/** Residents per area type as stored (null: not entered). */
export function areaPopulations(campaign: Campaign): Record<AreaType, number | null> {
  return {
    urban: campaign.urban_population,
    town: campaign.town_population,
    rural: campaign.rural_population,
  };
}

/** The total target: DOMAIN.md §4's n, the bureau's override, and the one in force (the larger). */
export function campaignTarget(campaign: Campaign): {
  computed: number;
  override: number | null;
  total: number;
} {
  const computed = sampleTarget(campaign.resident_population ?? 0, campaign.scheme).total;
  const override = campaign.target_total_override;
  return { computed, override, total: Math.max(computed, override ?? 0) };
}

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
