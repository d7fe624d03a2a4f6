import { escapeHtml } from "../../http/html.ts";
import type { EntryAssets } from "../static-assets.ts";

/** A built entry's stylesheets as `<link>` tags, one per line. */
export function stylesheetLinks(assets: EntryAssets): string {
  return assets.styles
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join("\n");
}

/** A built entry's module script tag; empty when the build has none. */
export function entryScript(assets: EntryAssets): string {
  const entry = assets.scripts[0];
  return entry ? `<script type="module" src="${escapeHtml(entry)}"></script>` : "";
}
