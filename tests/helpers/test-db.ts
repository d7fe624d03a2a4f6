import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import {
  type DbHandle,
  type DbKind,
  createPgliteDb,
  createPostgresDb,
} from "../../api/db/create-db.ts";
import { migrateToLatest } from "../../api/db/migrate.ts";
import { provided } from "./provided.ts";

/** The databases every database test runs on: PGlite always, PostgreSQL when a server answers. */
export function availableDbKinds(): DbKind[] {
  return provided.postgresUrl() ? ["pglite", "postgres"] : ["pglite"];
}

/**
 * A fresh, migrated database of its own for one test file: PGlite in memory
 * (cloned from a migrated template, ~10× faster than migrating), or a new
 * database on the PostgreSQL server, dropped again by `close()`.
 */
export async function createTestDb(kind: DbKind): Promise<DbHandle> {
  if (kind === "pglite") {
    const template = new Blob([readFileSync(provided.pgliteTemplate())]);
    return createPgliteDb(undefined, template);
  }
  const baseUrl = provided.postgresUrl();
  if (!baseUrl) throw new Error("no PostgreSQL server for tests (TEST_DATABASE_URL)");
  const name = `junheng_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = createPostgresDb(url.toString(), { max: 20 });
  await migrateToLatest(handle.db);
  return {
    db: handle.db,
    kind: "postgres",
    url: url.toString(),
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: baseUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
