import type { Kysely } from "kysely";
import type { Campaign, Database } from "../db/database.ts";
import { campaignScale, insertCampaign } from "../campaigns/index.ts";
import { newChannelToken, newIpSalt } from "../channels/index.ts";
import { copyChannels, copyQuestionnaires, copySchools, copySettings } from "./repository.ts";

export interface NextRound {
  name: string;
  opensAt: Date;
  closesAt: Date;
}

export interface CopiedRound {
  campaignId: number;
  schools: number;
  links: number;
  questionnaires: number;
}

/**
 * The next round of a campaign, as a draft: the same schools (by code, with last round's
 * figures as a start), every link with a new token, every questionnaire version, the
 * analysis and integrity settings, the planning figures and the contact line. No responses,
 * visits, exclusions or assessment figures: those belong to the round they were made in.
 */
export async function copyCampaign(
  db: Kysely<Database>,
  from: Campaign,
  next: NextRound,
  by: { userId: number | null; label: string },
): Promise<CopiedRound> {
  return db.transaction().execute(async (trx) => {
    const campaignId = await insertCampaign(trx, {
      name: next.name,
      scheme: from.scheme,
      districtId: from.district_id,
      district: from.district,
      residentPopulation: from.resident_population,
      urbanPopulation: from.urban_population,
      townPopulation: from.town_population,
      ruralPopulation: from.rural_population,
      targetTotalOverride: from.target_total_override,
      contactLine: from.contact_line,
      opensAt: next.opensAt,
      closesAt: next.closesAt,
      status: "draft",
      ipSalt: newIpSalt(),
      isDemo: from.is_demo,
      // Its questionnaires are copied as they are, so the scale they offer goes along.
      scale: campaignScale(from),
    });
    const questionnaires = await copyQuestionnaires(trx, from.id, campaignId);
    const schools = await copySchools(trx, from.id, campaignId);
    const links = await copyChannels(
      trx,
      from.id,
      campaignId,
      questionnaires,
      schools,
      newChannelToken,
    );
    await copySettings(trx, from.id, campaignId, by);
    return { campaignId, schools: schools.size, links, questionnaires: questionnaires.size };
  });
}
