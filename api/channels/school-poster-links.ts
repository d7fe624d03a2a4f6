import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { newChannelToken } from "./channel-token.ts";
import { insertChannel, latestQuestionnaires, schoolsWithoutPosterLink } from "./repository.ts";

/** A school poster link's stored label; lists put the school's name before it (channelLabel). */
export const schoolPosterLabel = "校门海报";

/**
 * Gives each school of these codes that has no poster link yet the one every school got
 * when the campaign was set up: a 'school' link to the newest social questionnaire, open to
 * any respondent group. Runs in the caller's transaction, so a school imported mid-campaign
 * is stored together with its link. Returns how many links were made (none when the
 * campaign has no social questionnaire to link to).
 */
export async function addSchoolPosterLinks(
  db: Kysely<Database>,
  campaignId: number,
  codes: readonly string[],
): Promise<number> {
  const social = (await latestQuestionnaires(db, campaignId)).find((q) => q.key === "social");
  if (!social) return 0;
  const schoolIds = await schoolsWithoutPosterLink(db, campaignId, codes);
  for (const schoolId of schoolIds) {
    await insertChannel(db, {
      token: newChannelToken(),
      campaignId,
      questionnaireId: social.id,
      schoolId,
      respondentGroup: null,
      label: schoolPosterLabel,
      kind: "school",
    });
  }
  return schoolIds.length;
}
