import { type Kysely, sql } from "kysely";
import type { Database, StaffRole } from "../db/database.ts";

/** All SQL of managing staff accounts: the list, changes, sessions to end, the bulk insert. */

export interface AccountRow {
  id: number;
  username: string;
  role: StaffRole;
  districtId: number | null;
  schoolCode: string | null;
  /** The school's name in the newest campaign of the district that has its code. */
  schoolName: string | null;
  displayName: string;
  createdAt: Date;
  disabledAt: Date | null;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
}

function accountRows(db: Kysely<Database>) {
  return db
    .selectFrom("staff_user as u")
    .select((eb) => [
      "u.id",
      "u.username",
      "u.role",
      "u.district_id as districtId",
      "u.school_code as schoolCode",
      "u.display_name as displayName",
      "u.created_at as createdAt",
      "u.disabled_at as disabledAt",
      "u.must_change_password as mustChangePassword",
      "u.last_login_at as lastLoginAt",
      eb
        .selectFrom("school as s")
        .innerJoin("campaign as c", "c.id", "s.campaign_id")
        .select("s.name")
        .whereRef("s.code", "=", "u.school_code")
        .whereRef("c.district_id", "=", "u.district_id")
        .orderBy("c.id", "desc")
        .limit(1)
        .as("schoolName"),
    ]);
}

/** The accounts of a district (every account when null: an operator's view), admins first. */
export async function listAccounts(
  db: Kysely<Database>,
  districtId: number | null,
): Promise<AccountRow[]> {
  let query = accountRows(db);
  if (districtId !== null) query = query.where("u.district_id", "=", districtId);
  return query
    .orderBy(
      sql`case u.role when 'admin' then 0 when 'publicity' then 1 when 'viewer' then 2 else 3 end`,
    )
    .orderBy("u.school_code")
    .orderBy("u.username")
    .execute();
}

/** One account, if it is in the district (any district when null). */
export async function findAccount(
  db: Kysely<Database>,
  id: number,
  districtId: number | null,
): Promise<AccountRow | undefined> {
  let query = accountRows(db).where("u.id", "=", id);
  if (districtId !== null) query = query.where("u.district_id", "=", districtId);
  return query.executeTakeFirst();
}

/** Whether any campaign of the district has a school with this code. */
export async function districtHasSchoolCode(
  db: Kysely<Database>,
  districtId: number,
  code: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("school")
    .innerJoin("campaign", "campaign.id", "school.campaign_id")
    .select("school.id")
    .where("campaign.district_id", "=", districtId)
    .where("school.code", "=", code)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface AccountChanges {
  role: StaffRole;
  schoolCode: string | null;
  displayName: string;
}

export async function updateAccount(
  db: Kysely<Database>,
  id: number,
  changes: AccountChanges,
): Promise<void> {
  await db
    .updateTable("staff_user")
    .set({
      role: changes.role,
      school_code: changes.schoolCode,
      display_name: changes.displayName,
    })
    .where("id", "=", id)
    .execute();
}

/** Disables (a time) or enables (null) an account. */
export async function setDisabledAt(
  db: Kysely<Database>,
  id: number,
  at: Date | null,
): Promise<void> {
  await db.updateTable("staff_user").set({ disabled_at: at }).where("id", "=", id).execute();
}

/** A temporary password: it opens the password change only, until changed. */
export async function setTemporaryPasswordHash(
  db: Kysely<Database>,
  id: number,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable("staff_user")
    .set({ password_hash: passwordHash, must_change_password: true })
    .where("id", "=", id)
    .execute();
}

/** Signs the account out everywhere; returns how many sessions ended. */
export async function endSessions(db: Kysely<Database>, userId: number): Promise<number> {
  const result = await db
    .deleteFrom("staff_session")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Usernames (lower case) with a failed sign-in since `since`: the only ones that may be locked. */
export async function usernamesFailingSince(
  db: Kysely<Database>,
  since: Date,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom("login_attempt")
    .select("username_lower")
    .distinct()
    .where("succeeded", "=", false)
    .where("at", ">", since)
    .execute();
  return new Set(rows.map((r) => r.username_lower));
}

/** Every username in use, lower case (they are unique regardless of case). */
export async function usernamesInUse(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db
    .selectFrom("staff_user")
    .select(sql<string>`lower(username)`.as("name"))
    .execute();
  return new Set(rows.map((r) => r.name));
}

/** The district's school accounts: school code → username. */
export async function schoolAccountsOf(
  db: Kysely<Database>,
  districtId: number,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("staff_user")
    .select(["school_code", "username"])
    .where("district_id", "=", districtId)
    .where("role", "=", "school")
    .orderBy("id")
    .execute();
  const byCode = new Map<string, string>();
  for (const r of rows)
    if (r.school_code && !byCode.has(r.school_code)) byCode.set(r.school_code, r.username);
  return byCode;
}

export interface NewSchoolAccount {
  username: string;
  passwordHash: string;
  districtId: number;
  schoolCode: string;
  displayName: string;
}

/** A school account with a temporary password; returns its id. */
export async function insertSchoolAccount(
  db: Kysely<Database>,
  a: NewSchoolAccount,
): Promise<number> {
  const row = await db
    .insertInto("staff_user")
    .values({
      username: a.username,
      password_hash: a.passwordHash,
      role: "school",
      district_id: a.districtId,
      school_code: a.schoolCode,
      display_name: a.displayName,
      must_change_password: true,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
