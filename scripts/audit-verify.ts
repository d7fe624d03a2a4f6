import { parseArgs } from "node:util";
import { loadConfig } from "../api/config.ts";
import { openDatabase } from "../api/db/open-db.ts";
import { describeVerification, verifyIntegrity } from "../api/integrity/index.ts";

/**
 * `npm run audit:verify [-- --json]`: checks the audit log's hash chain, every
 * campaign's exclusion chain and every response against its seal, on the
 * configured database (DATABASE_URL, else PGlite under DATA_DIR; stop a PGlite
 * server first). Names the first broken link of each. Exit 0 when all is
 * intact, 1 when anything is broken, 2 when the check could not run.
 */
function fail(text: string): never {
  process.stderr.write(`audit:verify: ${text}\n`);
  process.exit(2);
}

let json = false;
try {
  json = Boolean(parseArgs({ options: { json: { type: "boolean" } }, strict: true }).values.json);
} catch (error) {
  fail(
    `${error instanceof Error ? error.message : String(error)}\nusage: npm run audit:verify [-- --json]`,
  );
}

let handle;
try {
  handle = await openDatabase(loadConfig());
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
try {
  const report = await verifyIntegrity(handle.db);
  process.stdout.write(
    json ? `${JSON.stringify(report, null, 2)}\n` : `${describeVerification(report).join("\n")}\n`,
  );
  process.exitCode = report.ok ? 0 : 1;
} catch (error) {
  process.exitCode = 2;
  process.stderr.write(`audit:verify: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await handle.close();
}
