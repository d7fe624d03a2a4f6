import type { Kysely } from "kysely";
import { surveyMinutes } from "./survey-minutes.ts";
import { type QuestionnaireWording, questionnaireWording } from "./questionnaire-wording.ts";
import type { Database, ItemRoles, RespondentGroup } from "../db/database.ts";

export interface QuestionnaireVersion {
  id: number;
  campaignId: number;
  key: string;
  version: number;
  title: string;
  definition: Record<string, unknown>;
  respondentGroups: RespondentGroup[];
  itemRoles: ItemRoles;
}

export async function findQuestionnaire(
  db: Kysely<Database>,
  id: number,
): Promise<QuestionnaireVersion | undefined> {
  const row = await db
    .selectFrom("questionnaire")
    .select([
      "id",
      "campaign_id as campaignId",
      "key",
      "version",
      "title",
      "definition",
      "respondent_groups as respondentGroups",
      "item_roles as itemRoles",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
  return row;
}

export interface NewQuestionnaire {
  campaignId: number;
  key: string;
  version: number;
  title: string;
  definition: Record<string, unknown>;
  respondentGroups: RespondentGroup[];
  itemRoles: ItemRoles;
}

export async function insertQuestionnaire(
  db: Kysely<Database>,
  q: NewQuestionnaire,
): Promise<number> {
  const row = await db
    .insertInto("questionnaire")
    .values({
      campaign_id: q.campaignId,
      key: q.key,
      version: q.version,
      title: q.title,
      definition: JSON.stringify(q.definition),
      respondent_groups: q.respondentGroups,
      item_roles: JSON.stringify(q.itemRoles),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every respondent group some questionnaire of the campaign serves. */
/** About how long each of a campaign's questionnaire versions takes, in minutes, by id. */
export async function questionnaireMinutes(
  db: Kysely<Database>,
  campaignId: number,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("questionnaire")
    .select(["id", "definition"])
    .where("campaign_id", "=", campaignId)
    .execute();
  return new Map(rows.map((r) => [r.id, surveyMinutes(r.definition)]));
}

export async function campaignRespondentGroups(
  db: Kysely<Database>,
  campaignId: number,
): Promise<RespondentGroup[]> {
  const rows = await db
    .selectFrom("questionnaire")
    .select("respondent_groups")
    .where("campaign_id", "=", campaignId)
    .execute();
  return [...new Set(rows.flatMap((r) => r.respondent_groups))];
}

/** The words a campaign's questionnaires leave open (questionnaire-wording.ts); one lookup. */
export async function campaignWording(
  db: Kysely<Database>,
  campaignId: number,
): Promise<QuestionnaireWording | undefined> {
  const row = await db
    .selectFrom("campaign as c")
    .innerJoin("district as d", "d.id", "c.district_id")
    .select(["d.name as districtName", "d.level", "c.scheme"])
    .where("c.id", "=", campaignId)
    .executeTakeFirst();
  return row ? questionnaireWording(row) : undefined;
}
