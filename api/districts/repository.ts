import type { Kysely } from "kysely";
import type { Database, District, DistrictLevel } from "../db/database.ts";

/** All SQL for districts. */

export interface NewDistrict {
  name: string;
  level: DistrictLevel;
  province: string | null;
  city: string | null;
  bureauName: string;
  isDemo?: boolean;
}

export async function insertDistrict(db: Kysely<Database>, d: NewDistrict): Promise<District> {
  return db
    .insertInto("district")
    .values({
      name: d.name,
      level: d.level,
      province: d.province,
      city: d.city,
      bureau_name: d.bureauName,
      is_demo: d.isDemo ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findDistrict(db: Kysely<Database>, id: number): Promise<District | undefined> {
  return db.selectFrom("district").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Every district, oldest first (an operator's admin chooses among them). */
export function listDistricts(db: Kysely<Database>): Promise<District[]> {
  return db.selectFrom("district").selectAll().orderBy("id").execute();
}

/** The demo's district, made once and kept across demo resets. */
export async function demoDistrictRow(
  db: Kysely<Database>,
  spec: Omit<NewDistrict, "isDemo">,
): Promise<District> {
  const existing = await db
    .selectFrom("district")
    .selectAll()
    .where("is_demo", "=", true)
    .where("name", "=", spec.name)
    .orderBy("id")
    .executeTakeFirst();
  return existing ?? insertDistrict(db, { ...spec, isDemo: true });
}

/** Whether any district other than the demo's exists (a bureau has set up its own). */
export async function hasRealDistrict(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("district")
    .select("id")
    .where("is_demo", "=", false)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
