import type { Kysely } from "kysely";
import type { Database, StaffRole } from "../db/database.ts";
import {
  type StaffUser,
  campaignExists,
  findSchoolsByCode,
  findStaffLogin,
  insertStaffUser,
} from "./repository.ts";
import { type AuditActor, recordAudit } from "./audit.ts";
import { hashPassword } from "./password.ts";

export const minPasswordLength = 10;
export const maxPasswordLength = 256;
export const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

/** A request to create an account that cannot be met; the message names what is wrong. */
export class StaffAccountError extends Error {
  override name = "StaffAccountError";
}

export interface NewStaffAccount {
  username: string;
  password: string;
  role: StaffRole;
  /** Required for role "school". */
  schoolCode?: string;
  /** Required for every role but admin (a school account takes its school's). */
  campaignId?: number;
  displayName?: string;
}

/**
 * Creates an account (CLI, demo, later an admin page) and audit-logs it.
 * A school account is tied to one school of one campaign.
 */
export async function createStaffAccount(
  db: Kysely<Database>,
  input: NewStaffAccount,
  actor: AuditActor,
): Promise<StaffUser> {
  if (!usernamePattern.test(input.username)) {
    throw new StaffAccountError(
      "username must be 2–64 letters, digits, '.', '_' or '-', starting with a letter or digit",
    );
  }
  if (input.password.length < minPasswordLength || input.password.length > maxPasswordLength) {
    throw new StaffAccountError(
      `password must be ${minPasswordLength} to ${maxPasswordLength} characters`,
    );
  }
  let campaignId = input.campaignId ?? null;
  if (campaignId !== null && !(await campaignExists(db, campaignId))) {
    throw new StaffAccountError(`campaign ${campaignId} does not exist`);
  }
  let schoolId: number | null = null;
  if (input.role === "school") {
    if (!input.schoolCode) throw new StaffAccountError("a school account needs --school CODE");
    const schools = await findSchoolsByCode(db, input.schoolCode, campaignId);
    if (schools.length === 0)
      throw new StaffAccountError(`no school with code ${input.schoolCode}`);
    if (schools.length > 1) {
      throw new StaffAccountError(
        `school code ${input.schoolCode} exists in several campaigns; add --campaign ID`,
      );
    }
    const [school] = schools as [{ id: number; campaignId: number }];
    schoolId = school.id;
    campaignId = school.campaignId;
  } else if (input.schoolCode) {
    throw new StaffAccountError("only a school account takes --school");
  }
  if (input.role !== "admin" && campaignId === null) {
    throw new StaffAccountError(`a ${input.role} account needs --campaign ID`);
  }
  if (await findStaffLogin(db, input.username)) {
    throw new StaffAccountError(`username ${input.username} already exists`);
  }
  const user = await insertStaffUser(db, {
    username: input.username,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    schoolId,
    campaignId,
    displayName: input.displayName?.trim() || input.username,
  });
  await recordAudit(db, {
    actor,
    action: "user.create",
    target: `staff_user:${user.id}`,
    details: { username: user.username, role: user.role, schoolId, campaignId },
  });
  return user;
}
