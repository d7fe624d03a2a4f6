import { type Kysely, sql } from "kysely";
import type { AreaType, Database, Enrolment } from "../db/database.ts";

export interface SchoolChoice {
  id: number;
  code: string;
  name: string;
  town: string;
}

/** The campaign's schools in a stable order, for the respondent's school picker. */
export async function listSchoolChoices(
  db: Kysely<Database>,
  campaignId: number,
): Promise<SchoolChoice[]> {
  return db
    .selectFrom("school")
    .select(["id", "code", "name", "town"])
    .where("campaign_id", "=", campaignId)
    .orderBy("town")
    .orderBy("code")
    .execute();
}

export interface NewSchool {
  campaignId: number;
  code: string;
  name: string;
  town: string;
  areaType: AreaType;
  levels: string[];
  enrolment: Enrolment;
}

export async function insertSchool(db: Kysely<Database>, s: NewSchool): Promise<number> {
  const row = await db
    .insertInto("school")
    .values({
      campaign_id: s.campaignId,
      code: s.code,
      name: s.name,
      town: s.town,
      area_type: s.areaType,
      levels: s.levels,
      enrolment: JSON.stringify(s.enrolment),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SchoolEnrolment {
  id: number;
  code: string;
  name: string;
  areaType: AreaType;
  /** Students over all levels (a nine-year school counts both parts). */
  students: number;
}

/** Enrolment per school: the parents' sample is split by it. */
export async function listSchoolEnrolment(
  db: Kysely<Database>,
  campaignId: number,
): Promise<SchoolEnrolment[]> {
  const rows = await db
    .selectFrom("school")
    .select(["id", "code", "name", "area_type as areaType", "enrolment"])
    .where("campaign_id", "=", campaignId)
    .orderBy("code")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    areaType: r.areaType,
    students: Object.values(r.enrolment).reduce((sum: number, n) => sum + (n ?? 0), 0),
  }));
}

export interface UpsertSummary {
  inserted: number;
  updated: number;
}

/**
 * Adds the campaign's schools or updates them by code, in the caller's
 * transaction. Schools missing from the file are left as they are: their
 * responses keep pointing at them.
 */
export async function upsertSchools(
  db: Kysely<Database>,
  campaignId: number,
  schools: readonly Omit<NewSchool, "campaignId">[],
): Promise<UpsertSummary> {
  let inserted = 0;
  for (const s of schools) {
    const row = await db
      .insertInto("school")
      .values({
        campaign_id: campaignId,
        code: s.code,
        name: s.name,
        town: s.town,
        area_type: s.areaType,
        levels: s.levels,
        enrolment: JSON.stringify(s.enrolment),
      })
      .onConflict((oc) =>
        oc.columns(["campaign_id", "code"]).doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          town: eb.ref("excluded.town"),
          area_type: eb.ref("excluded.area_type"),
          levels: eb.ref("excluded.levels"),
          enrolment: eb.ref("excluded.enrolment"),
        })),
      )
      // xmax = 0 only for a freshly inserted row: tells inserts from updates in one statement.
      .returning(sql<boolean>`xmax = 0`.as("inserted"))
      .executeTakeFirstOrThrow();
    if (row.inserted) inserted += 1;
  }
  return { inserted, updated: schools.length - inserted };
}
