import { type Kysely, sql } from "kysely";

/**
 * What kind of school each one is, on the school list: public or private (公办 / 民办), run by the
 * county or by another body (province, city, university, enterprise), and a regular school, a
 * teaching point (教学点), a special-education or a vocational school. The two assessment methods
 * leave different kinds out of their difference coefficients. Existing schools become public,
 * county-run and regular, except where an earlier figures sheet already called one a teaching
 * point or a special-education school: that kind moves onto the school.
 *
 * Entries of assessment items gain the figures staff enter for them (a retention rate, a
 * monitoring level …), a jsonb object of numbers by figure id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("school")
    .addColumn("ownership", "text", (c) =>
      c
        .notNull()
        .defaultTo("public")
        .check(sql`ownership in ('public', 'private')`),
    )
    .addColumn("operator", "text", (c) =>
      c
        .notNull()
        .defaultTo("county")
        .check(sql`operator in ('county', 'province', 'city', 'university', 'enterprise')`),
    )
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .defaultTo("regular")
        .check(sql`kind in ('regular', 'teaching_point', 'special_education', 'vocational')`),
    )
    .execute();
  // The newest school year's kind wins when the figures of two years disagree.
  await sql`
    update school set kind = latest.kind
    from (
      select distinct on (school_id) school_id, kind
      from school_indicator
      where kind <> 'regular'
      order by school_id, school_year desc
    ) as latest
    where latest.school_id = school.id`.execute(db);

  await db.schema
    .alterTable("veto_entry")
    .addColumn("figures", "jsonb", (c) =>
      c
        .notNull()
        .defaultTo(sql`'{}'::jsonb`)
        .check(sql`jsonb_typeof(figures) = 'object'`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("veto_entry").dropColumn("figures").execute();
  await db.schema
    .alterTable("school")
    .dropColumn("ownership")
    .dropColumn("operator")
    .dropColumn("kind")
    .execute();
}
