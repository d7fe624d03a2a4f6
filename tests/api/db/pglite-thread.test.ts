import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGliteThread } from "../../../api/db/pglite-thread.ts";
import { isDatabaseUnavailable } from "../../../api/db/unavailable.ts";

/** The embedded database in its worker thread answers as in-process PGlite would. */
describe("PGlite in a worker thread", () => {
  let thread: PGliteThread;
  beforeAll(async () => {
    thread = await PGliteThread.create(undefined);
    await thread.query(
      "create table t (id int primary key, at timestamptz, n numeric, b bytea, big bigint, j jsonb)",
    );
  });
  afterAll(async () => thread?.close());

  it("hands back rows with their types: dates, numerics as numbers, bytes, big integers, JSON", async () => {
    const at = new Date("2026-11-29T08:00:00.123Z");
    const insert = await thread.query(
      "insert into t values ($1, $2, $3, $4, $5, $6), (2, null, null, null, null, null)",
      [1, at, "12.5", new Uint8Array([0, 255, 7]), 9007199254740993n, JSON.stringify({ a: [1] })],
    );
    expect(insert.affectedRows).toBe(2);
    const { rows } = await thread.query("select * from t order by id");
    expect(rows[0]).toEqual({
      id: 1,
      at,
      n: 12.5,
      b: new Uint8Array([0, 255, 7]),
      big: 9007199254740993n,
      j: { a: [1] },
    });
    expect(rows[1]).toMatchObject({ id: 2, at: null });
  });

  it("fails a statement with PostgreSQL's fields, and goes on", async () => {
    const error = await thread.query("insert into t (id) values (1)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: "23505", constraint: "t_pkey" });
    expect((error as Error).message).toMatch(/duplicate key/);
    expect(isDatabaseUnavailable(error)).toBe(false);
    const { rows } = await thread.query("select count(*)::int as n from t");
    expect(rows).toEqual([{ n: 2 }]);
  });

  it("runs statements in the order they were sent (a transaction spans messages)", async () => {
    const sent = [
      thread.query("begin"),
      thread.query("insert into t (id) values (10)"),
      thread.query("rollback"),
      thread.query("select count(*)::int as n from t where id = 10"),
    ];
    const results = await Promise.all(sent);
    expect(results[3]?.rows).toEqual([{ n: 0 }]);
  });

  it("refuses statements once closed", async () => {
    const other = await PGliteThread.create(undefined);
    await other.close();
    await expect(other.query("select 1")).rejects.toThrow(/closed/);
  });
});
