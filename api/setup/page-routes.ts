import { Hono } from "hono";
import { sendHtml } from "../http/compress-html.ts";
import { contentSecurityPolicy } from "../http/content-security-policy.ts";
import type { StaticAssets } from "../web/index.ts";
import { setupPage } from "./views/setup-page.ts";

// Our own script and stylesheet only; the form is sent by script, never by the browser.
const pagePolicy = contentSecurityPolicy();

/**
 * `GET /setup`: the page the printed link opens. The same shell whatever the state; the
 * script asks the API whether the link in the fragment can still be used.
 */
export function setupPageRoutes(deps: { assets: StaticAssets }): Hono {
  return new Hono().get("/setup", (c) => {
    c.header("Cache-Control", "no-store");
    c.header("Content-Security-Policy", pagePolicy);
    return sendHtml(c, setupPage(deps.assets.entry("setup")));
  });
}
