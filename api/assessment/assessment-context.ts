import type { Kysely } from "kysely";
import type { Scheme } from "../../analysis/assessment/index.ts";
import type { Campaign, Database } from "../db/database.ts";
import {
  type SchoolIndicatorRow,
  indicatorSchoolYears,
  listSchoolIndicators,
} from "./indicators-repository.ts";
import { assessmentSettings } from "./inputs-repository.ts";
import { listSchools } from "../schools/index.ts";
import { type AssessedSchools, assessedSchools } from "./assessment-schools.ts";
import { campaignScheme } from "./assessment-scheme.ts";

export interface AssessmentContext {
  scheme: Scheme;
  /** The school year assessed: the one asked for, else the newest with figures; null: none. */
  schoolYear: string | null;
  schoolYears: readonly string[];
  rows: readonly SchoolIndicatorRow[];
  schools: AssessedSchools;
  disabledEnrolmentRate: number | null;
  schemeOverrides: Record<string, unknown> | null;
}

/** Everything the coefficient and readiness endpoints compute from, read once. */
export async function assessmentContext(
  db: Kysely<Database>,
  campaign: Campaign,
  schoolYear?: string,
): Promise<AssessmentContext> {
  const [settings, years, schoolList] = await Promise.all([
    assessmentSettings(db, campaign.id),
    indicatorSchoolYears(db, campaign.id),
    listSchools(db, campaign.id),
  ]);
  const scheme = campaignScheme(campaign.scheme, settings.schemeOverrides);
  const year = schoolYear ?? years[0] ?? null;
  const rows = year === null ? [] : await listSchoolIndicators(db, campaign.id, year);
  return {
    scheme,
    schoolYear: year,
    schoolYears: years,
    rows,
    schools: assessedSchools(scheme, schoolList, rows),
    disabledEnrolmentRate: settings.disabledEnrolmentRate,
    schemeOverrides: settings.schemeOverrides,
  };
}
