import { type Kysely, sql } from "kysely";
import type { CallOutcome, Database } from "../db/database.ts";

/** An interviewer as staff pages list them, with what they have collected so far. */
export interface InterviewerRow {
  id: number;
  campaignId: number;
  code: string;
  label: string;
  createdAt: Date;
  disabledAt: Date | null;
  /** Responses stored under the code. */
  responses: number;
  /** Telephone calls recorded under the code, whatever their outcome. */
  calls: number;
}

/**
 * A campaign's interviewers, oldest first. Responses are counted through the campaign's
 * interviewer and telephone links (the response table's link index), so a campaign of a
 * million QR-code answers is not scanned for a few hundred collected by interviewers.
 */
export async function listInterviewers(
  db: Kysely<Database>,
  campaignId: number,
): Promise<InterviewerRow[]> {
  const { rows } = await sql<InterviewerRow>`
    with collected as (
      select r.interviewer_id, count(*)::int as n from response r
      where r.channel_id in (
          select id from channel
          where campaign_id = ${campaignId} and mode in ('interviewer', 'telephone'))
        and r.interviewer_id is not null
      group by r.interviewer_id),
    called as (
      select interviewer_id, count(*)::int as n from call_attempt
      where campaign_id = ${campaignId} group by interviewer_id)
    select i.id, i.campaign_id as "campaignId", i.code, i.label, i.created_at as "createdAt",
      i.disabled_at as "disabledAt", coalesce(collected.n, 0) as responses,
      coalesce(called.n, 0) as calls
    from interviewer i
      left join collected on collected.interviewer_id = i.id
      left join called on called.interviewer_id = i.id
    where i.campaign_id = ${campaignId}
    order by i.id`.execute(db);
  return rows;
}

export async function findInterviewer(
  db: Kysely<Database>,
  id: number,
): Promise<{ id: number; campaignId: number; disabledAt: Date | null } | undefined> {
  return db
    .selectFrom("interviewer")
    .select(["id", "campaign_id as campaignId", "disabled_at as disabledAt"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * Inserts interviewers with these codes; a code the campaign already has is skipped (another
 * admin's batch may have drawn it a moment ago). Returns the ids by code of those inserted.
 */
export async function insertInterviewers(
  db: Kysely<Database>,
  campaignId: number,
  rows: readonly { code: string; label: string }[],
): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const inserted = await db
    .insertInto("interviewer")
    .values(rows.map((r) => ({ campaign_id: campaignId, code: r.code, label: r.label })))
    .onConflict((oc) => oc.constraint("interviewer_code_unique").doNothing())
    .returning(["id", "code"])
    .execute();
  return new Map(inserted.map((r) => [r.code, r.id]));
}

/** Which of these codes the campaign already has. */
export async function takenCodes(
  db: Kysely<Database>,
  campaignId: number,
  codes: readonly string[],
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom("interviewer")
    .select("code")
    .where("campaign_id", "=", campaignId)
    .where("code", "in", codes)
    .execute();
  return new Set(rows.map((r) => r.code));
}

/** Disables (a time) or enables again (null); true when the row changed. */
export async function setInterviewerDisabled(
  db: Kysely<Database>,
  id: number,
  disabledAt: Date | null,
): Promise<boolean> {
  let query = db.updateTable("interviewer").set({ disabled_at: disabledAt }).where("id", "=", id);
  query =
    disabledAt === null
      ? query.where("disabled_at", "is not", null)
      : query.where("disabled_at", "is", null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The id of the campaign's interviewer with this code, when it is not disabled. */
export async function findActiveInterviewerId(
  db: Kysely<Database>,
  campaignId: number,
  code: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom("interviewer")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .where("code", "=", code)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return row?.id;
}

export interface NewCallAttempt {
  campaignId: number;
  channelId: number;
  interviewerId: number;
  outcome: Exclude<CallOutcome, "completed">;
  /** When the interviewer recorded it, by the device's clock: with the interviewer, its identity. */
  recordedAt: Date;
}

/**
 * Stores a call that did not lead to a response, once: an interviewer records one call at a
 * time, so (interviewer, recorded_at) names it and a retry of the same record finds the row
 * instead of adding another. Checked and inserted under a lock on the interviewer, so two
 * retries racing each other store one row.
 */
export async function insertCallAttempt(
  db: Kysely<Database>,
  call: NewCallAttempt,
): Promise<{ id: number; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('call_attempt'), ${call.interviewerId}::int)`.execute(
      trx,
    );
    const existing = await trx
      .selectFrom("call_attempt")
      .select("id")
      .where("interviewer_id", "=", call.interviewerId)
      .where("recorded_at", "=", call.recordedAt)
      .where("channel_id", "=", call.channelId)
      .where("outcome", "=", call.outcome)
      .executeTakeFirst();
    if (existing) return { id: existing.id, created: false };
    const row = await trx
      .insertInto("call_attempt")
      .values({
        campaign_id: call.campaignId,
        channel_id: call.channelId,
        interviewer_id: call.interviewerId,
        outcome: call.outcome,
        response_id: null,
        recorded_at: call.recordedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: row.id, created: true };
  });
}
