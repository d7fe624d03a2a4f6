import strings from "./notice-page.json" with { type: "json" };
import { escapeHtml } from "../../http/html.ts";
import { type BilingualText, fillTemplate } from "../../http/messages.ts";
import { beijingTimeText } from "./beijing-time.ts";

type Lang = keyof BilingualText;

const style =
  'body{margin:0;font:1.0625rem/1.7 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2933;background:#f2f4f7}' +
  "header{background:#0b4f8a;color:#fff;padding:1rem 1.25rem 1.25rem}" +
  "header div,main{max-width:32rem;margin:0 auto}" +
  "header p{margin:0;font-size:.875rem;color:#dbe7f3}" +
  "header strong{display:block;margin-top:.125rem;font-size:1.25rem;line-height:1.4;font-weight:600;overflow-wrap:anywhere}" +
  "main{padding:1rem}" +
  "section{margin:0 0 1rem;padding:1.25rem 1rem;background:#fff;border-radius:.5rem}" +
  "h1,h2{margin:0 0 .5rem;font-size:1.375rem;line-height:1.4;color:#0b4f8a}" +
  "h2{font-size:1.125rem}" +
  "p{margin:.5rem 0 0;overflow-wrap:anywhere}" +
  ".who{color:#3e4c59;font-size:.9375rem}" +
  "[lang=en] p{color:#3e4c59}";

/** One language's part of a notice: its heading, what happened, who runs it and whom to ask. */
interface Part {
  title: BilingualText;
  body: BilingualText;
  lines: BilingualText[];
}

function section(part: Part, lang: Lang, heading: "h1" | "h2"): string {
  const lines = part.lines.map((l) => `<p class="who">${escapeHtml(l[lang])}</p>`).join("");
  return `<section${lang === "en" ? ' lang="en"' : ""}><${heading}>${escapeHtml(part.title[lang])}</${heading}><p>${escapeHtml(part.body[lang])}</p>${lines}</section>`;
}

/**
 * A plain page for a link that cannot take answers (no script): Chinese first, English
 * below, under the same header as the survey page when the campaign is known.
 */
function page(part: Part, header?: { district: string; campaign: string }): string {
  const top = header
    ? `<header><div><p>${escapeHtml(header.district)}</p><strong>${escapeHtml(header.campaign)}</strong></div></header>`
    : "";
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="format-detection" content="telephone=no">
<title>${escapeHtml(part.title.zh)}</title>
<style>${style}</style>
</head><body>${top}<main>
${section(part, "zh", "h1")}
${section(part, "en", "h2")}
</main></body></html>`;
}

/** A link that names no campaign. */
export function notFoundPage(): string {
  return page({ title: strings.notFoundTitle, body: strings.notFoundBody, lines: [] });
}

export interface CampaignNotice {
  phase: "draft" | "scheduled" | "closed" | "archived";
  campaignName: string;
  district: string;
  opensAt: Date;
  closesAt: Date;
  now: Date;
  /** The bureau running the survey and whom to ask ("" when the campaign gives no one). */
  bureauName: string;
  contactLine: string;
}

function fill(text: BilingualText, params: Record<string, string | BilingualText>): BilingualText {
  const pick = (lang: Lang) =>
    Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === "string" ? v : v[lang]]),
    );
  return { zh: fillTemplate(text.zh, pick("zh")), en: fillTemplate(text.en, pick("en")) };
}

function whatHappened(n: CampaignNotice): Pick<Part, "title" | "body"> {
  switch (n.phase) {
    case "draft":
      return { title: strings.draftTitle, body: strings.draftBody };
    case "scheduled":
      return {
        title: strings.scheduledTitle,
        body: fill(strings.scheduledBody, { date: beijingTimeText(n.opensAt, "opens") }),
      };
    case "closed":
    case "archived":
      // Closed before it ever opened: its closing time is still ahead, so no date to give.
      return {
        title: strings.closedTitle,
        body:
          n.closesAt.getTime() <= n.now.getTime()
            ? fill(strings.closedBody, { date: beijingTimeText(n.closesAt, "closes") })
            : strings.closedBodyUndated,
      };
  }
}

/** A campaign's link while it takes no answers: what is going on, who runs it, whom to ask. */
export function campaignNoticePage(n: CampaignNotice): string {
  const lines = [fill(strings.runBy, { bureau: n.bureauName })];
  if (n.contactLine) lines.push(fill(strings.contact, { contact: n.contactLine }));
  return page({ ...whatHappened(n), lines }, { district: n.district, campaign: n.campaignName });
}
