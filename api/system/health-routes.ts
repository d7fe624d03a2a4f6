import { type Kysely, sql } from "kysely";
import type { DbKind } from "../db/create-db.ts";
import type { Database } from "../db/database.ts";
import { publicRouter } from "../http/api-router.ts";

/** `GET /api/health`: the database answers a query, or the whole check fails (503 via onError). */
export function healthRoutes(deps: { db: Kysely<Database>; dbKind: DbKind }) {
  return publicRouter().route(
    {
      method: "get",
      path: "/health",
      tag: "system",
      access: "public",
      summary: {
        zh: "健康检查（数据库可查询）",
        en: "Health check (the database answers a query)",
      },
      responses: { 200: { description: '{ status: "ok", db }', contentType: "application/json" } },
      errors: { 503: "service_unavailable: the database does not answer" },
    },
    async (c) => {
      await sql`select 1`.execute(deps.db);
      c.header("Cache-Control", "no-store");
      return c.json({ status: "ok", db: deps.dbKind });
    },
  );
}
