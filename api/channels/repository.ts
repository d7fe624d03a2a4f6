import { type Kysely, sql } from "kysely";
import type {
  AnswerMode,
  CampaignStatus,
  ChannelKind,
  Database,
  DistrictLevel,
  RespondentGroup,
  Scheme,
} from "../db/database.ts";

/** Everything a respondent page or a submission needs to know about a link. */
export interface ChannelContext {
  channelId: number;
  token: string;
  label: string;
  presetGroup: RespondentGroup | null;
  /** Several people may answer on one phone: the page offers a fresh response after each. */
  sharedDevice: boolean;
  /** How answers arrive: interviewer and telephone links take an interviewer's code. */
  mode: AnswerMode;
  campaign: {
    id: number;
    name: string;
    district: string;
    /** 区 / 县 / 县级市: the questionnaire's words (本区, 本县) follow it. */
    districtLevel: DistrictLevel;
    scheme: Scheme;
    status: CampaignStatus;
    opensAt: Date;
    closesAt: Date;
    ipSalt: string;
  };
  questionnaireId: number;
  school: { id: number; code: string; name: string } | null;
}

export async function findChannelContext(
  db: Kysely<Database>,
  token: string,
): Promise<ChannelContext | undefined> {
  const row = await db
    .selectFrom("channel as ch")
    .innerJoin("campaign as c", "c.id", "ch.campaign_id")
    .innerJoin("district as d", "d.id", "c.district_id")
    .leftJoin("school as s", "s.id", "ch.school_id")
    .select([
      "d.level as districtLevel",
      "ch.id as channelId",
      "ch.token",
      "ch.label",
      "ch.respondent_group as presetGroup",
      "ch.shared_device as sharedDevice",
      "ch.mode",
      "ch.questionnaire_id as questionnaireId",
      "c.id as campaignId",
      "c.name as campaignName",
      "c.district",
      "c.scheme",
      "c.status",
      "c.opens_at as opensAt",
      "c.closes_at as closesAt",
      "c.ip_salt as ipSalt",
      "s.id as schoolId",
      "s.code as schoolCode",
      "s.name as schoolName",
    ])
    .where("ch.token", "=", token)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    channelId: row.channelId,
    token: row.token,
    label: row.label,
    presetGroup: row.presetGroup,
    sharedDevice: row.sharedDevice,
    mode: row.mode,
    campaign: {
      id: row.campaignId,
      name: row.campaignName,
      district: row.district,
      districtLevel: row.districtLevel,
      scheme: row.scheme,
      status: row.status,
      opensAt: row.opensAt,
      closesAt: row.closesAt,
      ipSalt: row.ipSalt,
    },
    questionnaireId: row.questionnaireId,
    school:
      row.schoolId !== null && row.schoolCode !== null && row.schoolName !== null
        ? { id: row.schoolId, code: row.schoolCode, name: row.schoolName }
        : null,
  };
}

export interface NewChannel {
  token: string;
  campaignId: number;
  questionnaireId: number;
  schoolId: number | null;
  respondentGroup: RespondentGroup | null;
  label: string;
  /** Defaults to what the link's school and group say: school, respondent_group or district. */
  kind?: ChannelKind;
  /** Defaults to false: one response per phone. */
  sharedDevice?: boolean;
  /** Defaults to online. */
  mode?: AnswerMode;
}

export async function insertChannel(db: Kysely<Database>, channel: NewChannel): Promise<number> {
  const row = await db
    .insertInto("channel")
    .values({
      token: channel.token,
      campaign_id: channel.campaignId,
      questionnaire_id: channel.questionnaireId,
      school_id: channel.schoolId,
      respondent_group: channel.respondentGroup,
      label: channel.label,
      kind:
        channel.kind ??
        (channel.schoolId !== null
          ? "school"
          : channel.respondentGroup !== null
            ? "respondent_group"
            : "district"),
      shared_device: channel.sharedDevice ?? false,
      mode: channel.mode ?? "online",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ChannelListing {
  token: string;
  label: string;
  campaignName: string;
  schoolName: string | null;
  presetGroup: RespondentGroup | null;
}

/** Channels of demo campaigns, for the landing page a newcomer clicks through. */
export async function listDemoChannels(db: Kysely<Database>): Promise<ChannelListing[]> {
  return (
    db
      .selectFrom("channel as ch")
      .innerJoin("campaign as c", "c.id", "ch.campaign_id")
      .leftJoin("school as s", "s.id", "ch.school_id")
      .select([
        "ch.token",
        "ch.label",
        "c.name as campaignName",
        "s.name as schoolName",
        "ch.respondent_group as presetGroup",
      ])
      .where("c.is_demo", "=", true)
      .orderBy("c.id")
      // Schools' poster links first: what a newcomer tries first is what a parent scans.
      .orderBy(sql`ch.school_id is null`)
      .orderBy("ch.id")
      .execute()
  );
}

export interface StaffChannel {
  id: number;
  token: string;
  label: string;
  kind: ChannelKind;
  campaignId: number;
  schoolId: number | null;
  schoolName: string | null;
  presetGroup: RespondentGroup | null;
  sharedDevice: boolean;
  mode: AnswerMode;
  questionnaireId: number;
  questionnaireKey: string;
}

function staffChannels(db: Kysely<Database>) {
  return db
    .selectFrom("channel as ch")
    .leftJoin("school as s", "s.id", "ch.school_id")
    .innerJoin("questionnaire as q", "q.id", "ch.questionnaire_id")
    .select([
      "ch.id",
      "ch.token",
      "ch.label",
      "ch.kind",
      "ch.campaign_id as campaignId",
      "ch.school_id as schoolId",
      "s.name as schoolName",
      "ch.respondent_group as presetGroup",
      "ch.shared_device as sharedDevice",
      "ch.mode",
      "ch.questionnaire_id as questionnaireId",
      "q.key as questionnaireKey",
    ]);
}

/** A campaign's channels for staff pages; `schoolId` narrows them to one school's. */
export async function listCampaignChannels(
  db: Kysely<Database>,
  campaignId: number,
  schoolId: number | null = null,
): Promise<StaffChannel[]> {
  let query = staffChannels(db).where("ch.campaign_id", "=", campaignId);
  if (schoolId !== null) query = query.where("ch.school_id", "=", schoolId);
  return query.orderBy("ch.school_id").orderBy("ch.id").execute();
}

export async function findStaffChannel(
  db: Kysely<Database>,
  id: number,
): Promise<StaffChannel | undefined> {
  return staffChannels(db).where("ch.id", "=", id).executeTakeFirst();
}

export interface ChannelQuestionnaire {
  id: number;
  key: string;
  respondentGroups: RespondentGroup[];
}

/**
 * The newest version of each questionnaire of a campaign, by key: what a new
 * channel links to (older versions keep serving the links made for them).
 */
export async function latestQuestionnaires(
  db: Kysely<Database>,
  campaignId: number,
): Promise<ChannelQuestionnaire[]> {
  return db
    .selectFrom("questionnaire")
    .distinctOn("key")
    .select(["id", "key", "respondent_groups as respondentGroups"])
    .where("campaign_id", "=", campaignId)
    .orderBy("key")
    .orderBy("version", "desc")
    .execute();
}

/** Of the campaign's schools with these codes, those without a poster link (kind 'school') yet. */
export async function schoolsWithoutPosterLink(
  db: Kysely<Database>,
  campaignId: number,
  codes: readonly string[],
): Promise<number[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom("school as s")
    .select("s.id")
    .where("s.campaign_id", "=", campaignId)
    .where("s.code", "in", codes)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("channel as ch")
            .select("ch.id")
            .whereRef("ch.school_id", "=", "s.id")
            .where("ch.kind", "=", "school"),
        ),
      ),
    )
    .orderBy("s.code")
    .execute();
  return rows.map((row) => row.id);
}
