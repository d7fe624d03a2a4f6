import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { listSchools } from "../schools/index.ts";
import { checkPassword, hashPassword } from "../staff/index.ts";
import { asAccountErrors } from "./account-errors.ts";
import type { AccountActor, IssuedAccount } from "./account-changes.ts";
import {
  insertSchoolAccount,
  listAccounts,
  schoolAccountsOf,
  usernamesInUse,
} from "./repository.ts";
import { schoolUsername } from "./school-username.ts";
import { temporaryPassword } from "./temporary-password.ts";

/** A school left as it was: it already has an account (its username is said). */
export interface SkippedSchool {
  schoolCode: string;
  schoolName: string;
  username: string;
}

export interface SchoolAccountsMade {
  created: IssuedAccount[];
  skipped: SkippedSchool[];
}

/**
 * One school account per school of the campaign that has none in the district yet: the
 * username from the school's code (school-username.ts), the school's name as display name,
 * a temporary password each. All are made in one transaction or none; the passwords are
 * hashed before it (scrypt is slow), so the database is held only for the inserts.
 */
export async function createSchoolAccounts(
  db: Kysely<Database>,
  actor: AccountActor,
  campaign: { id: number; district_id: number },
): Promise<SchoolAccountsMade> {
  const districtId = campaign.district_id;
  const schools = await listSchools(db, campaign.id);
  const existing = await schoolAccountsOf(db, districtId);
  const taken = await usernamesInUse(db);
  const skipped: SkippedSchool[] = [];
  const planned: { code: string; name: string; username: string; password: string }[] = [];
  for (const school of schools) {
    const username = existing.get(school.code);
    if (username) {
      skipped.push({ schoolCode: school.code, schoolName: school.name, username });
      continue;
    }
    const made = schoolUsername(school.code, taken);
    taken.add(made);
    const password = temporaryPassword();
    checkPassword(password, made);
    planned.push({ code: school.code, name: school.name, username: made, password });
  }
  const hashed = await Promise.all(
    planned.map(async (p) => ({ ...p, passwordHash: await hashPassword(p.password) })),
  );
  const ids = await asAccountErrors(() =>
    db.transaction().execute(async (trx) => {
      const made: number[] = [];
      for (const p of hashed) {
        const id = await insertSchoolAccount(trx, {
          username: p.username,
          passwordHash: p.passwordHash,
          districtId,
          schoolCode: p.code,
          displayName: p.name,
        });
        await actor.audit(trx, {
          action: "user.create",
          target: `staff_user:${id}`,
          details: {
            username: p.username,
            role: "school",
            schoolCode: p.code,
            districtId,
            campaignId: campaign.id,
          },
        });
        made.push(id);
      }
      return made;
    }),
  );
  const rows = new Map((await listAccounts(db, districtId)).map((row) => [row.id, row]));
  const created = ids.flatMap((id, i) => {
    const account = rows.get(id);
    const password = planned[i]?.password;
    return account && password ? [{ account, temporaryPassword: password }] : [];
  });
  return { created, skipped };
}
