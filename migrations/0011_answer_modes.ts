import { type Kysely, sql } from "kysely";

/**
 * Answers arrive not only by QR code: interviewers (door to door, street, event) and telephone
 * callers enter them on their own device, and paper sheets are typed in by staff. Each is a kind
 * of link (`channel.mode`); every existing link stays `online`.
 *
 * - `interviewer`: people who collect answers, each with a code they enter on the link's page;
 *   a response records its interviewer. No names of respondents anywhere.
 * - `call_attempt`: one row per telephone call, whatever its outcome, so that response rates
 *   can be stated; a completed call points to its response.
 * - `paper_entry`: a sheet typed in (once, or twice by two people for double entry) before it
 *   becomes a response; `response.paper_sheet` keeps the sheet number, once per link.
 * - `channel.distributed_count`: sheets handed out (paper), for the valid-return rate.
 * - The response seal covers the interviewer and the paper sheet (when set).
 */
/** Timestamps in the seal: UTC, microseconds, whatever the session's TimeZone. */
function utc(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * The seal of a response row. With `modes`, who collected it and its paper sheet are sealed
 * too, but only when set: a response stored before they existed keeps the seal it has.
 */
function responseSealOf(modes: boolean): string {
  const base = `jsonb_build_object(
        'id', r.id, 'campaign_id', r.campaign_id, 'channel_id', r.channel_id,
        'questionnaire_id', r.questionnaire_id, 'school_id', r.school_id,
        'respondent_group', r.respondent_group, 'answers', r.answers,
        'started_at', ${utc("r.started_at")}, 'completed_at', ${utc("r.completed_at")},
        'duration_seconds', r.duration_seconds::numeric, 'page_seconds', r.page_seconds,
        'locale', r.locale, 'browser_family', r.browser_family, 'ip_hash', r.ip_hash,
        'device_token', r.device_token, 'content_hash', r.content_hash,
        'received_at', ${utc("r.received_at")})`;
  const row = modes
    ? `(${base} || jsonb_strip_nulls(jsonb_build_object(
        'interviewer_id', r.interviewer_id, 'paper_sheet', r.paper_sheet)))`
    : base;
  return `
    create or replace function response_seal_of(r response) returns text language sql stable as $$
      select encode(sha256(convert_to(${row}::text, 'UTF8')), 'hex')
    $$`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("channel")
    .addColumn("mode", "text", (c) =>
      c
        .notNull()
        .defaultTo("online")
        .check(sql`mode in ('online', 'interviewer', 'telephone', 'paper')`),
    )
    .addColumn("distributed_count", "integer", (c) =>
      c.check(sql`distributed_count between 0 and 10000000`),
    )
    .execute();

  await db.schema
    .createTable("interviewer")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("code", "text", (c) => c.notNull().check(sql`code ~ '^[A-Z0-9]{4,16}$'`))
    .addColumn("label", "text", (c) => c.notNull().check(sql`length(label) between 1 and 50`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("disabled_at", "timestamptz")
    .addUniqueConstraint("interviewer_code_unique", ["campaign_id", "code"])
    .execute();

  await db.schema
    .alterTable("response")
    .addColumn("interviewer_id", "integer", (c) => c.references("interviewer.id"))
    .addColumn("paper_sheet", "text", (c) => c.check(sql`paper_sheet ~ '^[A-Za-z0-9-]{1,20}$'`))
    .execute();
  await sql`
    create unique index response_paper_sheet_unique on response (channel_id, paper_sheet)
    where paper_sheet is not null`.execute(db);
  await sql.raw(responseSealOf(true)).execute(db);

  await db.schema
    .createTable("call_attempt")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("channel_id", "integer", (c) =>
      c.notNull().references("channel.id").onDelete("cascade"),
    )
    .addColumn("interviewer_id", "integer", (c) => c.notNull().references("interviewer.id"))
    .addColumn("outcome", "text", (c) =>
      c.notNull().check(sql`outcome in ('completed', 'refused', 'no_answer', 'wrong_number')`),
    )
    .addColumn("response_id", "uuid", (c) => c.references("response.id"))
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "call_attempt_response_iff_completed",
      sql`(outcome = 'completed') = (response_id is not null)`,
    )
    .execute();
  await db.schema
    .createIndex("call_attempt_campaign_idx")
    .on("call_attempt")
    .column("campaign_id")
    .execute();

  await db.schema
    .createTable("paper_entry")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("channel_id", "integer", (c) =>
      c.notNull().references("channel.id").onDelete("cascade"),
    )
    .addColumn("sheet_number", "text", (c) =>
      c.notNull().check(sql`sheet_number ~ '^[A-Za-z0-9-]{1,20}$'`),
    )
    .addColumn("entry_number", "smallint", (c) => c.notNull().check(sql`entry_number in (1, 2)`))
    .addColumn("answers", "jsonb", (c) => c.notNull())
    .addColumn("entered_by", "integer", (c) => c.notNull().references("staff_user.id"))
    .addColumn("entered_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("response_id", "uuid", (c) => c.references("response.id"))
    .addUniqueConstraint("paper_entry_unique", ["channel_id", "sheet_number", "entry_number"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("paper_entry").execute();
  await db.schema.dropTable("call_attempt").execute();
  await sql`drop index response_paper_sheet_unique`.execute(db);
  await sql.raw(responseSealOf(false)).execute(db);
  await db.schema.alterTable("response").dropColumn("paper_sheet").execute();
  await db.schema.alterTable("response").dropColumn("interviewer_id").execute();
  await db.schema.dropTable("interviewer").execute();
  await db.schema.alterTable("channel").dropColumn("distributed_count").execute();
  await db.schema.alterTable("channel").dropColumn("mode").execute();
}
