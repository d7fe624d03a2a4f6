import type { Kysely } from "kysely";
import type { Database, RespondentGroup } from "../db/database.ts";

export interface NewResponse {
  id: string;
  campaignId: number;
  channelId: number;
  questionnaireId: number;
  schoolId: number | null;
  respondentGroup: RespondentGroup;
  answers: Record<string, unknown>;
  startedAt: Date | null;
  completedAt: Date | null;
  durationSeconds: number | null;
  pageSeconds: Record<string, number>;
  locale: string;
  browserFamily: string;
  ipHash: string | null;
  deviceToken: string | null;
  contentHash: string;
  /** Only the demo and imports set this; live submissions take the database clock. */
  receivedAt?: Date;
  /** The paper sheet's number, for a sheet typed in by staff (api/paper/). */
  paperSheet?: string | null;
  /**
   * Who collected it, on an interviewer or telephone link. On a telephone link the response
   * is a completed call too: its `call_attempt` row is stored in the same statement.
   */
  interviewerId?: number | null;
}

export interface ResponseReceipt {
  id: string;
  contentHash: string;
  receivedAt: Date;
}

function toRow(r: NewResponse) {
  return {
    id: r.id,
    campaign_id: r.campaignId,
    channel_id: r.channelId,
    questionnaire_id: r.questionnaireId,
    school_id: r.schoolId,
    respondent_group: r.respondentGroup,
    answers: JSON.stringify(r.answers),
    started_at: r.startedAt,
    completed_at: r.completedAt,
    duration_seconds: r.durationSeconds,
    page_seconds: JSON.stringify(r.pageSeconds),
    locale: r.locale,
    browser_family: r.browserFamily,
    ip_hash: r.ipHash,
    device_token: r.deviceToken,
    content_hash: r.contentHash,
    ...(r.receivedAt ? { received_at: r.receivedAt } : {}),
    ...(r.paperSheet ? { paper_sheet: r.paperSheet } : {}),
    ...(r.interviewerId ? { interviewer_id: r.interviewerId } : {}),
  };
}

export async function findResponseReceipt(
  db: Kysely<Database>,
  id: string,
): Promise<ResponseReceipt | undefined> {
  return db
    .selectFrom("response")
    .select(["id", "content_hash as contentHash", "received_at as receivedAt"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Bulk insert for the demo generator; not used on the submission path. */
export async function insertResponses(db: Kysely<Database>, rows: NewResponse[]): Promise<void> {
  const chunk = 200;
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insertInto("response")
      .values(rows.slice(i, i + chunk).map(toRow))
      .execute();
  }
}

export async function countResponses(
  db: Kysely<Database>,
  where: { campaignId?: number; id?: string } = {},
): Promise<number> {
  let query = db.selectFrom("response").select((eb) => eb.fn.countAll<number>().as("n"));
  if (where.campaignId !== undefined) query = query.where("campaign_id", "=", where.campaignId);
  if (where.id !== undefined) query = query.where("id", "=", where.id);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
