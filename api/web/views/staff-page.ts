import strings from "./staff-page.json" with { type: "json" };
import type { EntryAssets } from "../static-assets.ts";
import { escapeHtml } from "../../http/html.ts";
import { entryScript, stylesheetLinks } from "./entry-tags.ts";

const both = (key: keyof typeof strings) =>
  `${escapeHtml(strings[key].zh)} <span lang="en">${escapeHtml(strings[key].en)}</span>`;

/**
 * The staff pages' shell: the same for every address under /staff (the
 * browser draws the page the path names). The heading shows before the bundle
 * runs. chart.js is a build entry of its own, named here but not loaded: the
 * dashboard and report import it when they draw, so sign-in never fetches it.
 */
export function staffPage(assets: EntryAssets, charts: EntryAssets): string {
  const chartModule = charts.scripts[0] ?? "";
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="theme-color" content="#0b4f8a">
<title>${escapeHtml(strings.title.zh)}</title>
<meta name="jh-charts" content="${escapeHtml(chartModule)}">
${stylesheetLinks(assets)}
${entryScript(assets)}
</head>
<body>
<a class="jh-skip" href="#main">${both("skip")}</a>
<header class="jh-top" id="top">
<div class="jh-top__bar"><a class="jh-brand" href="/staff/">${both("brand")}</a></div>
</header>
<main class="jh-main" id="main" tabindex="-1">
<div class="jh-page-head"><h1 id="page-title" tabindex="-1">${both("heading")}</h1></div>
<p class="jh-loading">${both("loading")}</p>
<noscript><p>${both("noscript")}</p></noscript>
</main>
</body>
</html>`;
}
