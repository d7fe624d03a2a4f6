import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { createStaffAccount } from "../staff/index.ts";
import type { Database } from "../db/database.ts";
import { deleteStaffUserByUsername } from "../staff/index.ts";

export const demoAdminUsername = "demo-admin";

export interface DemoAdmin {
  username: string;
  /** Printed once at start-up; only its scrypt hash is stored. */
  password: string;
}

/**
 * Replaces the demo admin with a fresh one and a new random password. It works for
 * the demo district only, so a password printed in a terminal or log never opens a
 * real campaign.
 */
export async function replaceDemoAdmin(
  db: Kysely<Database>,
  districtId: number,
): Promise<DemoAdmin> {
  await deleteStaffUserByUsername(db, demoAdminUsername);
  const password = randomBytes(12).toString("base64url");
  await createStaffAccount(
    db,
    {
      username: demoAdminUsername,
      password,
      role: "admin",
      districtId,
      displayName: "演示管理员 Demo admin",
    },
    { label: "demo" },
  );
  return { username: demoAdminUsername, password };
}
