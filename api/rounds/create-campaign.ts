import type { Kysely } from "kysely";
import type { SatisfactionScale } from "../../analysis/index.ts";
import type { Database, RespondentGroup } from "../db/database.ts";
import { type NewCampaignInput, insertCampaign } from "../campaigns/index.ts";
import { insertChannel, newChannelToken, newIpSalt } from "../channels/index.ts";
import {
  defaultScale,
  insertQuestionnaire,
  questionnairesForScheme,
  withScale,
} from "../questionnaires/index.ts";

/**
 * A new campaign as its maker gives it: the salt of its address hashes is made here, and
 * without a scale it gets its scheme's default (docs/satisfaction.md, Answer scales).
 */
export type NewRound = Omit<NewCampaignInput, "ipSalt" | "scale"> & { scale?: SatisfactionScale };

export interface DistrictLink {
  token: string;
  id: number;
  questionnaireKey: string;
  questionnaireId: number;
  presetGroup: RespondentGroup | null;
  label: string;
}

export interface CreatedRound {
  campaignId: number;
  questionnaireIds: Record<string, number>;
  /** District-wide links: social (parents pick the school), staff, deputies, students. */
  districtLinks: DistrictLink[];
}

/** The links every campaign starts with, before any school is imported. */
const districtLinkSpecs: { key: string; group: RespondentGroup | null; label: string }[] = [
  { key: "social", group: null, label: "区教育局公众号" },
  { key: "staff", group: null, label: "教师校长工作群" },
  { key: "social", group: "deputy", label: "人大代表" },
  { key: "student", group: "student", label: "学生（三年级及以上）" },
];

/**
 * Creates a campaign in the caller's transaction with its scheme's questionnaires (version 1
 * of each library file, its satisfaction items on the campaign's scale) and the district-wide
 * links; schools and their poster links come with the school import.
 */
export async function createRound(db: Kysely<Database>, spec: NewRound): Promise<CreatedRound> {
  const scale = spec.scale ?? defaultScale(spec.scheme);
  const campaignId = await insertCampaign(db, { ...spec, scale, ipSalt: newIpSalt() });
  const questionnaireIds: Record<string, number> = {};
  for (const file of questionnairesForScheme(spec.scheme)) {
    questionnaireIds[file.key] = await insertQuestionnaire(db, {
      campaignId,
      key: file.key,
      version: 1,
      title: file.title["zh-cn"],
      definition: withScale(file.survey, file.itemRoles.satisfaction ?? [], scale),
      respondentGroups: file.respondentGroups,
      itemRoles: file.itemRoles,
    });
  }
  const districtLinks: DistrictLink[] = [];
  for (const link of districtLinkSpecs) {
    const questionnaireId = questionnaireIds[link.key];
    // The student questionnaire belongs to one scheme only; no questionnaire, no link.
    if (questionnaireId === undefined) continue;
    const token = newChannelToken();
    const id = await insertChannel(db, {
      token,
      campaignId,
      questionnaireId,
      schoolId: null,
      respondentGroup: link.group,
      label: link.label,
    });
    districtLinks.push({
      token,
      id,
      questionnaireKey: link.key,
      questionnaireId,
      presetGroup: link.group,
      label: link.label,
    });
  }
  return { campaignId, questionnaireIds, districtLinks };
}
