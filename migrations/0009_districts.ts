import { type Kysely, sql } from "kysely";

/**
 * A bureau runs its own campaigns, round after round:
 * - `district` owns campaigns and staff accounts. Its bureau's name and the campaign's contact
 *   line are what the respondent page shows as "who runs this survey". A city or province above
 *   districts (a later roll-up) would be a table that districts point to; nothing here assumes
 *   a district stands alone.
 * - A staff account belongs to a district, not to a campaign; a school account to one school
 *   by its code, so it carries over to the next round's copy of that school. Each campaign
 *   keeps its own school rows (figures for its year); the code ties them together.
 * - Campaigns gain 'archived', a contact line, and the first-run setup tokens live here
 *   (hashes only) so every API process honours the same link.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("district")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 1 and 50`))
    // 区, 县 or 县级市: the wording of the bureau's texts follows it.
    .addColumn("level", "text", (c) =>
      c
        .notNull()
        .defaultTo("district")
        .check(sql`level in ('district', 'county', 'county_city')`),
    )
    // Null only for districts carried over from campaigns made before districts existed.
    .addColumn("province", "text")
    .addColumn("city", "text")
    .addColumn("bureau_name", "text", (c) =>
      c.notNull().check(sql`length(bureau_name) between 1 and 80`),
    )
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable("campaign")
    .addColumn("district_id", "integer", (c) => c.references("district.id"))
    // Who respondents may ask about the survey: a phone or office line, never a person's own.
    .addColumn("contact_line", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(contact_line) <= 200`),
    )
    .execute();
  // One district per district name the earlier campaigns carried.
  await sql`
    insert into district (name, bureau_name, is_demo)
    select district, district || '教育局', bool_and(is_demo)
    from campaign group by district order by min(id)`.execute(db);
  await sql`
    update campaign set district_id = d.id from district d where d.name = campaign.district`.execute(
    db,
  );
  await sql`alter table campaign alter column district_id set not null`.execute(db);
  await db.schema
    .createIndex("campaign_district_idx")
    .on("campaign")
    .column("district_id")
    .execute();
  await sql`alter table campaign drop constraint campaign_status_check`.execute(db);
  await sql`
    alter table campaign add constraint campaign_status_check
      check (status in ('draft', 'open', 'closed', 'archived'))`.execute(db);

  await db.schema
    .alterTable("staff_user")
    // Null: an operator's admin made on the command line, who sees every district.
    .addColumn("district_id", "integer", (c) => c.references("district.id").onDelete("cascade"))
    .addColumn("school_code", "text")
    // A temporary password (a reset or a new account) must be changed at the next sign-in.
    .addColumn("must_change_password", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("last_login_at", "timestamptz")
    .execute();
  await sql`
    update staff_user u set district_id = c.district_id
    from campaign c where c.id = u.campaign_id`.execute(db);
  await sql`
    update staff_user u set school_code = s.code, district_id = c.district_id
    from school s join campaign c on c.id = s.campaign_id where s.id = u.school_id`.execute(db);
  await sql`alter table staff_user drop constraint staff_user_school_iff_school_role`.execute(db);
  await sql`alter table staff_user drop constraint staff_user_campaign_scope`.execute(db);
  await db.schema.alterTable("staff_user").dropColumn("school_id").execute();
  await db.schema.alterTable("staff_user").dropColumn("campaign_id").execute();
  await sql`
    alter table staff_user add constraint staff_user_school_iff_school_role
      check ((role = 'school') = (school_code is not null))`.execute(db);
  await sql`
    alter table staff_user add constraint staff_user_district_scope
      check (role = 'admin' or district_id is not null)`.execute(db);
  await db.schema
    .createIndex("staff_user_district_idx")
    .on("staff_user")
    .column("district_id")
    .execute();

  await db.schema
    .createTable("setup_token")
    // SHA-256 of the printed token: the database never holds the link itself.
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("used_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("setup_token").execute();
  await sql`alter table staff_user drop constraint staff_user_district_scope`.execute(db);
  await sql`alter table staff_user drop constraint staff_user_school_iff_school_role`.execute(db);
  await db.schema
    .alterTable("staff_user")
    .addColumn("school_id", "integer", (c) => c.references("school.id").onDelete("cascade"))
    .addColumn("campaign_id", "integer", (c) => c.references("campaign.id").onDelete("cascade"))
    .execute();
  // A school account goes back to its school in the district's newest campaign.
  await sql`
    update staff_user u set school_id = s.id, campaign_id = s.campaign_id
    from school s join campaign c on c.id = s.campaign_id
    where u.school_code = s.code and c.district_id = u.district_id
      and c.id = (select max(c2.id) from campaign c2 join school s2 on s2.campaign_id = c2.id
                  where c2.district_id = u.district_id and s2.code = u.school_code)`.execute(db);
  await sql`
    update staff_user u set campaign_id = (select max(id) from campaign c where c.district_id = u.district_id)
    where u.role <> 'admin' and u.campaign_id is null`.execute(db);
  await sql`delete from staff_user where role = 'school' and school_id is null`.execute(db);
  await sql`delete from staff_user where role not in ('admin', 'school') and campaign_id is null`.execute(
    db,
  );
  await db.schema
    .alterTable("staff_user")
    .dropColumn("district_id")
    .dropColumn("school_code")
    .dropColumn("must_change_password")
    .dropColumn("last_login_at")
    .execute();
  await sql`
    alter table staff_user add constraint staff_user_school_iff_school_role
      check ((role = 'school') = (school_id is not null))`.execute(db);
  await sql`
    alter table staff_user add constraint staff_user_campaign_scope
      check (role = 'admin' or campaign_id is not null)`.execute(db);
  await sql`update campaign set status = 'closed' where status = 'archived'`.execute(db);
  await sql`alter table campaign drop constraint campaign_status_check`.execute(db);
  await sql`
    alter table campaign add constraint campaign_status_check
      check (status in ('draft', 'open', 'closed'))`.execute(db);
  await db.schema.alterTable("campaign").dropColumn("contact_line").execute();
  await db.schema.alterTable("campaign").dropColumn("district_id").execute();
  await db.schema.dropTable("district").execute();
}
