import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, createPostgresDb } from "../../../api/db/create-db.ts";
import { isDatabaseUnavailable } from "../../../api/db/unavailable.ts";
import { provided } from "../../helpers/provided.ts";

/**
 * A connection the server ends while our pool has it checked out (inside a transaction,
 * between two statements), as a PostgreSQL restart does to every connection. The pg client
 * then emits 'error' on itself; unheard, that event crashed the whole API process (found by
 * the restart test under load).
 */
describe("a PostgreSQL connection lost while in use", () => {
  const url = provided.postgresUrl();
  if (!url) {
    it.skip("needs a PostgreSQL server (TEST_DATABASE_URL): skipped", () => {});
    return;
  }
  let handle: DbHandle;
  let admin: pg.Client;

  beforeAll(async () => {
    handle = createPostgresDb(url, { max: 2 });
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await handle?.close();
  });

  it("fails that transaction as 'unavailable', and the process and pool carry on", async () => {
    const failure = await handle.db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await admin.query("select pg_terminate_backend($1)", [rows[0]?.pid]);
        // The server's goodbye arrives while no statement of ours is running.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`select 1`.execute(trx);
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeDefined();
    expect(isDatabaseUnavailable(failure)).toBe(true);
    // The broken client is gone from the pool: the next statements get healthy ones.
    for (let i = 0; i < 3; i++) {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      expect(rows[0]?.one).toBe(1);
    }
  });
});
