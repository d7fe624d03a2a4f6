import { Hono } from "hono";
import { type Kysely, sql } from "kysely";
import type { DbKind } from "../db/create-db.ts";
import type { Database } from "../db/database.ts";

/** `GET /api/health`: the database answers a query, or the whole check fails (503 via onError). */
export function healthRoutes(deps: { db: Kysely<Database>; dbKind: DbKind }): Hono {
  return new Hono().get("/", async (c) => {
    await sql`select 1`.execute(deps.db);
    c.header("Cache-Control", "no-store");
    return c.json({ status: "ok", db: deps.dbKind });
  });
}
