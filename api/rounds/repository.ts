import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";

/** The SQL of copying a campaign's set-up into the next round (never its answers). */

/** Copies every questionnaire version; returns old id → new id. */
export async function copyQuestionnaires(
  db: Kysely<Database>,
  fromId: number,
  toId: number,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("questionnaire")
    .selectAll()
    .where("campaign_id", "=", fromId)
    .orderBy("id")
    .execute();
  const ids = new Map<number, number>();
  for (const q of rows) {
    const made = await db
      .insertInto("questionnaire")
      .values({
        campaign_id: toId,
        key: q.key,
        version: q.version,
        title: q.title,
        definition: JSON.stringify(q.definition),
        respondent_groups: q.respondent_groups,
        item_roles: JSON.stringify(q.item_roles),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.set(q.id, made.id);
  }
  return ids;
}

/** Copies the school list with last round's figures as a start; returns old id → new id. */
export async function copySchools(
  db: Kysely<Database>,
  fromId: number,
  toId: number,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("school")
    .selectAll()
    .where("campaign_id", "=", fromId)
    .orderBy("id")
    .execute();
  const ids = new Map<number, number>();
  for (const s of rows) {
    const made = await db
      .insertInto("school")
      .values({
        campaign_id: toId,
        code: s.code,
        name: s.name,
        town: s.town,
        area_type: s.area_type,
        levels: s.levels,
        enrolment: JSON.stringify(s.enrolment),
        teachers: s.teachers,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.set(s.id, made.id);
  }
  return ids;
}

/** Copies every link with a fresh token from `newToken`; returns how many. */
export async function copyChannels(
  db: Kysely<Database>,
  fromId: number,
  toId: number,
  questionnaires: Map<number, number>,
  schools: Map<number, number>,
  newToken: () => string,
): Promise<number> {
  const rows = await db
    .selectFrom("channel")
    .selectAll()
    .where("campaign_id", "=", fromId)
    .orderBy("id")
    .execute();
  for (const ch of rows) {
    const questionnaireId = questionnaires.get(ch.questionnaire_id);
    if (questionnaireId === undefined)
      throw new Error(`questionnaire ${ch.questionnaire_id} not copied`);
    await db
      .insertInto("channel")
      .values({
        token: newToken(),
        campaign_id: toId,
        questionnaire_id: questionnaireId,
        school_id: ch.school_id === null ? null : (schools.get(ch.school_id) ?? null),
        respondent_group: ch.respondent_group,
        label: ch.label,
        kind: ch.kind,
        shared_device: ch.shared_device,
        mode: ch.mode,
      })
      .execute();
  }
  return rows.length;
}

/** Copies the analysis and integrity settings (no row: the defaults, nothing to copy). */
export async function copySettings(
  db: Kysely<Database>,
  fromId: number,
  toId: number,
  by: { userId: number | null; label: string },
): Promise<void> {
  const analysis = await db
    .selectFrom("analysis_settings")
    .select("settings")
    .where("campaign_id", "=", fromId)
    .executeTakeFirst();
  if (analysis) {
    await db
      .insertInto("analysis_settings")
      .values({
        campaign_id: toId,
        settings: JSON.stringify(analysis.settings),
        updated_at: new Date(),
        updated_by: by.userId,
      })
      .execute();
  }
  const integrity = await db
    .selectFrom("integrity_settings")
    .select("settings")
    .where("campaign_id", "=", fromId)
    .executeTakeFirst();
  if (integrity) {
    await db
      .insertInto("integrity_settings")
      .values({
        campaign_id: toId,
        settings: JSON.stringify(integrity.settings),
        updated_at: new Date(),
        updated_by: by.label,
      })
      .execute();
  }
}
