import { Hono } from "hono";
import { sendHtml } from "../http/compress-html.ts";
import { contentSecurityPolicy } from "../http/content-security-policy.ts";
import type { StaticAssets } from "../web/index.ts";
import { previewPage } from "./views/preview-page.ts";

// As the respondent page (survey-js-ui sets inline styles), and framed by our own pages only:
// the editor shows it in its phone frame.
const pagePolicy = contentSecurityPolicy({ style: "'unsafe-inline'", frameAncestors: "'self'" });

/** `GET /questionnaire-preview`: the editor's preview frame, the respondent page's renderer. */
export function previewPageRoutes(deps: { assets: StaticAssets }): Hono {
  return new Hono().get("/questionnaire-preview", (c) => {
    c.header("Cache-Control", "no-cache");
    c.header("Content-Security-Policy", pagePolicy);
    c.header("X-Frame-Options", "SAMEORIGIN");
    return sendHtml(c, previewPage(deps.assets.entry("staff-preview")));
  });
}
