import { type Kysely, sql } from "kysely";

/**
 * The foundation: campaigns, their questionnaires, schools and channels, and
 * the append-only response table. Machine values (scheme, status, area type,
 * respondent group) are checked here so no code path can store anything else.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("campaign")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("scheme", "text", (c) =>
      c.notNull().check(sql`scheme in ('basic_2012', 'quality_2017')`),
    )
    .addColumn("district", "text", (c) => c.notNull())
    .addColumn("resident_population", "integer", (c) => c.check(sql`resident_population >= 0`))
    .addColumn("opens_at", "timestamptz", (c) => c.notNull())
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'open', 'closed')`),
    )
    // Per-campaign salt for IP hashes: the same address cannot be linked across campaigns.
    .addColumn("ip_salt", "text", (c) => c.notNull())
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("campaign_window", sql`opens_at < closes_at`)
    .execute();

  await db.schema
    .createTable("questionnaire")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    // A family of versions: social, staff or student.
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("definition", "jsonb", (c) => c.notNull())
    .addColumn("respondent_groups", sql`text[]`, (c) => c.notNull())
    // Which questions are satisfaction items, which is the overall item, which
    // measure awareness: analysis reads roles, never hard-coded question names.
    .addColumn("item_roles", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("questionnaire_version_unique", ["campaign_id", "key", "version"])
    .execute();

  await db.schema
    .createTable("school")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("town", "text", (c) => c.notNull())
    .addColumn("area_type", "text", (c) =>
      c.notNull().check(sql`area_type in ('urban', 'town', 'rural')`),
    )
    .addColumn("levels", sql`text[]`, (c) => c.notNull())
    // Students per level, e.g. {"primary": 420, "junior": 310}.
    .addColumn("enrolment", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addUniqueConstraint("school_code_unique", ["campaign_id", "code"])
    .execute();

  await db.schema
    .createTable("channel")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("token", "text", (c) => c.notNull().unique())
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("questionnaire_id", "integer", (c) => c.notNull().references("questionnaire.id"))
    .addColumn("school_id", "integer", (c) => c.references("school.id"))
    .addColumn("respondent_group", "text", (c) =>
      c.check(sql`respondent_group in
      ('parent', 'teacher', 'principal', 'deputy', 'cppcc_member', 'resident', 'student')`),
    )
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("channel_campaign_idx").on("channel").column("campaign_id").execute();

  await db.schema
    .createTable("response")
    // Made by the browser, so a retry after a lost acknowledgement cannot create a second row.
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id"))
    .addColumn("channel_id", "integer", (c) => c.notNull().references("channel.id"))
    .addColumn("questionnaire_id", "integer", (c) => c.notNull().references("questionnaire.id"))
    .addColumn("school_id", "integer", (c) => c.references("school.id"))
    .addColumn("respondent_group", "text", (c) =>
      c.notNull().check(sql`respondent_group in
      ('parent', 'teacher', 'principal', 'deputy', 'cppcc_member', 'resident', 'student')`),
    )
    .addColumn("answers", "jsonb", (c) => c.notNull())
    .addColumn("started_at", "timestamptz")
    .addColumn("completed_at", "timestamptz")
    .addColumn("duration_seconds", "double precision")
    .addColumn("page_seconds", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("browser_family", "text", (c) => c.notNull())
    .addColumn("ip_hash", "text")
    .addColumn("device_token", "uuid")
    // SHA-256 of the submitted content: tells a retry from a different answer sheet.
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("response_campaign_received_idx")
    .on("response")
    .columns(["campaign_id", "received_at"])
    .execute();
  await db.schema.createIndex("response_school_idx").on("response").column("school_id").execute();
  await db.schema.createIndex("response_channel_idx").on("response").column("channel_id").execute();

  // Append-only: a response is never edited or deleted. The one exception is a
  // purge in a transaction that first runs `SET LOCAL junheng.allow_purge = 'on'`
  // (demo reset, retention), which also cannot UPDATE.
  await sql`
    create function response_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('junheng.allow_purge', true) = 'on' then
        return old;
      end if;
      raise exception 'responses are append-only (% refused)', tg_op
        using errcode = 'restrict_violation';
    end $$`.execute(db);
  await sql`
    create trigger response_append_only before update or delete on response
    for each row execute function response_append_only()`.execute(db);

  // A questionnaire version that has answers is frozen: analysis must always
  // read an answer against the exact questions it was given for.
  await sql`
    create function questionnaire_frozen() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from response where questionnaire_id = old.id)
         and (new.definition is distinct from old.definition
              or new.version is distinct from old.version
              or new.key is distinct from old.key
              or new.respondent_groups is distinct from old.respondent_groups
              or new.item_roles is distinct from old.item_roles) then
        raise exception 'questionnaire % has responses and cannot change; create a new version', old.id
          using errcode = 'restrict_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger questionnaire_frozen before update on questionnaire
    for each row execute function questionnaire_frozen()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("response").execute();
  await sql`drop function response_append_only()`.execute(db);
  await db.schema.dropTable("channel").execute();
  await db.schema.dropTable("school").execute();
  await db.schema.dropTable("questionnaire").execute();
  await sql`drop function questionnaire_frozen()`.execute(db);
  await db.schema.dropTable("campaign").execute();
}
