import { type Kysely, sql } from "kysely";

/**
 * What the bureau plans with: residents per area type (the sample's
 * urban/town/rural shares follow them when entered), an override of the
 * total target (the computed one stays visible beside it), teacher counts per
 * school, and what each channel is for (a school's poster, a class, a WeChat
 * group, an event, one respondent group, or a district-wide link).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("campaign")
    .addColumn("urban_population", "integer", (c) => c.check(sql`urban_population >= 0`))
    .addColumn("town_population", "integer", (c) => c.check(sql`town_population >= 0`))
    .addColumn("rural_population", "integer", (c) => c.check(sql`rural_population >= 0`))
    // A floor like the computed target: the plan uses the larger of the two.
    .addColumn("target_total_override", "integer", (c) =>
      c.check(sql`target_total_override between 1 and 1000000`),
    )
    .execute();

  await db.schema
    .alterTable("school")
    // Full-time teachers over all levels; optional (null: not entered).
    .addColumn("teachers", "integer", (c) => c.check(sql`teachers >= 0`))
    .execute();

  // 'district' is a link of the bureau's with no school and no preset group
  // (its official account, a district-wide staff group): the demo and older
  // campaigns have these. The default only serves inserts that predate `kind`;
  // the repository always names the kind.
  await db.schema
    .alterTable("channel")
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .defaultTo("district")
        .check(
          sql`kind in ('school', 'class', 'wechat_group', 'event', 'respondent_group', 'district')`,
        ),
    )
    .execute();
  await sql`
    update channel set kind = case
      when school_id is not null then 'school'
      when respondent_group is not null then 'respondent_group'
      else 'district' end`.execute(db);
  await sql`
    alter table channel add constraint channel_kind_school
      check (kind not in ('school', 'class') or school_id is not null)`.execute(db);
  await sql`
    alter table channel add constraint channel_kind_group
      check (kind <> 'respondent_group' or respondent_group is not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("channel").dropConstraint("channel_kind_group").execute();
  await db.schema.alterTable("channel").dropConstraint("channel_kind_school").execute();
  await db.schema.alterTable("channel").dropColumn("kind").execute();
  await db.schema.alterTable("school").dropColumn("teachers").execute();
  await db.schema
    .alterTable("campaign")
    .dropColumn("target_total_override")
    .dropColumn("rural_population")
    .dropColumn("town_population")
    .dropColumn("urban_population")
    .execute();
}
