import { Hono } from "hono";
import { sendHtml } from "../http/compress-html.ts";
import { contentSecurityPolicy } from "../http/content-security-policy.ts";
import type { StaticAssets } from "./static-assets.ts";
import { staffPage } from "./views/staff-page.ts";

// Only our own scripts and styles: the pages build their DOM from escaped
// templates and set chart sizes through the CSSOM, so neither inline script
// nor inline style is needed. Forms are sent by script, never by the browser.
const pagePolicy = contentSecurityPolicy({ img: "blob:" });

/** `GET /staff` and everything under it: one HTML shell; the browser draws the page. */
export function staffPageRoutes(deps: { assets: StaticAssets }): Hono {
  const page = () => staffPage(deps.assets.entry("staff"), deps.assets.entry("staff-charts"));
  const serve = (c: Parameters<typeof sendHtml>[0]) => {
    c.header("Cache-Control", "no-cache");
    c.header("Content-Security-Policy", pagePolicy);
    return sendHtml(c, page());
  };
  return new Hono().get("/staff", serve).get("/staff/*", serve);
}
