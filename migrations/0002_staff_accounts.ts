import { type Kysely, sql } from "kysely";

/**
 * Staff accounts, their sessions, login attempts (rate limit and lockout) and
 * the append-only audit log. Sessions and attempts live here, not in process
 * memory, so several API processes share them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("staff_user")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().check(sql`length(username) between 2 and 64`))
    // PHC-style "$scrypt$ln=15,r=8,p=1$<salt>$<hash>": parameters travel with the hash.
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('admin', 'school', 'publicity', 'viewer')`),
    )
    // A school account dies with its school (and a demo reset removes demo schools).
    .addColumn("school_id", "integer", (c) => c.references("school.id").onDelete("cascade"))
    // The campaign the account may see; only an admin may be unscoped (null).
    .addColumn("campaign_id", "integer", (c) => c.references("campaign.id").onDelete("cascade"))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("disabled_at", "timestamptz")
    .addCheckConstraint(
      "staff_user_school_iff_school_role",
      sql`(role = 'school') = (school_id is not null)`,
    )
    .addCheckConstraint("staff_user_campaign_scope", sql`role = 'admin' or campaign_id is not null`)
    .execute();
  // Usernames are unique regardless of case: "Chen" and "chen" are one account.
  await sql`create unique index staff_user_username_lower_idx on staff_user (lower(username))`.execute(
    db,
  );

  await db.schema
    .createTable("staff_session")
    // SHA-256 of the cookie's random token: a database dump cannot be replayed as a cookie.
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) =>
      c.notNull().references("staff_user.id").onDelete("cascade"),
    )
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("ip_hash", "text")
    .execute();
  await db.schema
    .createIndex("staff_session_user_idx")
    .on("staff_session")
    .column("user_id")
    .execute();
  await db.schema
    .createIndex("staff_session_expires_idx")
    .on("staff_session")
    .column("expires_at")
    .execute();

  await db.schema
    .createTable("login_attempt")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("username_lower", "text", (c) => c.notNull())
    .addColumn("ip_hash", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("succeeded", "boolean", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("login_attempt_username_idx")
    .on("login_attempt")
    .columns(["username_lower", "at"])
    .execute();
  await db.schema
    .createIndex("login_attempt_ip_idx")
    .on("login_attempt")
    .columns(["ip_hash", "at"])
    .execute();
  await db.schema.createIndex("login_attempt_at_idx").on("login_attempt").column("at").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // No foreign key: rows must outlive the account; actor_label keeps who it was.
    .addColumn("actor_user_id", "integer")
    .addColumn("actor_label", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("ip_hash", "text")
    .execute();
  await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();

  // Append-only, with no purge exception: the audit trail is never edited or emptied.
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only (% refused)', tg_op
        using errcode = 'restrict_violation';
    end $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_log").execute();
  await sql`drop function audit_log_append_only()`.execute(db);
  await db.schema.dropTable("login_attempt").execute();
  await db.schema.dropTable("staff_session").execute();
  await db.schema.dropTable("staff_user").execute();
}
