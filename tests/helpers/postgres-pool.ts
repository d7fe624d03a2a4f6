import { afterAll, beforeAll } from "vitest";
import { type DbHandle, type PostgresOptions, createPostgresDb } from "../../api/db/create-db.ts";
import { type SeededCampaign, seedCampaign } from "./seed.ts";
import { createTestDb } from "./test-db.ts";

export interface SeededPostgresPool {
  /** The fresh test database; closing it drops the database. */
  owner: DbHandle;
  /** A second pool on it, made with the options under test. */
  pool: DbHandle;
  seeded: SeededCampaign;
}

/**
 * For a describe block that needs a PostgreSQL pool of its own (one connection, a short
 * statement timeout …): a fresh database with a seeded campaign and a pool on it made with
 * `options`. The fields are set before the block's tests run and closed after them.
 */
export function seededPostgresPool(options: PostgresOptions): SeededPostgresPool {
  const context = {} as SeededPostgresPool;
  beforeAll(async () => {
    context.owner = await createTestDb("postgres");
    context.seeded = await seedCampaign(context.owner.db);
    context.pool = createPostgresDb(context.owner.url!, options);
  });
  afterAll(async () => {
    await context.pool?.close();
    await context.owner?.close();
  });
  return context;
}
