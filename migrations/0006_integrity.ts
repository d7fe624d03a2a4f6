import { type Kysely, sql } from "kysely";

/**
 * Data integrity (issue 6): per-campaign thresholds for the suspect-response
 * flags, append-only exclusion records, tamper evidence and abuse limits.
 *
 * Tamper evidence, three ways, all computed by the database so that every
 * writer (API, CLI, demo, a psql session) is covered:
 * - audit_log and exclusion form hash chains: each row carries `prev_hash` (the
 *   chain's previous `hash`, 64 zeros for the first) and `hash` = SHA-256 of the
 *   row's canonical JSON (jsonb text, which sorts keys) including `prev_hash`.
 *   A BEFORE INSERT trigger takes a transaction-level advisory lock, assigns the
 *   id and links to the last row, so concurrent writers cannot fork a chain; a
 *   unique index on `prev_hash` turns any fork that slipped through (a writer in
 *   REPEATABLE READ sees a stale tail) into an error rather than a silent branch.
 *   The audit log is one chain; exclusions chain per campaign, so the demo
 *   purge can remove a whole campaign's chain without breaking another.
 * - response_seal keeps a SHA-256 of each stored response row (the submitted
 *   content_hash hashes the request envelope, which the row cannot reproduce),
 *   written by an AFTER INSERT trigger.
 * `scripts/audit-verify.ts` recomputes all three with its own SQL.
 */
const genesis = "repeat('0', 64)";

/** Timestamps in the hashes: UTC, microseconds, whatever the session's TimeZone. */
function utc(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

function sha256(textExpr: string): string {
  return `encode(sha256(convert_to(${textExpr}, 'UTF8')), 'hex')`;
}

export async function up(db: Kysely<any>): Promise<void> {
  // ---- thresholds per campaign (zod-checked JSON; absent fields take the defaults) ----
  await db.schema
    .createTable("integrity_settings")
    .addColumn("campaign_id", "integer", (c) =>
      c.primaryKey().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("settings", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "text", (c) => c.notNull())
    .execute();

  // ---- audit_log joins a hash chain ----
  await sql`alter table audit_log add column prev_hash text, add column hash text`.execute(db);
  await sql
    .raw(
      `
    create function audit_log_entry_hash(
      p_id bigint, p_at timestamptz, p_actor_user_id integer, p_actor_label text,
      p_action text, p_target text, p_details jsonb, p_ip_hash text, p_prev_hash text
    ) returns text language sql stable as $$
      select ${sha256(`jsonb_build_object(
        'id', p_id, 'at', ${utc("p_at")}, 'actor_user_id', p_actor_user_id,
        'actor_label', p_actor_label, 'action', p_action, 'target', p_target,
        'details', p_details, 'ip_hash', p_ip_hash, 'prev_hash', p_prev_hash)::text`)}
    $$`,
    )
    .execute(db);
  // Rows written before this migration get their chain now, in id order. The
  // append-only trigger is off for these few statements of this transaction only.
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  await sql
    .raw(
      `
    do $$
    declare
      r record;
      prev text := ${genesis};
      h text;
    begin
      for r in select * from audit_log order by id loop
        h := audit_log_entry_hash(r.id, r.at, r.actor_user_id, r.actor_label, r.action,
                                  r.target, r.details, r.ip_hash, prev);
        update audit_log set prev_hash = prev, hash = h where id = r.id;
        prev := h;
      end loop;
    end $$`,
    )
    .execute(db);
  await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  await sql`alter table audit_log alter column prev_hash set not null, alter column hash set not null`.execute(
    db,
  );
  await sql`create unique index audit_log_prev_hash_idx on audit_log (prev_hash)`.execute(db);
  // The trigger assigns ids in chain order (a default would be drawn before the lock).
  await sql`alter table audit_log alter column id drop default`.execute(db);
  await sql
    .raw(
      `
    create function audit_log_chain() returns trigger language plpgsql as $$
    declare
      last_hash text;
    begin
      perform pg_advisory_xact_lock(hashtext('junheng.audit_log_chain'));
      new.id := nextval('audit_log_id_seq');
      select hash into last_hash from audit_log order by id desc limit 1;
      new.prev_hash := coalesce(last_hash, ${genesis});
      new.hash := audit_log_entry_hash(new.id, new.at, new.actor_user_id, new.actor_label,
                                       new.action, new.target, new.details, new.ip_hash,
                                       new.prev_hash);
      return new;
    end $$`,
    )
    .execute(db);
  await sql`
    create trigger audit_log_chain before insert on audit_log
    for each row execute function audit_log_chain()`.execute(db);

  // ---- exclusions: append-only decisions, reversible only by another record ----
  await sql`create sequence exclusion_id_seq`.execute(db);
  await db.schema
    .createTable("exclusion")
    .addColumn("id", "bigint", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('exclude', 'reverse')`))
    // Sorted, without repeats (the repository writes them so): part of the hash.
    .addColumn("response_ids", sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("reverses", "bigint", (c) => c.references("exclusion.id").onDelete("cascade"))
    // The flag cluster the ids came from, when excluded as a cluster: { id, kind }.
    .addColumn("flag_cluster", "jsonb")
    .addColumn("reason", "text", (c) =>
      c.notNull().check(sql`length(btrim(reason)) between 1 and 1000`),
    )
    .addColumn("actor_user_id", "integer")
    .addColumn("actor_label", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addCheckConstraint(
      "exclusion_shape",
      sql`(kind = 'exclude' and cardinality(response_ids) between 1 and 100000
            and reverses is null)
       or (kind = 'reverse' and cardinality(response_ids) = 0 and reverses is not null)`,
    )
    // A decision is reversed at most once; to exclude again, make a new exclusion.
    .addUniqueConstraint("exclusion_reversed_once", ["reverses"])
    .addUniqueConstraint("exclusion_chain_unforked", ["campaign_id", "prev_hash"])
    .execute();
  await sql`alter sequence exclusion_id_seq owned by exclusion.id`.execute(db);
  await sql
    .raw(
      `
    create function exclusion_entry_hash(
      p_id bigint, p_campaign_id integer, p_kind text, p_response_ids uuid[], p_reverses bigint,
      p_flag_cluster jsonb, p_reason text, p_actor_user_id integer, p_actor_label text,
      p_at timestamptz, p_prev_hash text
    ) returns text language sql stable as $$
      select ${sha256(`jsonb_build_object(
        'id', p_id, 'campaign_id', p_campaign_id, 'kind', p_kind,
        'response_ids', to_jsonb(p_response_ids), 'reverses', p_reverses,
        'flag_cluster', p_flag_cluster, 'reason', p_reason, 'actor_user_id', p_actor_user_id,
        'actor_label', p_actor_label, 'at', ${utc("p_at")}, 'prev_hash', p_prev_hash)::text`)}
    $$`,
    )
    .execute(db);
  await sql
    .raw(
      `
    create function exclusion_chain() returns trigger language plpgsql as $$
    declare
      last_hash text;
    begin
      perform pg_advisory_xact_lock(hashtext('junheng.exclusion_chain'), new.campaign_id);
      if new.kind = 'reverse' and not exists (
        select 1 from exclusion e
        where e.id = new.reverses and e.kind = 'exclude' and e.campaign_id = new.campaign_id
      ) then
        raise exception 'exclusion % is not an exclusion of campaign %', new.reverses, new.campaign_id
          using errcode = 'foreign_key_violation';
      end if;
      new.id := nextval('exclusion_id_seq');
      select hash into last_hash from exclusion
        where campaign_id = new.campaign_id order by id desc limit 1;
      new.prev_hash := coalesce(last_hash, ${genesis});
      new.hash := exclusion_entry_hash(new.id, new.campaign_id, new.kind, new.response_ids,
                                       new.reverses, new.flag_cluster, new.reason,
                                       new.actor_user_id, new.actor_label, new.at, new.prev_hash);
      return new;
    end $$`,
    )
    .execute(db);
  await sql`
    create trigger exclusion_chain before insert on exclusion
    for each row execute function exclusion_chain()`.execute(db);
  // Append-only like responses: only the documented purge (a demo reset
  // deleting its campaign) may remove rows, never UPDATE them.
  await sql`
    create function integrity_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('junheng.allow_purge', true) = 'on' then
        return old;
      end if;
      if tg_op = 'TRUNCATE' and current_setting('junheng.allow_purge', true) = 'on' then
        return null;
      end if;
      raise exception '% is append-only (% refused)', tg_table_name, tg_op
        using errcode = 'restrict_violation';
    end $$`.execute(db);
  await sql`
    create trigger exclusion_append_only before update or delete on exclusion
    for each row execute function integrity_append_only()`.execute(db);
  await sql`
    create trigger exclusion_no_truncate before truncate on exclusion
    for each statement execute function integrity_append_only()`.execute(db);
  await db.schema
    .createIndex("exclusion_campaign_idx")
    .on("exclusion")
    .column("campaign_id")
    .execute();

  // The responses currently excluded: every 'exclude' record not reversed.
  // One row per response (the first record that excluded it), so a join never duplicates.
  await sql`
    create function effective_exclusions(p_campaign_id integer)
    returns table (response_id uuid, exclusion_id bigint)
    language sql stable as $$
      select distinct on (u.response_id) u.response_id, e.id
      from exclusion e cross join lateral unnest(e.response_ids) as u(response_id)
      where e.campaign_id = p_campaign_id and e.kind = 'exclude'
        and not exists (select 1 from exclusion r where r.reverses = e.id)
      order by u.response_id, e.id
    $$`.execute(db);

  // ---- a seal per response row ----
  await db.schema
    .createTable("response_seal")
    .addColumn("response_id", "uuid", (c) =>
      c.primaryKey().references("response.id").onDelete("cascade"),
    )
    .addColumn("seal", "text", (c) => c.notNull())
    .execute();
  await sql
    .raw(
      `
    create function response_seal_of(r response) returns text language sql stable as $$
      select ${sha256(`jsonb_build_object(
        'id', r.id, 'campaign_id', r.campaign_id, 'channel_id', r.channel_id,
        'questionnaire_id', r.questionnaire_id, 'school_id', r.school_id,
        'respondent_group', r.respondent_group, 'answers', r.answers,
        'started_at', ${utc("r.started_at")}, 'completed_at', ${utc("r.completed_at")},
        'duration_seconds', r.duration_seconds::numeric, 'page_seconds', r.page_seconds,
        'locale', r.locale, 'browser_family', r.browser_family, 'ip_hash', r.ip_hash,
        'device_token', r.device_token, 'content_hash', r.content_hash,
        'received_at', ${utc("r.received_at")})::text`)}
    $$`,
    )
    .execute(db);
  await sql`
    create function response_seal() returns trigger language plpgsql as $$
    begin
      insert into response_seal (response_id, seal) values (new.id, response_seal_of(new));
      return null;
    end $$`.execute(db);
  await sql`
    create trigger response_seal after insert on response
    for each row execute function response_seal()`.execute(db);
  await sql`
    insert into response_seal (response_id, seal)
    select r.id, response_seal_of(r) from response r`.execute(db);
  await sql`
    create trigger response_seal_append_only before update or delete on response_seal
    for each row execute function integrity_append_only()`.execute(db);
  await sql`
    create trigger response_seal_no_truncate before truncate on response_seal
    for each statement execute function integrity_append_only()`.execute(db);

  // ---- abuse limits: fixed-window counters shared by every API process ----
  await db.schema
    .createTable("rate_bucket")
    // e.g. "ip:<hash>:60" or "channel:<id>:60": who, and the window length in seconds.
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    // Submissions let through in the window; a refused one is not counted, so a
    // crowd sharing an address with a flood keeps its share of every new window.
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rate_bucket_pk", ["key", "window_start"])
    .execute();
  await db.schema
    .createIndex("rate_bucket_window_idx")
    .on("rate_bucket")
    .column("window_start")
    .execute();

  // ---- submissions refused because the campaign was not open, per link and hour ----
  await db.schema
    .createTable("closed_refusal")
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("channel_id", "integer", (c) =>
      c.notNull().references("channel.id").onDelete("cascade"),
    )
    .addColumn("hour", "timestamptz", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("closed_refusal_pk", ["campaign_id", "channel_id", "hour"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("closed_refusal").execute();
  await db.schema.dropTable("rate_bucket").execute();

  await sql`drop trigger response_seal on response`.execute(db);
  await sql`drop function response_seal()`.execute(db);
  await db.schema.dropTable("response_seal").execute();
  await sql`drop function response_seal_of(response)`.execute(db);

  await sql`drop function effective_exclusions(integer)`.execute(db);
  await db.schema.dropTable("exclusion").execute();
  await sql`drop function exclusion_chain()`.execute(db);
  await sql`drop function integrity_append_only()`.execute(db);
  await sql`
    drop function exclusion_entry_hash(bigint, integer, text, uuid[], bigint, jsonb, text,
      integer, text, timestamptz, text)`.execute(db);

  await sql`drop trigger audit_log_chain on audit_log`.execute(db);
  await sql`drop function audit_log_chain()`.execute(db);
  await sql`
    alter table audit_log alter column id
      set default nextval('audit_log_id_seq'::regclass)`.execute(db);
  await sql`drop index audit_log_prev_hash_idx`.execute(db);
  await sql`alter table audit_log drop column prev_hash, drop column hash`.execute(db);
  await sql`
    drop function audit_log_entry_hash(bigint, timestamptz, integer, text, text, text, jsonb,
      text, text)`.execute(db);

  await db.schema.dropTable("integrity_settings").execute();
}
