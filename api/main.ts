import cluster from "node:cluster";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/open-db.ts";
import { seedDemoIfEmpty } from "./demo/index.ts";
import { createLogger } from "./http/logger.ts";
import { listDemoChannels } from "./channels/index.ts";
import { issueSetupLink } from "./setup/index.ts";
import { createStaticAssets } from "./web/index.ts";

/**
 * The only entry point: config → database → app → serve. With WORKERS=n the first process
 * migrates and seeds, then runs n copies of the API sharing one port (node:cluster); each
 * keeps nothing another needs (sessions, limits and idempotency live in PostgreSQL).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isWorker) return serveApi(config, false);
  const logger = createLogger(config.logLevel);
  const opened = await openDatabase(config);
  const seeded = config.demo ? await seedDemoIfEmpty(opened.db) : undefined;
  if (seeded) logger.info("demo district created", { responses: seeded.responses });
  if (config.workers === 1) return serveApi(config, true, { opened, seeded });

  const startup = async (port: number) => {
    process.stdout.write(`${(await startupLines(config, opened.db, seeded, port)).join("\n")}\n`);
    await opened.close();
  };
  let stopping = false;
  let printed = false;
  const fork = () => cluster.fork();
  cluster.on("listening", (_worker, address) => {
    if (printed) return;
    printed = true;
    void startup(address.port);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    // A worker that dies (a crash, kill -9) is replaced; acknowledged responses are committed.
    logger.warn("API worker exited; starting another", { pid: worker.process.pid, code, signal });
    fork();
  });
  for (let i = 0; i < config.workers; i++) fork();
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal, workers: config.workers });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    const timer = setTimeout(() => process.exit(1), 12_000);
    timer.unref();
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

type Seeded = Awaited<ReturnType<typeof seedDemoIfEmpty>>;

/** One API process: serves until SIGTERM/SIGINT, then lets in-flight work commit. */
async function serveApi(
  config: Config,
  announce: boolean,
  prepared?: { opened: Awaited<ReturnType<typeof openDatabase>>; seeded: Seeded },
): Promise<void> {
  const logger = createLogger(config.logLevel);
  const assets = createStaticAssets(fileURLToPath(new URL("../survey-web/dist", import.meta.url)));
  const { db, kind, close } = prepared?.opened ?? (await openDatabase(config));
  const seeded = prepared?.seeded;
  const app = createApp({ db, dbKind: kind, config, assets, logger });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    if (announce) void printStartup(info.port);
  });

  async function printStartup(port: number): Promise<void> {
    process.stdout.write(`${(await startupLines(config, db, seeded, port)).join("\n")}\n`);
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

async function startupLines(
  config: Config,
  db: Awaited<ReturnType<typeof openDatabase>>["db"],
  seeded: Seeded,
  port: number,
): Promise<string[]> {
  const base = config.publicUrl ?? `http://localhost:${port}`;
  const where = config.databaseUrl ? "postgres" : `pglite, ${config.dataDir}`;
  const lines = [
    `junheng listening on ${base} (database: ${where}${config.workers > 1 ? `, ${config.workers} workers` : ""})`,
    `staff: ${base}/staff/`,
  ];
  // No admin yet (DEMO=0 on an empty database): a one-time link to create the district and
  // its first admin. Printed by the process that prints the rest, so once per start-up.
  const setupLink = await issueSetupLink(db, base);
  if (setupLink) lines.push(`setup: ${setupLink}`);
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
  return lines;
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
