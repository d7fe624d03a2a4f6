import { Hono } from "hono";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { listDemoChannels } from "../channels/index.ts";
import { homePage } from "./views/home-page.ts";

/** `GET /`: the landing page. Staff pages behind login replace it. */
export function homeRoutes(deps: { db: Kysely<Database>; config: Config }): Hono {
  return new Hono().get("/", async (c) => {
    const channels = deps.config.demo ? await listDemoChannels(deps.db) : [];
    c.header("Cache-Control", "no-store");
    c.header(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    return c.html(homePage(channels));
  });
}
