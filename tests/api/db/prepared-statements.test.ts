import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { executePrepared } from "../../../api/db/prepared-statements.ts";
import { storeResponseBatch } from "../../../api/responses/batch-repository.ts";
import { unlimitedItem } from "../../helpers/response-row.ts";
import { seededPostgresPool } from "../../helpers/postgres-pool.ts";
import { provided } from "../../helpers/provided.ts";

/**
 * Prepared statements (api/db/prepared-statements.ts): the group commit's batch statement
 * has one text for batches of every size, and each PostgreSQL connection prepares it once.
 * PGlite has no named statements; the same statements run there in every other test.
 */
describe("prepared statements on postgres", () => {
  if (!provided.postgresUrl()) {
    it.skip("needs a PostgreSQL server (TEST_DATABASE_URL): none answered");
    return;
  }
  // One connection, so pg_prepared_statements shows what the statements before it prepared.
  const context = seededPostgresPool({ max: 1 });

  const preparedOnConnection = async () =>
    (
      await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements order by name`.execute(context.pool.db)
    ).rows;

  const item = () => unlimitedItem(context.seeded);

  it("prepares the batch statement once, whatever the batch's size, and stores every row", async () => {
    const batches = [[item()], Array.from({ length: 5 }, item), Array.from({ length: 37 }, item)];
    for (const batch of batches) {
      const outcomes = await storeResponseBatch(context.pool.db, batch);
      expect(outcomes.map((o) => o.kind)).toEqual(batch.map(() => "stored"));
    }
    const batchStatements = (await preparedOnConnection()).filter((p) =>
      p.statement.includes("insert into response"),
    );
    expect(batchStatements).toHaveLength(1);
    expect(batchStatements[0]!.name).toMatch(/^junheng_prepared_\d+$/);
    const ids = batches.flat().map((b) => b.row.id);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from response where id = any(${ids}::uuid[])`.execute(
      context.pool.db,
    );
    expect(rows[0]!.n).toBe(43);
  });

  it("binds new values to a prepared statement; other statements stay unnamed", async () => {
    const plusOne = (n: number) => sql<{ n: number }>`select ${n}::int + 1 as n`;
    expect((await executePrepared(context.pool.db, plusOne(1))).rows).toEqual([{ n: 2 }]);
    expect((await executePrepared(context.pool.db, plusOne(41))).rows).toEqual([{ n: 42 }]);
    await sql`select 'not prepared' as text`.execute(context.pool.db);
    const statements = (await preparedOnConnection()).map((p) => p.statement);
    expect(statements.filter((s) => s.includes("::int + 1 as n"))).toHaveLength(1);
    expect(statements.some((s) => s.includes("not prepared"))).toBe(false);
  });
});
