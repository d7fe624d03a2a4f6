import type { Kysely } from "kysely";
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
