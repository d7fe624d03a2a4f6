import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { recordAudit } from "../staff/index.ts";
import { adminExists, insertSetupToken } from "./repository.ts";
import { newSetupToken, setupTokenHash } from "./setup-token.ts";

/**
 * The first-run link start-up prints while the database has no admin account, or undefined
 * once one exists. The token rides in the fragment (`/setup#…`): browsers never send a
 * fragment, so it stays out of access logs and proxies; the page posts it in a body.
 *
 * Each start-up without an admin prints a fresh link and leaves earlier unused ones valid:
 * whoever can read the newest printed line can read the older ones too, so retiring them
 * protects nothing, while several API machines starting against one PostgreSQL (or a service
 * manager restarting one) would otherwise kill the link the operator is about to open. All
 * of them stop working together, the moment the first admin exists.
 */
export async function issueSetupLink(
  db: Kysely<Database>,
  baseUrl: string,
): Promise<string | undefined> {
  if (await adminExists(db)) return undefined;
  const token = newSetupToken();
  await db.transaction().execute(async (trx) => {
    await insertSetupToken(trx, setupTokenHash(token));
    await recordAudit(trx, { actor: { label: "start-up" }, action: "setup.link_issued" });
  });
  return `${baseUrl}/setup#${token}`;
}
