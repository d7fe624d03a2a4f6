import { escapeHtml } from "../../http/html.ts";
import { type EntryAssets, entryScript, stylesheetLinks } from "../../web/index.ts";

/**
 * The questionnaire editor's preview frame: an empty page the editor fills by message with the
 * version it holds (survey-web/preview/main.ts). It carries no campaign data of its own.
 */
export function previewPage(assets: EntryAssets): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml("问卷预览 Questionnaire preview")}</title>
${stylesheetLinks(assets)}
${entryScript(assets)}
</head>
<body>
<main id="preview" class="jh-survey"></main>
</body>
</html>`;
}
