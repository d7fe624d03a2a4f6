import { mkdirSync } from "node:fs";
// Imported where used: in a worker thread (pglite-thread.ts), the API never loads it (~45 MB).
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.ts";
import { PreparingClient } from "./prepared-statements.ts";
import { type PGliteClient, PGliteThread } from "./pglite-thread.ts";
import type { Database } from "./database.ts";

export type DbKind = "pglite" | "postgres";

export interface DbHandle {
  readonly db: Kysely<Database>;
  readonly kind: DbKind;
  /** The PostgreSQL URL, when on a server (tests hand it to child processes). */
  readonly url?: string;
  /** Closes the pool or the embedded database; the handle is unusable afterwards. */
  close(): Promise<void>;
}

// pg hands bigint (count(*), sum of integers) back as strings; every count we
// read fits a double, so convert once here instead of at every call site.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface PostgresOptions {
  /** Pool size per process. */
  max?: number;
  /** Longest a statement may run before it fails (ms); default 15 s. */
  statementTimeoutMs?: number;
}

export function createPostgresDb(url: string, options: PostgresOptions = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A slow database must not pile requests up: fail the statement instead.
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    application_name: "junheng",
    Client: PreparingClient,
  });
  // An idle client losing its connection (database restart) emits here; without
  // a listener node would crash the process. The pool replaces the client.
  pool.on("error", () => {});
  // A client in use (checked out between two statements of a transaction, or between
  // connect and its query) that loses its connection emits on itself, where the pool does
  // not listen: without this, a database restart at that moment crashed the API process.
  // Its statement fails on its own; the pool drops the broken client when it comes back.
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: "postgres", url, close: () => db.destroy() };
}

export interface PgliteOptions {
  /**
   * Run PGlite in a worker thread (pglite-thread.ts; default). `false` runs it on the
   * calling thread, as the bench's bare ceiling does.
   */
  readonly thread?: boolean;
}

/**
 * The embedded database. `dataDir` undefined means in memory (tests).
 * PGlite does not fsync: a process crash keeps acknowledged data, a power
 * loss may not. Real campaigns should run on PostgreSQL (see README).
 */
export async function createPgliteDb(
  dataDir: string | undefined,
  loadDataDir?: Blob,
  options: PgliteOptions = {},
): Promise<DbHandle> {
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  try {
    const client: PGliteClient =
      options.thread === false
        ? await (
            await import("@electric-sql/pglite")
          ).PGlite.create(dataDir, {
            parsers: { [pg.types.builtins.NUMERIC]: (value: string) => Number(value) },
            ...(loadDataDir ? { loadDataDir } : {}),
          })
        : await PGliteThread.create(dataDir, loadDataDir);
    // The dialect calls only query() and close(), which both clients have.
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client as PGlite) });
    return {
      db,
      kind: "pglite",
      async close() {
        try {
          await db.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
