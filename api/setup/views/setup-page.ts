import strings from "./setup-page.json" with { type: "json" };
import { escapeHtml } from "../../http/html.ts";
import { type EntryAssets, entryScript, stylesheetLinks } from "../../web/index.ts";

const both = (key: keyof typeof strings) =>
  `${escapeHtml(strings[key].zh)} <span lang="en">${escapeHtml(strings[key].en)}</span>`;

/** The setup page's shell: the heading shows before the script draws the form. */
export function setupPage(assets: EntryAssets): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="theme-color" content="#0b4f8a">
<title>${escapeHtml(strings.title.zh)}</title>
${stylesheetLinks(assets)}
${entryScript(assets)}
</head>
<body>
<header class="jh-top" id="top">
<div class="jh-top__bar"><span class="jh-brand">${both("brand")}</span></div>
</header>
<main class="jh-main" id="main" tabindex="-1">
<h1 id="page-title" tabindex="-1">${both("heading")}</h1>
<p class="jh-loading">${both("loading")}</p>
<noscript><p>${both("noscript")}</p></noscript>
</main>
</body>
</html>`;
}
