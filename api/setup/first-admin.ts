import type { Kysely } from "kysely";
import type { Database, DistrictLevel } from "../db/database.ts";
import { type NewDistrict, insertDistrict } from "../districts/index.ts";
import { AppError, conflict, notFound, unprocessable } from "../http/errors.ts";
import {
  type NewSessionTokens,
  type StaffUser,
  StaffAccountError,
  checkPassword,
  createSession,
  createStaffAccount,
  recordAudit,
} from "../staff/index.ts";
import { setupMessage } from "./messages.ts";
import { adminExists, findSetupToken, lockSetupTokens, markSetupTokenUsed } from "./repository.ts";
import { looksLikeSetupToken, setupTokenHash } from "./setup-token.ts";

export interface SetupRequest {
  token: string;
  district: {
    name: string;
    level: DistrictLevel;
    province: string;
    /** Empty for a district of a municipality (直辖市), which has no city between. */
    city?: string | undefined;
    bureauName: string;
  };
  admin: { username: string; displayName?: string | undefined; password: string };
}

/**
 * 404 for a token we never made; 410 `setup_link_used` for one already used, and for every
 * token once an admin exists (setup is over: the person should sign in instead).
 */
export async function requireUsableLink(db: Kysely<Database>, token: string): Promise<void> {
  if (await adminExists(db)) throw new AppError("setup_link_used", setupMessage("link_used"));
  const found = looksLikeSetupToken(token)
    ? await findSetupToken(db, setupTokenHash(token))
    : undefined;
  if (!found) throw notFound("not_found", setupMessage("link_unknown"));
  if (found.usedAt) throw new AppError("setup_link_used", setupMessage("link_used"));
}

function asAppError(error: StaffAccountError): AppError {
  const field = error.code === "weak_password" ? "admin.password" : "admin.username";
  return error.code === "username_taken"
    ? conflict("username_taken", error.message)
    : unprocessable(error.code, error.message, { field });
}

export interface SetupDone {
  user: StaffUser;
  session: NewSessionTokens;
  districtId: number;
}

/**
 * The first run, in one transaction: the district, its first admin, the link marked used, the
 * audit entries and the admin's session. Any refusal (a weak password, a bad username, a link
 * used meanwhile) rolls all of it back, so nothing is ever half set up.
 */
export async function completeSetup(
  db: Kysely<Database>,
  request: SetupRequest,
  at: { now: Date; ipHash: string | null },
): Promise<SetupDone> {
  // Refused before any work (and before scrypt) for a link that cannot be used.
  await requireUsableLink(db, request.token);
  const { district: d, admin } = request;
  const district: NewDistrict = {
    name: d.name,
    level: d.level,
    province: d.province,
    city: d.city || null,
    bureauName: d.bureauName,
  };
  try {
    // The cheap rules first, so a weak password never waits for the lock.
    checkPassword(admin.password, admin.username);
    return await db.transaction().execute(async (trx) => {
      await lockSetupTokens(trx);
      // Again under the lock: another setup may have finished since the check above.
      await requireUsableLink(trx, request.token);
      await markSetupTokenUsed(trx, setupTokenHash(request.token), at.now);
      const { id: districtId } = await insertDistrict(trx, district);
      const user = await createStaffAccount(
        trx,
        {
          username: admin.username,
          password: admin.password,
          role: "admin",
          districtId,
          ...(admin.displayName ? { displayName: admin.displayName } : {}),
        },
        { label: "setup" },
      );
      await recordAudit(trx, {
        actor: { id: user.id, username: user.username },
        action: "setup.complete",
        target: `district:${districtId}`,
        details: { district: district.name, level: district.level, adminId: user.id },
        ipHash: at.ipHash,
        at: at.now,
      });
      const session = await createSession(trx, user.id, at.ipHash, at.now);
      return { user, session, districtId };
    });
  } catch (error) {
    if (error instanceof StaffAccountError) throw asAppError(error);
    throw error;
  }
}
