import { type Kysely, sql } from "kysely";
import type { Database, StaffRole, StaffUserRow } from "../db/database.ts";

/** All SQL for staff accounts, sessions and login attempts. */

export interface StaffUser {
  id: number;
  username: string;
  role: StaffRole;
  /** The district it works for; null: an operator's admin, who sees every district. */
  districtId: number | null;
  /** A school account's school, by code, in every campaign of its district. */
  schoolCode: string | null;
  displayName: string;
  /** A temporary password: every route but the password change answers 403 until it changes. */
  mustChangePassword: boolean;
}

function toStaffUser(row: StaffUserRow): StaffUser {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    districtId: row.district_id,
    schoolCode: row.school_code,
    displayName: row.display_name,
    mustChangePassword: row.must_change_password,
  };
}

export interface NewStaffUser {
  username: string;
  passwordHash: string;
  role: StaffRole;
  districtId: number | null;
  schoolCode: string | null;
  displayName: string;
  mustChangePassword: boolean;
}

export async function insertStaffUser(db: Kysely<Database>, u: NewStaffUser): Promise<StaffUser> {
  const row = await db
    .insertInto("staff_user")
    .values({
      username: u.username,
      password_hash: u.passwordHash,
      role: u.role,
      district_id: u.districtId,
      school_code: u.schoolCode,
      display_name: u.displayName,
      must_change_password: u.mustChangePassword,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStaffUser(row);
}

/** The account by username, any case, with its password hash (for login only). */
export async function findStaffLogin(
  db: Kysely<Database>,
  username: string,
): Promise<(StaffUser & { passwordHash: string; disabled: boolean }) | undefined> {
  const row = await db
    .selectFrom("staff_user")
    .selectAll()
    .where(sql<string>`lower(username)`, "=", username.toLowerCase())
    .executeTakeFirst();
  return row
    ? { ...toStaffUser(row), passwordHash: row.password_hash, disabled: row.disabled_at !== null }
    : undefined;
}

export async function findPasswordHash(
  db: Kysely<Database>,
  userId: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("staff_user")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  return row?.password_hash;
}

/** A new password hash; `temporary`: it must be changed at the next sign-in. */
export async function setPasswordHash(
  db: Kysely<Database>,
  userId: number,
  passwordHash: string,
  temporary = false,
): Promise<void> {
  await db
    .updateTable("staff_user")
    .set({ password_hash: passwordHash, must_change_password: temporary })
    .where("id", "=", userId)
    .execute();
}

/** Deletes the account (its sessions go with it); true when one existed. */
export async function deleteStaffUserByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("staff_user")
    .where(sql<string>`lower(username)`, "=", username.toLowerCase())
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface NewSession {
  id: string;
  userId: number;
  csrfToken: string;
  now: Date;
  expiresAt: Date;
  ipHash: string | null;
}

export async function insertSession(db: Kysely<Database>, s: NewSession): Promise<void> {
  await db
    .insertInto("staff_session")
    .values({
      id: s.id,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ip_hash: s.ipHash,
    })
    .execute();
}

export interface LiveSession {
  id: string;
  csrfToken: string;
  lastSeenAt: Date;
  user: StaffUser;
}

/** A session that has neither expired nor idled out, of an account that is not disabled. */
export async function findLiveSession(
  db: Kysely<Database>,
  id: string,
  now: Date,
  idleSince: Date,
): Promise<LiveSession | undefined> {
  const row = await db
    .selectFrom("staff_session as s")
    .innerJoin("staff_user as u", "u.id", "s.user_id")
    .selectAll("u")
    .select(["s.id as session_id", "s.csrf_token", "s.last_seen_at"])
    .where("s.id", "=", id)
    .where("s.expires_at", ">", now)
    .where("s.last_seen_at", ">", idleSince)
    .where("u.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.session_id,
    csrfToken: row.csrf_token,
    lastSeenAt: row.last_seen_at,
    user: toStaffUser(row),
  };
}

export async function touchSession(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable("staff_session").set({ last_seen_at: now }).where("id", "=", id).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("staff_session").where("id", "=", id).execute();
}

/** Revokes every session of the user except `keepId`. */
export async function deleteOtherSessions(
  db: Kysely<Database>,
  userId: number,
  keepId: string,
): Promise<number> {
  const result = await db
    .deleteFrom("staff_session")
    .where("user_id", "=", userId)
    .where("id", "<>", keepId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Housekeeping: expired sessions and login attempts older than `attemptsBefore`. */
export async function purgeStale(
  db: Kysely<Database>,
  now: Date,
  attemptsBefore: Date,
): Promise<void> {
  await db.deleteFrom("staff_session").where("expires_at", "<=", now).execute();
  await db.deleteFrom("login_attempt").where("at", "<", attemptsBefore).execute();
}

export async function insertLoginAttempt(
  db: Kysely<Database>,
  a: { usernameLower: string; ipHash: string | null; at: Date; succeeded: boolean },
): Promise<void> {
  await db
    .insertInto("login_attempt")
    .values({
      username_lower: a.usernameLower,
      ip_hash: a.ipHash,
      at: a.at,
      succeeded: a.succeeded,
    })
    .execute();
}

/**
 * The newest failed attempts (newest first, at most `limit`) for a username
 * or an IP hash since `since`; for a username, only those after its last
 * successful login.
 */
export async function recentFailures(
  db: Kysely<Database>,
  by: { usernameLower: string } | { ipHash: string },
  since: Date,
  limit: number,
): Promise<Date[]> {
  let after = since;
  let query = db
    .selectFrom("login_attempt")
    .select("at")
    .where("succeeded", "=", false)
    .orderBy("at", "desc")
    .limit(limit);
  if ("usernameLower" in by) {
    const lastOk = await db
      .selectFrom("login_attempt")
      .select((eb) => eb.fn.max("at").as("at"))
      .where("username_lower", "=", by.usernameLower)
      .where("succeeded", "=", true)
      .executeTakeFirst();
    if (lastOk?.at && new Date(lastOk.at) > after) after = new Date(lastOk.at);
    query = query.where("username_lower", "=", by.usernameLower);
  } else {
    query = query.where("ip_hash", "=", by.ipHash);
  }
  return (await query.where("at", ">", after).execute()).map((r) => r.at);
}

/** A campaign's district, for checking an account may work on it; undefined: no such campaign. */
export async function campaignDistrictId(
  db: Kysely<Database>,
  campaignId: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom("campaign")
    .select("district_id")
    .where("id", "=", campaignId)
    .executeTakeFirst();
  return row?.district_id;
}

/** The id of the campaign's school with this code; undefined when the campaign has none. */
export async function schoolIdByCode(
  db: Kysely<Database>,
  campaignId: number,
  code: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom("school")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .where("code", "=", code)
    .executeTakeFirst();
  return row?.id;
}

/** Whether any campaign of the district (any, when null) has a school with this code. */
export async function districtHasSchool(
  db: Kysely<Database>,
  districtId: number | null,
  code: string,
): Promise<boolean> {
  let query = db
    .selectFrom("school")
    .innerJoin("campaign", "campaign.id", "school.campaign_id")
    .select("school.id")
    .where("school.code", "=", code);
  if (districtId !== null) query = query.where("campaign.district_id", "=", districtId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** Whether a district exists. */
export async function districtExists(db: Kysely<Database>, id: number): Promise<boolean> {
  const row = await db.selectFrom("district").select("id").where("id", "=", id).executeTakeFirst();
  return row !== undefined;
}

/** Records a successful sign-in's time on the account (the accounts page shows it). */
export async function setLastLogin(db: Kysely<Database>, userId: number, at: Date): Promise<void> {
  await db.updateTable("staff_user").set({ last_login_at: at }).where("id", "=", userId).execute();
}

/** A district's name and its bureau's, for the staff pages' header. */
export async function districtNames(
  db: Kysely<Database>,
  id: number,
): Promise<{ name: string; bureauName: string } | undefined> {
  const row = await db
    .selectFrom("district")
    .select(["name", "bureau_name"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { name: row.name, bureauName: row.bureau_name } : undefined;
}
