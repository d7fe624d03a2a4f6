import type { Kysely } from "kysely";
import type { Database, StaffRole } from "../db/database.ts";
import { findDistrict, listDistricts } from "../districts/index.ts";
import { conflict, notFound, unprocessable } from "../http/errors.ts";
import {
  type StaffUser,
  checkPassword,
  createStaffAccount,
  hashPassword,
  liftLoginLock,
} from "../staff/index.ts";
import { asAccountErrors } from "./account-errors.ts";
import { accountMessage } from "./messages.ts";
import {
  type AccountRow,
  districtHasSchoolCode,
  endSessions,
  findAccount,
  setDisabledAt,
  setTemporaryPasswordHash,
  updateAccount,
} from "./repository.ts";
import { temporaryPassword } from "./temporary-password.ts";

/** Who is changing accounts: the signed-in admin, its audit entry writer and the clock. */
export interface AccountActor {
  user: StaffUser;
  /** The audit entry of this request, written on `db` (a transaction's: it commits with the change). */
  audit(
    db: Kysely<Database>,
    event: { action: string; target: string; details?: Record<string, unknown> },
  ): Promise<void>;
  ipHash: string | null;
  now: Date;
}

/** An account and the temporary password it was just given: answered once, never stored. */
export interface IssuedAccount {
  account: AccountRow;
  temporaryPassword: string;
}

export interface NewAccountInput {
  role: StaffRole;
  username: string;
  displayName?: string | undefined;
  schoolCode?: string | undefined;
  districtId?: number | undefined;
}

/** The district a new account joins: the admin's own; an operator's admin names one. */
async function districtFor(db: Kysely<Database>, user: StaffUser, asked: number | undefined) {
  if (user.districtId !== null) {
    if (asked !== undefined && asked !== user.districtId) throw notFound();
    return user.districtId;
  }
  if (asked !== undefined) {
    if (!(await findDistrict(db, asked))) {
      throw unprocessable("district_required", accountMessage("unknownDistrict", { id: asked }), {
        field: "districtId",
      });
    }
    return asked;
  }
  const all = await listDistricts(db);
  if (all.length === 1 && all[0]) return all[0].id;
  throw unprocessable("district_required", accountMessage("districtRequired"), {
    field: "districtId",
  });
}

async function reload(db: Kysely<Database>, id: number): Promise<AccountRow> {
  const row = await findAccount(db, id, null);
  if (!row) throw notFound();
  return row;
}

/** A new account of the admin's district with a temporary password, to change at first sign-in. */
export async function createAccount(
  db: Kysely<Database>,
  actor: AccountActor,
  input: NewAccountInput,
): Promise<IssuedAccount> {
  const districtId = await districtFor(db, actor.user, input.districtId);
  const password = temporaryPassword();
  const created = await asAccountErrors(() =>
    db.transaction().execute((trx) =>
      createStaffAccount(
        trx,
        {
          username: input.username,
          password,
          role: input.role,
          districtId,
          ...(input.schoolCode ? { schoolCode: input.schoolCode } : {}),
          ...(input.displayName ? { displayName: input.displayName } : {}),
          temporaryPassword: true,
        },
        { id: actor.user.id, username: actor.user.username },
        actor.ipHash,
      ),
    ),
  );
  return { account: await reload(db, created.id), temporaryPassword: password };
}

export interface AccountPatch {
  role?: StaffRole | undefined;
  /** A school account's school, by code; null or absent for other roles. */
  schoolCode?: string | null | undefined;
  displayName?: string | undefined;
}

/** The role, school and name after a patch, once they hold together; refusals as 409/422. */
async function changed(
  db: Kysely<Database>,
  actor: AccountActor,
  account: AccountRow,
  patch: AccountPatch,
) {
  const role = patch.role ?? account.role;
  if (account.id === actor.user.id && role !== account.role) {
    throw conflict("own_account", accountMessage("ownRole"));
  }
  if (role !== "admin" && account.districtId === null) {
    throw unprocessable("invalid_account", accountMessage("operatorNeedsDistrict", { role }));
  }
  let schoolCode: string | null = null;
  if (role === "school") {
    schoolCode = patch.schoolCode === undefined ? account.schoolCode : patch.schoolCode;
    if (!schoolCode) throw unprocessable("invalid_account", accountMessage("schoolNeeded"));
    if (
      account.districtId !== null &&
      !(await districtHasSchoolCode(db, account.districtId, schoolCode))
    ) {
      throw unprocessable(
        "invalid_account",
        accountMessage("unknownSchoolCode", { code: schoolCode }),
      );
    }
  } else if (patch.schoolCode) {
    throw unprocessable("invalid_account", accountMessage("schoolOnlyForSchool"));
  }
  return { role, schoolCode, displayName: patch.displayName ?? account.displayName };
}

/** Changes an account's role, school (by code) or name; an admin keeps its own role. */
export async function changeAccount(
  db: Kysely<Database>,
  actor: AccountActor,
  account: AccountRow,
  patch: AccountPatch,
): Promise<AccountRow> {
  const next = await changed(db, actor, account, patch);
  await db.transaction().execute(async (trx) => {
    await updateAccount(trx, account.id, next);
    await actor.audit(trx, {
      action: "user.update",
      target: `staff_user:${account.id}`,
      details: {
        username: account.username,
        from: {
          role: account.role,
          schoolCode: account.schoolCode,
          displayName: account.displayName,
        },
        to: next,
      },
    });
  });
  return reload(db, account.id);
}

/** Disables an account and ends its sessions; an admin cannot disable itself. */
export async function disableAccount(
  db: Kysely<Database>,
  actor: AccountActor,
  account: AccountRow,
): Promise<AccountRow> {
  if (account.id === actor.user.id) throw conflict("own_account", accountMessage("ownDisable"));
  await db.transaction().execute(async (trx) => {
    if (account.disabledAt === null) await setDisabledAt(trx, account.id, actor.now);
    const revokedSessions = await endSessions(trx, account.id);
    await actor.audit(trx, {
      action: "user.disable",
      target: `staff_user:${account.id}`,
      details: { username: account.username, revokedSessions },
    });
  });
  return reload(db, account.id);
}

export async function enableAccount(
  db: Kysely<Database>,
  actor: AccountActor,
  account: AccountRow,
): Promise<AccountRow> {
  await db.transaction().execute(async (trx) => {
    await setDisabledAt(trx, account.id, null);
    await actor.audit(trx, {
      action: "user.enable",
      target: `staff_user:${account.id}`,
      details: { username: account.username },
    });
  });
  return reload(db, account.id);
}

/**
 * A new temporary password: the old one stops working, every session ends, the account
 * must change it at its next sign-in, and the username's login lock is lifted so the
 * person can sign in with it at once. An admin changes its own password on the account page.
 */
export async function resetPassword(
  db: Kysely<Database>,
  actor: AccountActor,
  account: AccountRow,
): Promise<IssuedAccount> {
  if (account.id === actor.user.id) throw conflict("own_account", accountMessage("ownReset"));
  const password = temporaryPassword();
  checkPassword(password, account.username);
  // scrypt takes a while: hashed before the transaction, which then holds its connection briefly.
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await setTemporaryPasswordHash(trx, account.id, hash);
    const revokedSessions = await endSessions(trx, account.id);
    await liftLoginLock(trx, account.username.toLowerCase(), actor.now);
    await actor.audit(trx, {
      action: "user.password_reset",
      target: `staff_user:${account.id}`,
      details: { username: account.username, revokedSessions },
    });
  });
  return { account: await reload(db, account.id), temporaryPassword: password };
}
