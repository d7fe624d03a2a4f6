import type { AccountRow } from "./repository.ts";

/**
 * An account as the accounts page lists it: who, which role and school, when it last signed
 * in, and whether it is locked (too many wrong passwords; until when) or disabled.
 */
export function accountJson(row: AccountRow, lockedUntil: Date | undefined) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    districtId: row.districtId,
    schoolCode: row.schoolCode,
    schoolName: row.schoolName,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
    lockedUntil: lockedUntil ?? null,
    disabled: row.disabledAt !== null,
    mustChangePassword: row.mustChangePassword,
  };
}
