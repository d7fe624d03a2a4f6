import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "../../api/app.ts";
import { loadConfig } from "../../api/config.ts";
import { createPgliteDb, createPostgresDb } from "../../api/db/create-db.ts";
import { migrateToLatest } from "../../api/db/migrate.ts";
import { setUpCampaign } from "../../api/demo/campaign-setup.ts";
import { demoDistrict } from "../../api/demo/demo-district.ts";

/**
 * The real app in its own process (so the load generator does not share its
 * event loop), on PGlite in memory or on the PostgreSQL URL given as argv[2].
 * Prints one JSON line: { port, tokens } (every school's poster link: a district's push
 * spreads over its links, each under its own per-link limit).
 */
const url = process.argv[2];
const handle = url
  ? createPostgresDb(url, { max: 16 })
  : await createPgliteDb(process.env.BENCH_PGLITE_DIR || undefined);
await migrateToLatest(handle.db);
const setup = await setUpCampaign(handle.db, {
  name: "bench",
  scheme: "basic_2012",
  // With 不了解: the load's sheets answer it (bench/load.ts), as before scales were a setting.
  scale: { points: 3, dontKnow: true },
  district: "bench",
  residentPopulation: 1_000_000,
  opensAt: new Date(Date.now() - 3600_000),
  closesAt: new Date(Date.now() + 24 * 3600_000),
  status: "open",
  schools: [...demoDistrict.schools],
});
// The production defaults (links kept for 2 s), quiet, except the per-link limit: a
// real push spreads over a district's hundreds of links, the bench's over its ~30, so the
// default 6,000 a minute per link would refuse the load itself. Every submission is still
// counted in its link's windows, as in production.
const app = createApp({
  db: handle.db,
  dbKind: handle.kind,
  config: loadConfig({ DEMO: "0", LOG_LEVEL: "silent", RATE_LIMIT_LINK_PER_MINUTE: "1000000" }),
});
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
  process.stdout.write(
    `${JSON.stringify({ port: info.port, tokens: setup.schoolChannels.map((c) => c.token) })}\n`,
  );
});
process.on("SIGTERM", () => server.close(() => void handle.close().then(() => process.exit(0))));
