import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";

/** The part a row of school figures describes; "school" = whole-school facility figures. */
export type IndicatorLevel = "school" | "primary" | "junior" | "senior";
export type IndicatorKind = "regular" | "teaching_point" | "special_education";

export interface SchoolIndicatorRow {
  schoolId: number;
  schoolCode: string;
  schoolYear: string;
  level: IndicatorLevel;
  kind: IndicatorKind;
  /** null: the school list's enrolment of the level. */
  students: number | null;
  resources: Record<string, number | null>;
  source: string;
  updatedBy: string;
  updatedAt: Date;
}

export type NewSchoolIndicator = Omit<SchoolIndicatorRow, "schoolCode" | "updatedAt">;

/** The school years with figures, newest first. */
export async function indicatorSchoolYears(
  db: Kysely<Database>,
  campaignId: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("school_indicator")
    .select("school_year")
    .distinct()
    .where("campaign_id", "=", campaignId)
    .orderBy("school_year", "desc")
    .execute();
  return rows.map((r) => r.school_year);
}

/** Every row of one school year, by school code then part. */
export async function listSchoolIndicators(
  db: Kysely<Database>,
  campaignId: number,
  schoolYear: string,
): Promise<SchoolIndicatorRow[]> {
  const rows = await db
    .selectFrom("school_indicator as i")
    .innerJoin("school as s", "s.id", "i.school_id")
    .select([
      "i.school_id",
      "s.code",
      "i.school_year",
      "i.level",
      "i.kind",
      "i.students",
      "i.resources",
      "i.source",
      "i.updated_by",
      "i.updated_at",
    ])
    .where("i.campaign_id", "=", campaignId)
    .where("i.school_year", "=", schoolYear)
    .orderBy("s.code")
    .orderBy("i.level")
    .execute();
  return rows.map((r) => ({
    schoolId: r.school_id,
    schoolCode: r.code,
    schoolYear: r.school_year,
    level: r.level,
    kind: r.kind,
    students: r.students,
    resources: r.resources,
    source: r.source,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  }));
}

/**
 * Inserts or replaces rows keyed by (school, school year, part): a row given replaces the
 * stored one whole, so a figure left out is no longer reported. Run inside a transaction.
 */
export async function upsertSchoolIndicators(
  db: Kysely<Database>,
  campaignId: number,
  rows: readonly NewSchoolIndicator[],
): Promise<number> {
  for (const row of rows) {
    const values = {
      kind: row.kind,
      students: row.students,
      resources: JSON.stringify(row.resources),
      source: row.source,
      updated_by: row.updatedBy,
      updated_at: new Date(),
    };
    await db
      .insertInto("school_indicator")
      .values({
        campaign_id: campaignId,
        school_id: row.schoolId,
        school_year: row.schoolYear,
        level: row.level,
        ...values,
      })
      .onConflict((oc) => oc.constraint("school_indicator_key").doUpdateSet(values))
      .execute();
  }
  return rows.length;
}
