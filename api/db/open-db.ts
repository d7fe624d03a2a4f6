import path from "node:path";
import type { Config } from "../config.ts";
import { type DbHandle, createPgliteDb, createPostgresDb } from "./create-db.ts";
import { migrateToLatest } from "./migrate.ts";

/** The configured database, migrated to the latest schema. */
export async function openDatabase(config: Config): Promise<DbHandle> {
  const handle = config.databaseUrl
    ? createPostgresDb(config.databaseUrl, { statementTimeoutMs: config.statementTimeoutMs })
    : await createPgliteDb(path.join(config.dataDir, "pglite"));
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
