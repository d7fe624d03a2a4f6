import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "../../api/app.ts";
import { testConfig } from "../../api/config.ts";
import { createPostgresDb } from "../../api/db/create-db.ts";

/**
 * The real app in its own process on an already seeded PostgreSQL database
 * (argv[2]), for bench/dashboard-scale.ts: the load generator must not share
 * its event loop. Prints one JSON line: { port }.
 */
const url = process.argv[2];
if (!url) throw new Error("usage: dashboard-server.ts <postgres url>");
const handle = createPostgresDb(url, { max: 16 });
const app = createApp({ db: handle.db, dbKind: handle.kind, config: testConfig() });
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
process.on("SIGTERM", () => server.close(() => void handle.close().then(() => process.exit(0))));
