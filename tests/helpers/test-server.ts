import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import type { Kysely } from "kysely";
import { createApp } from "../../api/app.ts";
import { type Config, testConfig } from "../../api/config.ts";
import type { DbHandle, DbKind } from "../../api/db/create-db.ts";
import type { Database } from "../../api/db/database.ts";
import { createStaticAssets } from "../../api/web/static-assets.ts";
import { createTestDb } from "./test-db.ts";

export const distDir = fileURLToPath(new URL("../../survey-web/dist", import.meta.url));

export interface TestServer {
  url: string;
  db: Kysely<Database>;
  handle: DbHandle;
  close(): Promise<void>;
}

export interface TestServerOptions {
  kind?: DbKind;
  /** Reuse a database (the caller closes it); otherwise a fresh one is made and closed. */
  handle?: DbHandle;
  config?: Partial<Config>;
}

/** The real app on a real socket (loopback, a free port), with the built browser assets. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const handle = opts.handle ?? (await createTestDb(opts.kind ?? "pglite"));
  const assets = existsSync(distDir) ? createStaticAssets(distDir) : undefined;
  const app = createApp({
    db: handle.db,
    dbKind: handle.kind,
    config: testConfig(opts.config),
    assets,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db: handle.db,
    handle,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!opts.handle) await handle.close();
    },
  };
}
