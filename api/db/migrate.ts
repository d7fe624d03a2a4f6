import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pathToFileURL } from "node:url";
import type { Kysely, Migration, MigrationProvider, MigrationResult } from "kysely";
import { Migrator } from "kysely";

export const migrationFolder = fileURLToPath(new URL("../../migrations", import.meta.url));

/**
 * Every file in migrations/, by name. Kysely's FileMigrationProvider does the
 * same, but its import() lives inside node_modules, where neither tsx nor the
 * test runner may load TypeScript; this import() is ours, so both can.
 */
const folderProvider: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {};
    for (const file of (await fs.readdir(migrationFolder)).sort()) {
      if (!/\.(ts|js|mjs)$/.test(file) || file.endsWith(".d.ts")) continue;
      const module = (await import(
        pathToFileURL(path.join(migrationFolder, file)).href
      )) as Migration;
      migrations[file.replace(/\.(ts|js|mjs)$/, "")] = module;
    }
    return migrations;
  },
};

export function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: folderProvider });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

function check(results: MigrationResult[] | undefined, error: unknown): MigrationResult[] {
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new MigrationError(
      `migration ${failed?.migrationName ?? "(unknown)"} failed: ${String(error)}`,
      { cause: error },
    );
  }
  return results ?? [];
}

/** Brings the schema up to date; throws (never returns an error value) on failure. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationResult[]> {
  const { results, error } = await createMigrator(db).migrateToLatest();
  return check(results, error);
}

/** Undo every migration (tests check that each `down` really works). */
export async function migrateDownToZero<DB>(db: Kysely<DB>): Promise<MigrationResult[]> {
  const { NO_MIGRATIONS } = await import("kysely");
  const { results, error } = await createMigrator(db).migrateTo(NO_MIGRATIONS);
  return check(results, error);
}
