import type { Kysely } from "kysely";
import type { Database, DistrictLevel } from "../db/database.ts";

/** All SQL of the survey page's own. */

export interface SurveyRunner {
  /** The bureau running the survey, e.g. 示范区教育局. */
  bureauName: string;
  /** Who respondents may ask; "" when the campaign gives none. */
  contactLine: string;
  /** The district's own name and level: the questionnaire's `{district}` and `{area}`. */
  districtName: string;
  districtLevel: DistrictLevel;
}

/** Who runs a campaign's survey, as its pages say: one lookup by primary keys. */
export function findSurveyRunner(
  db: Kysely<Database>,
  campaignId: number,
): Promise<SurveyRunner | undefined> {
  return db
    .selectFrom("campaign as c")
    .innerJoin("district as d", "d.id", "c.district_id")
    .select([
      "d.bureau_name as bureauName",
      "c.contact_line as contactLine",
      "d.name as districtName",
      "d.level as districtLevel",
    ])
    .where("c.id", "=", campaignId)
    .executeTakeFirst();
}
