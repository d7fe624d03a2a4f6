import strings from "./home.json" with { type: "json" };
import type { ChannelListing } from "../../channels/index.ts";
import { escapeHtml } from "../../http/html.ts";

const t = (key: keyof typeof strings) =>
  `${escapeHtml(strings[key].zh)} <span lang="en">${escapeHtml(strings[key].en)}</span>`;

/** The landing page: what this is, the way to the staff pages, and the demo's survey links. */
export function homePage(channels: ChannelListing[]): string {
  const items = channels
    .map(
      (ch) =>
        `<li><a href="/s/${encodeURIComponent(ch.token)}">${escapeHtml(ch.schoolName ?? ch.label)}</a>` +
        ` <small>${escapeHtml(ch.label)}</small></li>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(strings.title.zh)}</title>
<style>
body{font:1rem/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:48rem;padding:1rem;color:#1f2933;background:#f7f9fb}
h1{font-size:1.5rem;color:#0b4f8a}a{color:#0b4f8a}li{margin:.4rem 0}small{color:#52606d}
[lang=en]{display:block;color:#52606d;font-size:.9em}
</style></head>
<body><main>
<h1>${t("title")}</h1>
<p>${t("intro")}</p>
<h2>${t("staffHeading")}</h2>
<p><a href="/staff/">${t("staffLogin")}</a></p>
<h2>${t("demoHeading")}</h2>
${channels.length > 0 ? `<p>${t("demoNote")}</p><ul>${items}</ul>` : `<p>${t("noDemo")}</p>`}
<p><a href="/api/health">${t("health")}</a></p>
</main></body></html>`;
}
