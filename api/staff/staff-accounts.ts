import type { Kysely } from "kysely";
import type { Database, StaffRole } from "../db/database.ts";
import {
  type StaffUser,
  campaignDistrictId,
  districtExists,
  districtHasSchool,
  findStaffLogin,
  insertStaffUser,
} from "./repository.ts";
import { type AuditActor, recordAudit } from "./audit.ts";
import { authMessage } from "./messages.ts";
import { hashPassword } from "./password.ts";
import { passwordProblem } from "./password-rules.ts";

export { maxPasswordLength, minPasswordLength } from "./password-rules.ts";
export const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

/** Why an account cannot be made as asked; `code` says which rule, the message says it in words. */
export class StaffAccountError extends Error {
  override name = "StaffAccountError";
  constructor(
    readonly code: "weak_password" | "username_taken" | "invalid_account",
    message: string,
  ) {
    super(message);
  }
}

export interface NewStaffAccount {
  username: string;
  password: string;
  role: StaffRole;
  /** Required for role "school": the school's code in the district's school list. */
  schoolCode?: string;
  /** The district it works for; required for every role but admin unless `campaignId` is given. */
  districtId?: number;
  /** Shorthand for "the district of this campaign" (the command line and tests use it). */
  campaignId?: number;
  displayName?: string;
  /** A temporary password, to be changed at the first sign-in. */
  temporaryPassword?: boolean;
}

/** Throws `StaffAccountError` unless the password follows the rules (password-rules.ts). */
export function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new StaffAccountError("weak_password", authMessage(problem));
}

async function districtOf(db: Kysely<Database>, input: NewStaffAccount): Promise<number | null> {
  if (input.districtId !== undefined) {
    if (!(await districtExists(db, input.districtId))) {
      throw new StaffAccountError(
        "invalid_account",
        authMessage("unknown_district", { id: input.districtId }),
      );
    }
    return input.districtId;
  }
  if (input.campaignId === undefined) return null;
  const districtId = await campaignDistrictId(db, input.campaignId);
  if (districtId === undefined) {
    throw new StaffAccountError(
      "invalid_account",
      authMessage("unknown_campaign", { id: input.campaignId }),
    );
  }
  return districtId;
}

/**
 * Creates an account (setup page, accounts page, command line, demo) and audit-logs it.
 * An account works for one district; a school account for one school of it, by code, in
 * every campaign of the district.
 */
export async function createStaffAccount(
  db: Kysely<Database>,
  input: NewStaffAccount,
  actor: AuditActor,
  /** The keyed hash of the creating request's address, for its audit entry. */
  ipHash: string | null = null,
): Promise<StaffUser> {
  if (!usernamePattern.test(input.username)) {
    throw new StaffAccountError("invalid_account", authMessage("invalid_username"));
  }
  checkPassword(input.password, input.username);
  const districtId = await districtOf(db, input);
  if (input.role !== "admin" && districtId === null) {
    throw new StaffAccountError(
      "invalid_account",
      authMessage("district_needed", { role: input.role }),
    );
  }
  const schoolCode = input.role === "school" ? input.schoolCode?.trim() || null : null;
  if (input.role === "school") {
    if (!schoolCode) throw new StaffAccountError("invalid_account", authMessage("school_needed"));
    if (!(await districtHasSchool(db, districtId, schoolCode))) {
      throw new StaffAccountError(
        "invalid_account",
        authMessage("unknown_school_code", { code: schoolCode }),
      );
    }
  } else if (input.schoolCode) {
    throw new StaffAccountError("invalid_account", authMessage("school_only_for_school_role"));
  }
  if (await findStaffLogin(db, input.username)) {
    throw new StaffAccountError(
      "username_taken",
      authMessage("username_taken", { username: input.username }),
    );
  }
  const user = await insertStaffUser(db, {
    username: input.username,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    districtId,
    schoolCode,
    displayName: input.displayName?.trim() || input.username,
    mustChangePassword: input.temporaryPassword ?? false,
  });
  await recordAudit(db, {
    actor,
    action: "user.create",
    target: `staff_user:${user.id}`,
    details: { username: user.username, role: user.role, schoolCode, districtId },
    ipHash,
  });
  return user;
}
