import { type Kysely, sql } from "kysely";
import type { AnswerMode, Database, RespondentGroup } from "../db/database.ts";

/** A link as the paper endpoints need it. */
export interface PaperLink {
  id: number;
  token: string;
  label: string;
  mode: AnswerMode;
  campaignId: number;
  schoolId: number | null;
  schoolCode: string | null;
  schoolName: string | null;
  presetGroup: RespondentGroup | null;
  questionnaireId: number;
  questionnaireKey: string;
  questionnaireVersion: number;
  distributedCount: number | null;
}

function links(db: Kysely<Database>) {
  return db
    .selectFrom("channel as ch")
    .leftJoin("school as s", "s.id", "ch.school_id")
    .innerJoin("questionnaire as q", "q.id", "ch.questionnaire_id")
    .select([
      "ch.id",
      "ch.token",
      "ch.label",
      "ch.mode",
      "ch.campaign_id as campaignId",
      "ch.school_id as schoolId",
      "s.code as schoolCode",
      "s.name as schoolName",
      "ch.respondent_group as presetGroup",
      "ch.questionnaire_id as questionnaireId",
      "q.key as questionnaireKey",
      "q.version as questionnaireVersion",
      "ch.distributed_count as distributedCount",
    ]);
}

export async function findLink(
  db: Kysely<Database>,
  channelId: number,
): Promise<PaperLink | undefined> {
  return links(db).where("ch.id", "=", channelId).executeTakeFirst();
}

export interface PaperLinkCounts {
  responses: number;
  waiting: number;
  differing: number;
}

/** A campaign's paper links with their sheet counts. */
export async function listPaperLinks(
  db: Kysely<Database>,
  campaignId: number,
): Promise<(PaperLink & PaperLinkCounts)[]> {
  const rows = await links(db)
    .where("ch.campaign_id", "=", campaignId)
    .where("ch.mode", "=", "paper")
    .select((eb) => [
      eb
        .selectFrom("response as r")
        .whereRef("r.channel_id", "=", "ch.id")
        .where("r.paper_sheet", "is not", null)
        .select(sql<number>`count(*)::int`.as("n"))
        .as("responses"),
      eb
        .selectFrom("paper_entry as e")
        .whereRef("e.channel_id", "=", "ch.id")
        .where("e.response_id", "is", null)
        .where("e.entry_number", "=", 1)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("paper_entry as e2")
                .select("e2.id")
                .whereRef("e2.channel_id", "=", "e.channel_id")
                .whereRef("e2.sheet_number", "=", "e.sheet_number")
                .where("e2.entry_number", "=", 2),
            ),
          ),
        )
        .select(sql<number>`count(*)::int`.as("n"))
        .as("waiting"),
      eb
        .selectFrom("paper_entry as e")
        .whereRef("e.channel_id", "=", "ch.id")
        .where("e.response_id", "is", null)
        .where("e.entry_number", "=", 2)
        .select(sql<number>`count(*)::int`.as("n"))
        .as("differing"),
    ])
    .orderBy("ch.school_id")
    .orderBy("ch.id")
    .execute();
  return rows.map((r) => ({
    ...r,
    responses: Number(r.responses ?? 0),
    waiting: Number(r.waiting ?? 0),
    differing: Number(r.differing ?? 0),
  }));
}

/**
 * Holds the link's row until the transaction ends: entries of one link are stored one after
 * another, so two people typing the same sheet at once cannot both become its first entry.
 */
export async function lockLink(db: Kysely<Database>, channelId: number): Promise<void> {
  await db.selectFrom("channel").select("id").where("id", "=", channelId).forUpdate().execute();
}

export interface StoredEntry {
  id: number;
  entryNumber: 1 | 2;
  answers: Record<string, unknown>;
  enteredById: number;
  enteredBy: string;
  enteredAt: Date;
  responseId: string | null;
}

function entries(db: Kysely<Database>) {
  return db
    .selectFrom("paper_entry as e")
    .innerJoin("staff_user as u", "u.id", "e.entered_by")
    .select([
      "e.id",
      "e.sheet_number as sheet",
      "e.entry_number as entryNumber",
      "e.answers",
      "e.entered_by as enteredById",
      "u.display_name as displayName",
      "u.username",
      "e.entered_at as enteredAt",
      "e.response_id as responseId",
    ]);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entries>["execute"]>>[number];

function toEntry(row: EntryRow): StoredEntry & { sheet: string } {
  return {
    id: row.id,
    sheet: row.sheet,
    entryNumber: row.entryNumber,
    answers: row.answers,
    enteredById: row.enteredById,
    enteredBy: row.displayName || row.username,
    enteredAt: new Date(row.enteredAt),
    responseId: row.responseId,
  };
}

/** A sheet's entries, first entry first. */
export async function findSheetEntries(
  db: Kysely<Database>,
  channelId: number,
  sheet: string,
): Promise<StoredEntry[]> {
  const rows = await entries(db)
    .where("e.channel_id", "=", channelId)
    .where("e.sheet_number", "=", sheet)
    .orderBy("e.entry_number")
    .execute();
  return rows.map(toEntry);
}

/** Every entry of a link, by sheet number and entry. */
export async function listLinkEntries(
  db: Kysely<Database>,
  channelId: number,
): Promise<(StoredEntry & { sheet: string })[]> {
  const rows = await entries(db)
    .where("e.channel_id", "=", channelId)
    .orderBy("e.sheet_number")
    .orderBy("e.entry_number")
    .execute();
  return rows.map(toEntry);
}

/** The response a sheet number became on this link, if any. */
export async function sheetResponse(
  db: Kysely<Database>,
  channelId: number,
  sheet: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("response")
    .select("id")
    .where("channel_id", "=", channelId)
    .where("paper_sheet", "=", sheet)
    .executeTakeFirst();
  return row?.id;
}

export interface NewEntry {
  campaignId: number;
  channelId: number;
  sheet: string;
  entryNumber: 1 | 2;
  answers: Record<string, unknown>;
  enteredBy: number;
}

export async function insertEntry(db: Kysely<Database>, entry: NewEntry): Promise<number> {
  const row = await db
    .insertInto("paper_entry")
    .values({
      campaign_id: entry.campaignId,
      channel_id: entry.channelId,
      sheet_number: entry.sheet,
      entry_number: entry.entryNumber,
      answers: JSON.stringify(entry.answers),
      entered_by: entry.enteredBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Points a sheet's entries at the response they became. */
export async function markEntriesStored(
  db: Kysely<Database>,
  entryIds: readonly number[],
  responseId: string,
): Promise<void> {
  if (entryIds.length === 0) return;
  await db
    .updateTable("paper_entry")
    .set({ response_id: responseId })
    .where("id", "in", entryIds)
    .execute();
}

/** Sheets of a link counted so far: responses and sheets still being typed. */
export async function countLinkSheets(db: Kysely<Database>, channelId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from (
      select paper_sheet as sheet from response
      where channel_id = ${channelId} and paper_sheet is not null
      union
      select sheet_number from paper_entry where channel_id = ${channelId}) as sheets`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function setDistributedCount(
  db: Kysely<Database>,
  channelId: number,
  count: number | null,
): Promise<void> {
  await db
    .updateTable("channel")
    .set({ distributed_count: count })
    .where("id", "=", channelId)
    .execute();
}
