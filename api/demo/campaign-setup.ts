import type { Kysely } from "kysely";
import type { Database, RespondentGroup } from "../db/database.ts";
import { type NewCampaignInput, insertCampaign } from "../campaigns/index.ts";
import { insertChannel, newChannelToken, newIpSalt } from "../channels/index.ts";
import { insertQuestionnaire } from "../questionnaires/index.ts";
import { type NewSchool, insertSchool } from "../schools/index.ts";
import { questionnairesForScheme } from "../questionnaires/index.ts";

/** A school as the setup takes it: the stored school without its campaign or teacher count. */
export type SchoolSpec = Omit<NewSchool, "campaignId" | "teachers">;

/** A campaign as the setup takes it: its salt is made here, its schools come along. */
export type CampaignSpec = Omit<NewCampaignInput, "ipSalt"> & { schools: SchoolSpec[] };

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
  questionnaireIds: Record<string, number>;
  schools: { id: number; code: string; name: string }[];
  /** One 校门海报 channel per school, in school order. */
  schoolChannels: ChannelRef[];
  /** District-wide links: social (parents pick the school), staff, deputies. */
  districtChannels: ChannelRef[];
}

/**
 * Creates a campaign with the scheme's questionnaires (version 1 each), its
 * schools, one poster channel per school and the district-wide channels.
 * Used by the demo and by tests, so both exercise the real shape of a campaign.
 */
export async function setUpCampaign(
  db: Kysely<Database>,
  spec: CampaignSpec,
): Promise<CampaignSetup> {
  return db.transaction().execute(async (trx) => {
    const campaignId = await insertCampaign(trx, {
      name: spec.name,
      scheme: spec.scheme,
      district: spec.district,
      residentPopulation: spec.residentPopulation,
      opensAt: spec.opensAt,
      closesAt: spec.closesAt,
      status: spec.status,
      ipSalt: newIpSalt(),
      isDemo: spec.isDemo ?? false,
    });
    const questionnaireIds: Record<string, number> = {};
    for (const file of questionnairesForScheme(spec.scheme)) {
      questionnaireIds[file.key] = await insertQuestionnaire(trx, {
        campaignId,
        key: file.key,
        version: 1,
        title: file.title["zh-cn"],
        definition: file.survey,
        respondentGroups: file.respondentGroups,
        itemRoles: file.itemRoles,
      });
    }
    const schools: CampaignSetup["schools"] = [];
    for (const s of spec.schools) {
      const id = await insertSchool(trx, { campaignId, ...s });
      schools.push({ id, code: s.code, name: s.name });
    }

    const addChannel = async (
      key: string,
      schoolId: number | null,
      presetGroup: RespondentGroup | null,
      label: string,
    ): Promise<ChannelRef> => {
      const questionnaireId = questionnaireIds[key];
      if (questionnaireId === undefined)
        throw new Error(`scheme ${spec.scheme} has no ${key} questionnaire`);
      const token = newChannelToken();
      const id = await insertChannel(trx, {
        token,
        campaignId,
        questionnaireId,
        schoolId,
        respondentGroup: presetGroup,
        label,
      });
      return { token, id, questionnaireKey: key, questionnaireId, schoolId, presetGroup, label };
    };

    const schoolChannels: ChannelRef[] = [];
    for (const s of schools)
      schoolChannels.push(await addChannel("social", s.id, null, "校门海报"));
    const districtChannels: ChannelRef[] = [
      await addChannel("social", null, null, "区教育局公众号"),
      await addChannel("staff", null, null, "教师校长工作群"),
      await addChannel("social", null, "deputy", "人大代表"),
    ];
    if (questionnaireIds.student !== undefined) {
      districtChannels.push(await addChannel("student", null, "student", "学生（三年级及以上）"));
    }
    return { campaignId, questionnaireIds, schools, schoolChannels, districtChannels };
  });
}
