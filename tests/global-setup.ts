import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { migrateToLatest } from "../api/db/migrate.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const ci = process.env.CI === "true";
const defaultPostgres = "postgres://postgres@127.0.0.1:5432/test";

function say(line: string): void {
  process.stdout.write(`[junheng tests] ${line}\n`);
}

async function findPostgres(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL || defaultPostgres;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return url;
  } catch (error) {
    const reason = `PostgreSQL at ${url} does not answer (${(error as Error).message})`;
    if (ci) throw new Error(`${reason}; under CI=true nothing may be skipped`);
    say(
      `SKIPPING every PostgreSQL run of the database tests: ${reason}. Set TEST_DATABASE_URL to a server to run them.`,
    );
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

function findChromium(): string | null {
  const candidate = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (existsSync(candidate)) return candidate;
  const reason = `no Chromium at ${candidate} (Debian: apt-get install chromium)`;
  if (ci) throw new Error(`${reason}; under CI=true nothing may be skipped`);
  say(`SKIPPING the browser tests: ${reason}.`);
  return null;
}

/** A migrated empty PGlite database, dumped once, that every test file clones. */
async function pgliteTemplate(): Promise<string> {
  const dir = path.join(root, ".tmp");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar.gz`);
  const pglite = await PGlite.create();
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir("gzip");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();
  return file;
}

export default async function setup(project: TestProject): Promise<() => void> {
  const [postgresUrl, template] = await Promise.all([findPostgres(), pgliteTemplate()]);
  project.provide("postgresUrl", postgresUrl);
  project.provide("chromiumPath", findChromium());
  project.provide("pgliteTemplate", template);
  return () => rmSync(template, { force: true });
}
