import { type Kysely, sql } from "kysely";

/**
 * The live dashboard's data: visits for the funnel (opened → started →
 * furthest page; completion is the response itself) and counters kept by
 * triggers, so the dashboard never counts a million responses per refresh.
 *
 * - `visit`: one row per visit of a survey link, keyed by a UUID the browser
 *   makes and keeps with its draft (a reload continues the visit). Nothing
 *   personal: no IP, no user agent, only the link, two times and a page number.
 * - `response_tally`: responses per (campaign, channel, school, group) with
 *   the latest arrival; `response_hourly`: responses per (campaign, school,
 *   hour), for one school's chart; `response_hourly_campaign`: the same per
 *   (campaign, hour) in 16 shards (by school), so the campaign's chart reads
 *   16 rows an hour instead of one per school. All follow every INSERT (and
 *   purge DELETE) on `response` through statement-level triggers with
 *   transition tables: one upsert per cell per statement, so a multi-row
 *   insert costs no more locks than its cells. No cell is campaign-wide:
 *   every submission would queue on its lock until commit.
 * - `visit_tally` (opened, started per channel) and `visit_page_tally` (visits
 *   that reached page n or beyond, per channel) follow every change of `visit`
 *   the same way. A change counts as "new row minus old row", so any update or
 *   delete keeps the tallies equal to a direct count.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("visit")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("channel_id", "integer", (c) =>
      c.notNull().references("channel.id").onDelete("cascade"),
    )
    .addColumn("opened_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // The first answer given; null: opened only.
    .addColumn("started_at", "timestamptz")
    // 1-based number of the furthest page shown (the first page counts as reached on opening).
    .addColumn("furthest_page", "smallint", (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`furthest_page between 1 and 200`),
    )
    .execute();
  // A channel's deletion (demo reset) cascades here; without it each one scans every visit.
  await db.schema.createIndex("visit_channel_idx").on("visit").column("channel_id").execute();

  await db.schema
    .createTable("response_tally")
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("channel_id", "integer", (c) =>
      c.notNull().references("channel.id").onDelete("cascade"),
    )
    .addColumn("school_id", "integer", (c) => c.references("school.id").onDelete("cascade"))
    .addColumn("respondent_group", "text", (c) => c.notNull())
    .addColumn("responses", "integer", (c) => c.notNull())
    .addColumn("last_at", "timestamptz", (c) => c.notNull())
    .execute();
  // Responses without a school share one cell per channel and group: the key
  // reads a missing school as 0 (NULLS NOT DISTINCT would need PostgreSQL 15).
  await sql`
    create unique index response_tally_cell on response_tally
      (campaign_id, channel_id, coalesce(school_id, 0), respondent_group)`.execute(db);

  await db.schema
    .createTable("response_hourly")
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("school_id", "integer", (c) => c.references("school.id").onDelete("cascade"))
    // The UTC hour the responses arrived in (received_at truncated).
    .addColumn("hour", "timestamptz", (c) => c.notNull())
    .addColumn("responses", "integer", (c) => c.notNull())
    .execute();
  await sql`
    create unique index response_hourly_cell on response_hourly
      (campaign_id, coalesce(school_id, 0), hour)`.execute(db);

  await db.schema
    .createTable("response_hourly_campaign")
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("hour", "timestamptz", (c) => c.notNull())
    // coalesce(school_id, 0) % 16: spreads the hour's submissions over 16 row locks.
    .addColumn("shard", "smallint", (c) => c.notNull())
    .addColumn("responses", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("response_hourly_campaign_pk", ["campaign_id", "hour", "shard"])
    .execute();

  await db.schema
    .createTable("visit_tally")
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("channel_id", "integer", (c) =>
      c.notNull().references("channel.id").onDelete("cascade"),
    )
    .addColumn("opened", "integer", (c) => c.notNull())
    .addColumn("started", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("visit_tally_pk", ["campaign_id", "channel_id"])
    .execute();

  await db.schema
    .createTable("visit_page_tally")
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("channel_id", "integer", (c) =>
      c.notNull().references("channel.id").onDelete("cascade"),
    )
    .addColumn("page", "smallint", (c) => c.notNull())
    // Visits whose furthest page is `page` or later.
    .addColumn("reached", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("visit_page_tally_pk", ["campaign_id", "channel_id", "page"])
    .execute();

  await createResponseTriggers(db);
  await createVisitTriggers(db);
  await backfillResponseTallies(db);
}

/**
 * Responses stored before this migration are counted once, here; from now on
 * the triggers keep count. (Migrations run before the server takes answers.)
 */
async function backfillResponseTallies(db: Kysely<any>): Promise<void> {
  await sql`
    insert into response_tally
      (campaign_id, channel_id, school_id, respondent_group, responses, last_at)
    select campaign_id, channel_id, school_id, respondent_group, count(*), max(received_at)
    from response group by 1, 2, 3, 4`.execute(db);
  await sql`
    insert into response_hourly (campaign_id, school_id, hour, responses)
    select campaign_id, school_id, date_trunc('hour', received_at, 'UTC'), count(*)
    from response group by 1, 2, 3`.execute(db);
  await sql`
    insert into response_hourly_campaign (campaign_id, hour, shard, responses)
    select campaign_id, date_trunc('hour', received_at, 'UTC'), coalesce(school_id, 0) % 16,
      count(*)
    from response group by 1, 2, 3`.execute(db);
}

/**
 * Rows are added in key order (ORDER BY), so two statements that touch the
 * same cells lock them in the same order and cannot deadlock.
 */
async function createResponseTriggers(db: Kysely<any>): Promise<void> {
  await sql`
    create function response_tally_insert() returns trigger language plpgsql as $$
    begin
      insert into response_tally as t
        (campaign_id, channel_id, school_id, respondent_group, responses, last_at)
      select campaign_id, channel_id, school_id, respondent_group, count(*), max(received_at)
      from new_responses
      group by campaign_id, channel_id, school_id, respondent_group
      order by campaign_id, channel_id, school_id, respondent_group
      on conflict (campaign_id, channel_id, coalesce(school_id, 0), respondent_group) do update
        set responses = t.responses + excluded.responses,
            last_at = greatest(t.last_at, excluded.last_at);

      insert into response_hourly as t (campaign_id, school_id, hour, responses)
      select campaign_id, school_id, date_trunc('hour', received_at, 'UTC'), count(*)
      from new_responses
      group by 1, 2, 3
      order by 1, 2, 3
      on conflict (campaign_id, coalesce(school_id, 0), hour) do update
        set responses = t.responses + excluded.responses;

      insert into response_hourly_campaign as t (campaign_id, hour, shard, responses)
      select campaign_id, date_trunc('hour', received_at, 'UTC'), coalesce(school_id, 0) % 16,
        count(*)
      from new_responses
      group by 1, 2, 3
      order by 1, 2, 3
      on conflict (campaign_id, hour, shard) do update
        set responses = t.responses + excluded.responses;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger response_tally_insert after insert on response
    referencing new table as new_responses
    for each statement execute function response_tally_insert()`.execute(db);

  // Only a purge deletes responses (see 0001). Counts go down; a cell's latest
  // arrival is looked up again among the responses it still has.
  await sql`
    create function response_tally_delete() returns trigger language plpgsql as $$
    begin
      update response_tally t set responses = t.responses - d.n
      from (
        select campaign_id, channel_id, school_id, respondent_group, count(*) as n
        from old_responses group by 1, 2, 3, 4 order by 1, 2, 3, 4
      ) d
      where t.campaign_id = d.campaign_id and t.channel_id = d.channel_id
        and t.school_id is not distinct from d.school_id
        and t.respondent_group = d.respondent_group;
      delete from response_tally t
      where t.responses <= 0 and t.campaign_id in (select campaign_id from old_responses);
      update response_tally t set last_at = (
        select max(r.received_at) from response r
        where r.channel_id = t.channel_id and r.campaign_id = t.campaign_id
          and r.school_id is not distinct from t.school_id
          and r.respondent_group = t.respondent_group)
      where exists (
        select 1 from old_responses o
        where o.campaign_id = t.campaign_id and o.channel_id = t.channel_id
          and o.school_id is not distinct from t.school_id
          and o.respondent_group = t.respondent_group);

      update response_hourly t set responses = t.responses - d.n
      from (
        select campaign_id, school_id, date_trunc('hour', received_at, 'UTC') as hour,
          count(*) as n
        from old_responses group by 1, 2, 3 order by 1, 2, 3
      ) d
      where t.campaign_id = d.campaign_id and t.school_id is not distinct from d.school_id
        and t.hour = d.hour;
      delete from response_hourly t
      where t.responses <= 0 and t.campaign_id in (select campaign_id from old_responses);

      update response_hourly_campaign t set responses = t.responses - d.n
      from (
        select campaign_id, date_trunc('hour', received_at, 'UTC') as hour,
          coalesce(school_id, 0) % 16 as shard, count(*) as n
        from old_responses group by 1, 2, 3 order by 1, 2, 3
      ) d
      where t.campaign_id = d.campaign_id and t.hour = d.hour and t.shard = d.shard;
      delete from response_hourly_campaign t
      where t.responses <= 0 and t.campaign_id in (select campaign_id from old_responses);
      return null;
    end $$`.execute(db);
  await sql`
    create trigger response_tally_delete after delete on response
    referencing old table as old_responses
    for each statement execute function response_tally_delete()`.execute(db);
}

/**
 * `changes` selects (campaign_id, channel_id, started_at, furthest_page, sign)
 * from the transition tables: +1 for a row as it is now, −1 for a row as it was.
 */
function visitDeltas(changes: string) {
  return {
    channels: `
      select campaign_id, channel_id, sum(sign) as opened,
        coalesce(sum(sign) filter (where started_at is not null), 0) as started
      from (${changes}) c
      group by campaign_id, channel_id
      having sum(sign) <> 0 or sum(sign) filter (where started_at is not null) <> 0
      order by campaign_id, channel_id`,
    pages: `
      select campaign_id, channel_id, page, sum(sign) as reached
      from (${changes}) c, generate_series(1, c.furthest_page) as page
      group by campaign_id, channel_id, page
      having sum(sign) <> 0
      order by campaign_id, channel_id, page`,
  };
}

/** Inserts and updates add to the tallies, creating cells as needed. */
function upsertVisitTallies(changes: string): string {
  const d = visitDeltas(changes);
  return `
    begin
      insert into visit_tally as t (campaign_id, channel_id, opened, started)
      ${d.channels}
      on conflict (campaign_id, channel_id) do update
        set opened = t.opened + excluded.opened, started = t.started + excluded.started;
      insert into visit_page_tally as t (campaign_id, channel_id, page, reached)
      ${d.pages}
      on conflict (campaign_id, channel_id, page) do update
        set reached = t.reached + excluded.reached;
      return null;
    end`;
}

/**
 * Deletes only subtract from cells that exist: when a channel or campaign is
 * deleted, its tally rows may already be gone (cascade), and re-creating them
 * would point at a row being deleted.
 */
function subtractVisitTallies(changes: string): string {
  const d = visitDeltas(changes);
  return `
    begin
      update visit_tally t set opened = t.opened + d.opened, started = t.started + d.started
      from (${d.channels}) d
      where t.campaign_id = d.campaign_id and t.channel_id = d.channel_id;
      update visit_page_tally t set reached = t.reached + d.reached
      from (${d.pages}) d
      where t.campaign_id = d.campaign_id and t.channel_id = d.channel_id and t.page = d.page;
      return null;
    end`;
}

async function createVisitTriggers(db: Kysely<any>): Promise<void> {
  const now =
    "select campaign_id, channel_id, started_at, furthest_page, 1 as sign from new_visits";
  const before =
    "select campaign_id, channel_id, started_at, furthest_page, -1 as sign from old_visits";
  // A trigger with transition tables serves one event, hence three functions.
  const events = [
    { name: "insert", body: upsertVisitTallies(now), referencing: "new table as new_visits" },
    {
      name: "update",
      body: upsertVisitTallies(`${now} union all ${before}`),
      referencing: "old table as old_visits new table as new_visits",
    },
    { name: "delete", body: subtractVisitTallies(before), referencing: "old table as old_visits" },
  ];
  for (const e of events) {
    const name = sql.raw(`visit_tally_${e.name}`);
    await sql`
      create function ${name}() returns trigger language plpgsql
      as $$ ${sql.raw(e.body)} $$`.execute(db);
    await sql`
      create trigger ${name} after ${sql.raw(e.name)} on visit
      referencing ${sql.raw(e.referencing)}
      for each statement execute function ${name}()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("visit").execute();
  for (const name of ["insert", "update", "delete"]) {
    await sql`drop function ${sql.raw(`visit_tally_${name}`)}()`.execute(db);
  }
  await sql`drop trigger response_tally_delete on response`.execute(db);
  await sql`drop trigger response_tally_insert on response`.execute(db);
  await sql`drop function response_tally_delete()`.execute(db);
  await sql`drop function response_tally_insert()`.execute(db);
  await db.schema.dropTable("visit_page_tally").execute();
  await db.schema.dropTable("visit_tally").execute();
  await db.schema.dropTable("response_hourly_campaign").execute();
  await db.schema.dropTable("response_hourly").execute();
  await db.schema.dropTable("response_tally").execute();
}
