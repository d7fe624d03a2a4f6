import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import strings from "./respondent-page.json" with { type: "json" };
import type { FirstPage } from "../first-questions.ts";
import type { EntryAssets } from "../../web/index.ts";
import { firstQuestionsHtml } from "./first-questions-html.ts";
import { escapeHtml } from "../../http/html.ts";

const template = readFileSync(
  fileURLToPath(new URL("../../../survey-web/respondent/page.html", import.meta.url)),
  "utf8",
);

export interface RespondentBoot {
  token: string;
  campaign: { id: number; name: string; district: string; closesAt: string };
  school: { code: string; name: string } | null;
  presetGroup: string | null;
  questionnaire: { id: number; survey: Record<string, unknown> };
  submitUrl: string;
}

/** JSON inside <script>: "<" escaped so no string can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function fill(values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? "");
}

/**
 * The survey shell: heading first, so the campaign and school show before the bundle runs,
 * then the first questions as plain HTML (`firstPage`; none: the loading line alone).
 */
export function respondentPage(
  boot: RespondentBoot,
  assets: EntryAssets,
  firstPage: FirstPage | null = null,
): string {
  const [entry, ...preloads] = assets.scripts;
  return fill({
    title: escapeHtml(boot.campaign.name),
    district: escapeHtml(boot.campaign.district),
    campaign: escapeHtml(boot.campaign.name),
    school: boot.school ? `<p class="jh-school">${escapeHtml(boot.school.name)}</p>` : "",
    firstQuestions: firstQuestionsHtml(firstPage),
    styles: assets.styles
      .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
      .join("\n"),
    boot: scriptJson(boot),
    scripts: [
      ...preloads.map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`),
      entry ? `<script type="module" src="${escapeHtml(entry)}"></script>` : "",
      `<noscript><p>${escapeHtml(strings.noscript.zh)} <span lang="en">${escapeHtml(strings.noscript.en)}</span></p></noscript>`,
    ].join("\n"),
  });
}

type NoticeKind = "notFound" | "notYetOpen" | "closed";

/** A plain, friendly page for a link that cannot take answers (no script needed). */
export function noticePage(kind: NoticeKind, opensOn?: string): string {
  const title = strings[`${kind}Title`];
  const body = strings[`${kind}Body`];
  const date = escapeHtml(opensOn ?? "");
  const line = (text: string) => escapeHtml(text).replace("{date}", date);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title.zh)}</title>
<style>body{font:1.0625rem/1.7 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:2rem 1.25rem;color:#1f2933;background:#f5f7fa}main{max-width:32rem;margin:auto}h1{font-size:1.375rem;color:#0b4f8a}[lang=en]{color:#52606d}</style>
</head><body><main>
<h1>${escapeHtml(title.zh)}</h1><p>${line(body.zh)}</p>
<h2 lang="en">${escapeHtml(title.en)}</h2><p lang="en">${line(body.en)}</p>
</main></body></html>`;
}
