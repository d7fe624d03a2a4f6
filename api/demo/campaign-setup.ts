import type { Kysely } from "kysely";
import type { Database, RespondentGroup } from "../db/database.ts";
import { insertChannel, newChannelToken, schoolPosterLabel } from "../channels/index.ts";
import { insertDistrict } from "../districts/index.ts";
import { type NewRound, createRound } from "../rounds/index.ts";
import { type NewSchool, insertSchool } from "../schools/index.ts";

/** A school as the setup takes it: the stored school without its campaign or teacher count. */
export type SchoolSpec = Omit<NewSchool, "campaignId" | "teachers">;

/**
 * A campaign as the setup takes it, its schools along. Without `districtId` it gets a
 * district of its own named `district` (tests: each seeded campaign stands apart).
 */
export type CampaignSpec = Omit<NewRound, "districtId"> & {
  districtId?: number;
  schools: SchoolSpec[];
};

export interface ChannelRef {
  token: string;
  id: number;
  questionnaireKey: string;
  questionnaireId: number;
  schoolId: number | null;
  presetGroup: RespondentGroup | null;
  label: string;
}

export interface CampaignSetup {
  campaignId: number;
  districtId: number;
  questionnaireIds: Record<string, number>;
  schools: { id: number; code: string; name: string }[];
  /** One 校门海报 channel per school, in school order. */
  schoolChannels: ChannelRef[];
  /** District-wide links: social (parents pick the school), staff, deputies. */
  districtChannels: ChannelRef[];
}

/**
 * Creates a campaign as a bureau's would be (api/rounds: the scheme's questionnaires and
 * the district-wide links), with its schools and one poster link per school. Used by the
 * demo and by tests, so both exercise the real shape of a campaign.
 */
export async function setUpCampaign(
  db: Kysely<Database>,
  spec: CampaignSpec,
): Promise<CampaignSetup> {
  return db.transaction().execute(async (trx) => {
    const { schools: schoolSpecs, districtId: givenDistrict, ...round } = spec;
    const districtId =
      givenDistrict ??
      (
        await insertDistrict(trx, {
          name: spec.district,
          level: "district",
          province: null,
          city: null,
          bureauName: `${spec.district}教育局`,
          isDemo: spec.isDemo ?? false,
        })
      ).id;
    const created = await createRound(trx, { ...round, districtId });
    const { campaignId, questionnaireIds } = created;
    const schools: CampaignSetup["schools"] = [];
    for (const s of schoolSpecs) {
      const id = await insertSchool(trx, { campaignId, ...s });
      schools.push({ id, code: s.code, name: s.name });
    }
    const social = questionnaireIds.social;
    if (social === undefined) throw new Error(`scheme ${spec.scheme} has no social questionnaire`);
    const schoolChannels: ChannelRef[] = [];
    for (const s of schools) {
      const token = newChannelToken();
      const label = schoolPosterLabel;
      const id = await insertChannel(trx, {
        token,
        campaignId,
        questionnaireId: social,
        schoolId: s.id,
        respondentGroup: null,
        label,
      });
      schoolChannels.push({
        token,
        id,
        questionnaireKey: "social",
        questionnaireId: social,
        schoolId: s.id,
        presetGroup: null,
        label,
      });
    }
    const districtChannels = created.districtLinks.map((link) => ({ ...link, schoolId: null }));
    return { campaignId, districtId, questionnaireIds, schools, schoolChannels, districtChannels };
  });
}
