import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/open-db.ts";
import { seedDemoIfEmpty } from "./demo/seed-demo.ts";
import { createLogger } from "./logger.ts";
import { listDemoChannels } from "./repositories/channels.ts";
import { createStaticAssets } from "./static-assets.ts";

/** The only entry point: config → database → app → serve. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const assets = createStaticAssets(fileURLToPath(new URL("../survey-web/dist", import.meta.url)));
  const { db, kind, close } = await openDatabase(config);

  const seeded = config.demo ? await seedDemoIfEmpty(db) : undefined;
  if (seeded) logger.info("demo district created", { responses: seeded.responses });

  const app = createApp({ db, dbKind: kind, config, assets, logger });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    void printStartup(info.port);
  });

  async function printStartup(port: number): Promise<void> {
    const base = config.publicUrl ?? `http://localhost:${port}`;
    const lines = [
      `junheng listening on ${base} (database: ${kind}${kind === "pglite" ? `, ${config.dataDir}` : ""})`,
      `staff: ${base}/staff/`,
    ];
    if (config.demo) {
      const channels = await listDemoChannels(db);
      // The password exists only in this process's memory; the database keeps a scrypt hash.
      if (seeded) lines.push(`demo admin: ${seeded.admin.username} / ${seeded.admin.password}`);
      else if (channels.length > 0) {
        lines.push(
          "demo admin: demo-admin (password printed when the demo was created; npm run demo:reset makes a new one)",
        );
      }
      for (const ch of channels) {
        lines.push(`survey: ${base}/s/${ch.token}  ${ch.schoolName ?? ch.label}`);
      }
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    // Stop accepting, let in-flight submissions commit, then close the database.
    server.close(() => {
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(
      `junheng failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
