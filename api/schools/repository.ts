import { type Kysely, type Updateable, sql } from "kysely";
import type {
  AreaType,
  Database,
  Enrolment,
  SchoolKind,
  SchoolOperator,
  SchoolOwnership,
  SchoolTable,
} from "../db/database.ts";

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
  /** Teachers over all levels; null or absent: not entered. */
  teachers?: number | null;
  /** Absent: public, county-run, regular (on an update: keep what is stored). */
  ownership?: SchoolOwnership;
  operator?: SchoolOperator;
  kind?: SchoolKind;
}

/** The kind columns given, for an insert; absent ones take the database's defaults. */
function kindValues(s: Pick<NewSchool, "ownership" | "operator" | "kind">) {
  return {
    ...(s.ownership === undefined ? {} : { ownership: s.ownership }),
    ...(s.operator === undefined ? {} : { operator: s.operator }),
    ...(s.kind === undefined ? {} : { kind: s.kind }),
  };
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
      teachers: s.teachers ?? null,
      ...kindValues(s),
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
 * responses keep pointing at them. `teachers: undefined` (a file without the
 * column) keeps a school's stored teacher count; so does an absent kind column its kind.
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
        teachers: s.teachers ?? null,
        ...kindValues(s),
      })
      .onConflict((oc) =>
        oc.columns(["campaign_id", "code"]).doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          town: eb.ref("excluded.town"),
          area_type: eb.ref("excluded.area_type"),
          levels: eb.ref("excluded.levels"),
          enrolment: eb.ref("excluded.enrolment"),
          ...(s.teachers === undefined ? {} : { teachers: eb.ref("excluded.teachers") }),
          ...(s.ownership === undefined ? {} : { ownership: eb.ref("excluded.ownership") }),
          ...(s.operator === undefined ? {} : { operator: eb.ref("excluded.operator") }),
          ...(s.kind === undefined ? {} : { kind: eb.ref("excluded.kind") }),
        })),
      )
      // xmax = 0 only for a freshly inserted row: tells inserts from updates in one statement.
      .returning(sql<boolean>`xmax = 0`.as("inserted"))
      .executeTakeFirstOrThrow();
    if (row.inserted) inserted += 1;
  }
  return { inserted, updated: schools.length - inserted };
}

/** A school as staff pages list and edit it. */
export interface SchoolRecord {
  id: number;
  campaignId: number;
  code: string;
  name: string;
  town: string;
  areaType: AreaType;
  levels: string[];
  enrolment: Enrolment;
  teachers: number | null;
  ownership: SchoolOwnership;
  operator: SchoolOperator;
  kind: SchoolKind;
  /** Students over all levels. */
  students: number;
}

function schoolRecords(db: Kysely<Database>) {
  return db
    .selectFrom("school")
    .select([
      "id",
      "campaign_id as campaignId",
      "code",
      "name",
      "town",
      "area_type as areaType",
      "levels",
      "enrolment",
      "teachers",
      "ownership",
      "operator",
      "kind",
    ]);
}

function withStudents(row: Omit<SchoolRecord, "students">): SchoolRecord {
  const students = Object.values(row.enrolment).reduce((sum: number, n) => sum + (n ?? 0), 0);
  return { ...row, students };
}

/** A campaign's schools by code; `schoolId` narrows them to one (a school account's own). */
export async function listSchools(
  db: Kysely<Database>,
  campaignId: number,
  schoolId: number | null = null,
): Promise<SchoolRecord[]> {
  let query = schoolRecords(db).where("campaign_id", "=", campaignId);
  if (schoolId !== null) query = query.where("id", "=", schoolId);
  return (await query.orderBy("code").execute()).map(withStudents);
}

export async function findSchool(
  db: Kysely<Database>,
  id: number,
): Promise<SchoolRecord | undefined> {
  const row = await schoolRecords(db).where("id", "=", id).executeTakeFirst();
  return row && withStudents(row);
}

export interface SchoolChanges {
  name?: string;
  town?: string;
  areaType?: AreaType;
  levels?: string[];
  enrolment?: Enrolment;
  teachers?: number | null;
  ownership?: SchoolOwnership;
  operator?: SchoolOperator;
  kind?: SchoolKind;
}

/** Changes the given fields of one school (the code stays: imports match on it). */
export async function updateSchool(
  db: Kysely<Database>,
  id: number,
  changes: SchoolChanges,
): Promise<SchoolRecord | undefined> {
  const set: Updateable<SchoolTable> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.town !== undefined) set.town = changes.town;
  if (changes.areaType !== undefined) set.area_type = changes.areaType;
  if (changes.levels !== undefined) set.levels = changes.levels;
  if (changes.enrolment !== undefined) set.enrolment = JSON.stringify(changes.enrolment);
  if (changes.teachers !== undefined) set.teachers = changes.teachers;
  if (changes.ownership !== undefined) set.ownership = changes.ownership;
  if (changes.operator !== undefined) set.operator = changes.operator;
  if (changes.kind !== undefined) set.kind = changes.kind;
  if (Object.keys(set).length > 0) {
    await db.updateTable("school").set(set).where("id", "=", id).execute();
  }
  return findSchool(db, id);
}
