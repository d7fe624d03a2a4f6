import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { sql } from "kysely";
import { createPgliteDb, createPostgresDb } from "../../api/db/create-db.ts";

/**
 * The ceiling: a bare Hono handler that parses the JSON body and inserts one
 * row through the same driver, with no validation, idempotency or hashing.
 * Our figures are reported as a ratio to this, so they hold on any machine.
 */
const url = process.argv[2];
const handle = url
  ? createPostgresDb(url, { max: 16 })
  : await createPgliteDb(undefined, undefined, { thread: false });
await sql`create table if not exists bare (id uuid primary key, body jsonb not null)`.execute(
  handle.db,
);
const app = new Hono().put("/api/responses/:id", async (c) => {
  const body: unknown = await c.req.json();
  await sql`insert into bare (id, body) values (${c.req.param("id")}, ${JSON.stringify(body)})`.execute(
    handle.db,
  );
  return c.json({ id: c.req.param("id") });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
process.on("SIGTERM", () => server.close(() => void handle.close().then(() => process.exit(0))));
