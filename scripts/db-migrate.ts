import { loadConfig } from "../api/config.ts";
import { openDatabase } from "../api/db/open-db.ts";

/** `npm run db:migrate`: bring the configured database up to date, then exit. */
const config = loadConfig();
const handle = await openDatabase(config);
process.stdout.write(`database (${handle.kind}) is at the latest schema\n`);
await handle.close();
