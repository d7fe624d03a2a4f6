import { type Kysely, sql } from "kysely";

/**
 * The assessment beside the survey (issue 5): school indicator figures, the veto checklist
 * with its evidence files, the government work score, the yearly budget series for "three
 * growths" and per-campaign assessment settings.
 *
 * School figures are raw numerators (m², yuan, books, teachers …) in one jsonb object per row,
 * keyed by the scheme's resource keys (analysis/assessment/schemes.ts `standardResources`):
 * provinces add indicators by data, not by migration. A row belongs to one school, one school
 * year and one part: `level` primary/junior/senior holds the figures of that part (teacher
 * counts, enrolment), `school` the whole-school facility figures of a multi-level school that
 * the scheme's split rule shares out (DOMAIN.md §3).
 *
 * Evidence files live in the database (bytea) so a backup holds everything; the size and
 * media type checks are repeated here so no writer can store anything else.
 */
const maxEvidenceBytes = 5 * 1024 * 1024;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("school_indicator")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("school_id", "integer", (c) =>
      c.notNull().references("school.id").onDelete("cascade"),
    )
    // "2025-2026": the statistics form's school year.
    .addColumn("school_year", "text", (c) =>
      c.notNull().check(sql`school_year ~ '^[0-9]{4}-[0-9]{4}$'`),
    )
    .addColumn("level", "text", (c) =>
      c.notNull().check(sql`level in ('school', 'primary', 'junior', 'senior')`),
    )
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .defaultTo("regular")
        .check(sql`kind in ('regular', 'teaching_point', 'special_education')`),
    )
    // Enrolment of the part; null: take the school list's enrolment of that level.
    .addColumn("students", "integer", (c) => c.check(sql`students >= 0`))
    .addColumn("resources", "jsonb", (c) =>
      c
        .notNull()
        .defaultTo(sql`'{}'::jsonb`)
        .check(sql`jsonb_typeof(resources) = 'object'`),
    )
    // e.g. 教育事业统计 基础基表 (the form the figures come from).
    .addColumn("source", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(source) <= 200`),
    )
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("school_indicator_key", ["school_id", "school_year", "level"])
    .execute();
  await db.schema
    .createIndex("school_indicator_campaign")
    .on("school_indicator")
    .columns(["campaign_id", "school_year"])
    .execute();

  await db.schema
    .createTable("veto_entry")
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("item_id", "text", (c) => c.notNull().check(sql`length(item_id) between 1 and 64`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('met', 'not_met', 'unknown')`),
    )
    .addColumn("note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(note) <= 4000`),
    )
    // null: the scheme's departments for the item.
    .addColumn("departments", sql`text[]`)
    .addColumn("due_date", "date")
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("veto_entry_pk", ["campaign_id", "item_id"])
    .execute();

  await db.schema
    .createTable("evidence_file")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) => c.notNull())
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) =>
      c.notNull().check(sql`length(file_name) between 1 and 200`),
    )
    .addColumn("media_type", "text", (c) =>
      c.notNull().check(
        sql`media_type in ('application/pdf', 'image/jpeg', 'image/png',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document')`,
      ),
    )
    .addColumn("size", "integer", (c) =>
      c.notNull().check(sql.raw(`size between 1 and ${maxEvidenceBytes}`)),
    )
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull())
    .addColumn("uploaded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint(
      "evidence_file_entry",
      ["campaign_id", "item_id"],
      "veto_entry",
      ["campaign_id", "item_id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addCheckConstraint("evidence_file_size", sql`octet_length(content) = size`)
    .execute();
  await db.schema
    .createIndex("evidence_file_entry_idx")
    .on("evidence_file")
    .columns(["campaign_id", "item_id"])
    .execute();

  await db.schema
    .createTable("government_score")
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("indicator_id", "text", (c) =>
      c.notNull().check(sql`length(indicator_id) between 1 and 64`),
    )
    .addColumn("score", "double precision", (c) => c.notNull().check(sql`score >= 0`))
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("government_score_pk", ["campaign_id", "indicator_id"])
    .execute();

  // Yuan; per-level figures as jsonb { primary?, junior? } (null: not reported).
  await db.schema
    .createTable("budget_year")
    .addColumn("campaign_id", "integer", (c) =>
      c.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("year", "integer", (c) => c.notNull().check(sql`year between 1990 and 2100`))
    .addColumn("education_appropriation", "double precision")
    .addColumn("regular_fiscal_revenue", "double precision")
    .addColumn("staff_pay", "double precision")
    .addColumn("per_student_spending", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("per_student_public_funds", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("budget_year_pk", ["campaign_id", "year"])
    .execute();

  await db.schema
    .createTable("assessment_settings")
    .addColumn("campaign_id", "integer", (c) =>
      c.primaryKey().references("campaign.id").onDelete("cascade"),
    )
    // Enrolled disabled children / disabled children of school age; null: not entered.
    .addColumn("disabled_enrolment_rate", "double precision", (c) =>
      c.check(sql`disabled_enrolment_rate between 0 and 1`),
    )
    // The province's changes to the campaign's scheme (applySchemeOverrides); null: none.
    .addColumn("scheme_overrides", "jsonb")
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("assessment_settings").execute();
  await db.schema.dropTable("budget_year").execute();
  await db.schema.dropTable("government_score").execute();
  await db.schema.dropTable("evidence_file").execute();
  await db.schema.dropTable("veto_entry").execute();
  await db.schema.dropTable("school_indicator").execute();
}
