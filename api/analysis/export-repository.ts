import { type Kysely, sql } from "kysely";
import type { AnswerMode, Database } from "../db/database.ts";
import { responseExcluded } from "../integrity/index.ts";

/**
 * The raw export's rows, one batch at a time by keyset (received_at, id) on the index of
 * migration 0004, so a million responses stream through without sitting in memory.
 * Times come formatted by the database to the microsecond in China Standard Time
 * (`2026-03-01T23:05:09.123456+08:00`), the form the export documents; the cursor keeps the
 * exact instant in UTC so no row is skipped or repeated between batches.
 */
export interface ExportCursor {
  /** received_at in UTC, to the microsecond (`2026-03-01T15:05:09.123456Z`). */
  readonly receivedAt: string;
  readonly id: string;
}

export interface ExportRow {
  id: string;
  respondentGroup: string;
  schoolCode: string | null;
  town: string | null;
  areaType: string | null;
  channelId: number;
  channelLabel: string;
  channelSchoolName: string | null;
  /** Completion time the browser reported, or null. */
  completedAt: string | null;
  receivedAt: string;
  durationSeconds: number | null;
  /** Excluded by staff now: the report leaves it out. */
  excluded: boolean;
  /** How it arrived: its link's mode. */
  mode: AnswerMode;
  /** The code of the interviewer who collected it (interviewer and telephone links). */
  interviewerCode: string | null;
  /** The paper sheet's number (paper links). */
  paperSheet: string | null;
  /** The questionnaire version it answered: its key and version number. */
  questionnaireKey: string;
  questionnaireVersion: number;
  answers: Record<string, unknown>;
  cursor: ExportCursor;
}

const chinaTime = (column: string) =>
  sql<string>`to_char((${sql.ref(column)} at time zone 'UTC') + interval '8 hours',
    'YYYY-MM-DD"T"HH24:MI:SS.US"+08:00"')`;

export async function responseExportBatch(
  db: Kysely<Database>,
  campaignId: number,
  after: ExportCursor | null,
  limit: number,
): Promise<ExportRow[]> {
  let query = db
    .selectFrom("response as r")
    .innerJoin("channel as ch", "ch.id", "r.channel_id")
    .leftJoin("school as cs", "cs.id", "ch.school_id")
    .leftJoin("school as s", "s.id", "r.school_id")
    .leftJoin("interviewer as iv", "iv.id", "r.interviewer_id")
    .innerJoin("questionnaire as q", "q.id", "r.questionnaire_id")
    .select([
      "r.id",
      "r.respondent_group as respondentGroup",
      "s.code as schoolCode",
      "s.town",
      "s.area_type as areaType",
      "r.channel_id as channelId",
      "ch.label as channelLabel",
      "cs.name as channelSchoolName",
      chinaTime("r.completed_at").as("completedAt"),
      chinaTime("r.received_at").as("receivedAt"),
      "r.duration_seconds as durationSeconds",
      responseExcluded(campaignId).as("excluded"),
      "ch.mode",
      "iv.code as interviewerCode",
      "r.paper_sheet as paperSheet",
      "q.key as questionnaireKey",
      "q.version as questionnaireVersion",
      "r.answers",
      sql<string>`to_char(r.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        "cursorAt",
      ),
    ])
    .where("r.campaign_id", "=", campaignId);
  if (after !== null) {
    query = query.where(
      sql<boolean>`(r.received_at, r.id) > (${after.receivedAt}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await query.orderBy("r.received_at").orderBy("r.id").limit(limit).execute();
  return rows.map(({ cursorAt, ...row }) => ({
    ...row,
    durationSeconds: row.durationSeconds === null ? null : Number(row.durationSeconds),
    cursor: { receivedAt: cursorAt, id: row.id },
  }));
}

/** Every row of the campaign, batch by batch, in arrival order. */
export async function* responseExportRows(
  db: Kysely<Database>,
  campaignId: number,
  batchSize: number,
): AsyncGenerator<ExportRow[]> {
  let after: ExportCursor | null = null;
  for (;;) {
    const batch = await responseExportBatch(db, campaignId, after, batchSize);
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1]!.cursor;
  }
}
