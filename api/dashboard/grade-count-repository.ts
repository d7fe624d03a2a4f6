import { type Kysely, sql } from "kysely";
import { gradeQuestion } from "../../analysis/index.ts";
import type { Database } from "../db/database.ts";

/** Students' responses per raw answer to the grade question (null: not answered). */
export type GradeAnswerCount = { answer: string | null; responses: number };

/** What the grade counts are checked against, read in the caller's snapshot. */
export interface StudentSnapshot {
  /** The database clock less `settleMs`: responses received before it are the settled part. */
  boundary: Date;
  /** The campaign's student responses by the response tallies (migration 0003). */
  students: number;
}

/** One statement, so the two figures agree (run it inside REPEATABLE READ). */
export async function studentSnapshot(
  db: Kysely<Database>,
  campaignId: number,
  settleMs: number,
): Promise<StudentSnapshot> {
  const { rows } = await sql<{ boundary: Date; students: string | number }>`
    select now() - make_interval(secs => ${settleMs / 1000}::float8) as boundary,
      (select coalesce(sum(responses), 0) from response_tally
        where campaign_id = ${campaignId} and respondent_group = 'student')::int8 as students
  `.execute(db);
  const row = rows[0];
  if (!row) throw new Error("the student snapshot returned no row");
  return { boundary: new Date(row.boundary), students: Number(row.students) };
}

/**
 * Students' responses per grade answer, received in [from, before) (either end open when
 * null). With `from` set, the (campaign_id, received_at, id) index finds the rows, so a
 * recent slice costs what it holds, not what the campaign holds.
 */
export async function countGradeAnswers(
  db: Kysely<Database>,
  campaignId: number,
  range: { from: Date | null; before: Date | null },
): Promise<GradeAnswerCount[]> {
  // A literal, not a parameter: the select and the GROUP BY must be the same expression.
  const answer = sql<string | null>`answers ->> ${sql.lit(gradeQuestion)}`;
  let query = db
    .selectFrom("response")
    .select([answer.as("answer"), sql<string | number>`count(*)`.as("responses")])
    .where("campaign_id", "=", campaignId)
    .where("respondent_group", "=", "student");
  if (range.from) query = query.where("received_at", ">=", range.from);
  if (range.before) query = query.where("received_at", "<", range.before);
  const rows = await query.groupBy(answer).execute();
  return rows.map((r) => ({ answer: r.answer, responses: Number(r.responses) }));
}
