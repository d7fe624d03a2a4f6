import strings from "./poster.json" with { type: "json" };
import { fillTemplate as fill } from "../../http/messages.ts";
import type { RespondentGroup } from "../../db/database.ts";
import { escapeHtml } from "../../http/html.ts";

export interface ChannelPosterInput {
  campaignName: string;
  district: string;
  /** null for a district-wide channel: the district is the headline then. */
  schoolName: string | null;
  label: string;
  url: string;
  /** Exclusive, as in the campaign table: answers are taken while now < closesAt. */
  closesAt: Date;
  /** Markup from `qrSvg` (our own generator, inserted as is). */
  qrSvg: string;
  /** The channel's preset group: parents get a poster that addresses them. */
  presetGroup?: RespondentGroup | null;
  /** Time the questionnaire takes, as printed on the poster. */
  minutes?: number;
}

const timeZone = "Asia/Shanghai";

function shanghaiParts(at: Date): Record<string, string> {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const monthName = new Intl.DateTimeFormat("en-GB", { timeZone, month: "long" }).format(at);
  return { ...Object.fromEntries(parts.map((p) => [p.type, p.value])), monthName };
}

/**
 * The last day on which answers are taken, in Beijing time. `closesAt` is exclusive,
 * so a campaign closing at midnight prints the day before; one closing at 23:59 prints
 * that day; any other hour prints the day and the time, never a day too late or early.
 */
export function closingDateText(closesAt: Date): { zh: string; en: string } {
  const at = shanghaiParts(closesAt);
  const endOfDay = at.hour === "00" && at.minute === "00";
  const lastMinute = at.hour === "23" && at.minute === "59";
  const day = endOfDay ? shanghaiParts(new Date(closesAt.getTime() - 1)) : at;
  const text = (lang: "zh" | "en") => {
    const date = fill(strings.date[lang], day);
    return endOfDay || lastMinute ? date : `${date} ${fill(strings.time[lang], at)}`;
  };
  return { zh: text("zh"), en: text("en") };
}

const style = `
@page { size: A4; margin: 15mm }
* { box-sizing: border-box }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact }
body { margin: 0; color: #1f2933; background: #fff;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif }
.poster { width: 180mm; height: 266mm; margin: 0 auto; padding: 6mm 8mm; overflow: hidden;
  display: flex; flex-direction: column; align-items: center; text-align: center;
  border-top: 2.5mm solid #0b4f8a; break-after: page; page-break-after: always }
.poster:last-child { break-after: auto; page-break-after: auto }
p { margin: 0 }
[lang=en] { color: #52606d }
.campaign { font-size: 13pt; line-height: 1.5; margin-top: 4mm }
.district { font-size: 11pt; color: #52606d }
h1 { font-size: 30pt; line-height: 1.25; margin: 9mm 0 2mm; letter-spacing: .04em; color: #0b2e4f }
.label { font-size: 12pt; color: #52606d }
.qr { margin: 5mm 0 3mm }
.qr svg { display: block; width: 115mm; height: 115mm }
.instruction { font-size: 16pt; line-height: 1.5; font-weight: 600 }
.instruction-en { font-size: 10pt; margin-top: 1mm }
.closes { font-size: 13pt; margin-top: 6mm }
.closes [lang=en] { font-size: 10pt; margin-left: 2mm }
.link { font-size: 10pt; margin-top: 4mm; color: #52606d }
.url { display: block; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11pt;
  color: #1f2933; word-break: break-all; margin-top: 1mm }
footer { margin-top: auto; padding-top: 4mm; border-top: .3mm solid #cbd2d9; width: 100%; font-size: 11pt }
footer [lang=en] { font-size: 9pt }
@media screen {
  body { background: #e4e7eb; padding: 10mm 0 }
  .poster { background: #fff; height: 297mm; width: 210mm; padding: 21mm 23mm;
    box-shadow: 0 1px 4px rgba(0, 0, 0, .2); margin-bottom: 10mm }
}`;

function posterSection(input: ChannelPosterInput): string {
  if (!/^\s*<svg[\s>]/.test(input.qrSvg) || /<script/i.test(input.qrSvg)) {
    throw new Error("qrSvg must be an <svg> element from qrSvg()");
  }
  const params = { minutes: input.minutes ?? 3 };
  const instruction =
    input.presetGroup === "parent" ? strings.instructionParent : strings.instruction;
  const closes = closingDateText(input.closesAt);
  const t = (text: string, extra: Record<string, string | number> = {}) =>
    escapeHtml(fill(text, { ...params, ...extra }));
  return `<main class="poster">
<header><p class="campaign">${escapeHtml(input.campaignName)}</p>
<p class="district">${escapeHtml(input.district)}</p></header>
<h1>${escapeHtml(input.schoolName ?? input.district)}</h1>
<p class="label">${escapeHtml(input.label)}</p>
<div class="qr">${input.qrSvg.trim()}</div>
<p class="instruction">${t(instruction.zh)}</p>
<p class="instruction-en" lang="en">${t(instruction.en)}</p>
<p class="closes"><strong>${t(strings.closes.zh, { date: closes.zh })}</strong><span lang="en">${t(strings.closes.en, { date: closes.en })}</span></p>
<p class="link">${t(strings.link.zh)} <span lang="en">${t(strings.link.en)}</span><span class="url">${escapeHtml(input.url)}</span></p>
<footer><p class="privacy">${t(strings.privacy.zh)}</p><p lang="en">${t(strings.privacy.en)}</p></footer>
</main>`;
}

function posterDocument(title: string, sections: string[]): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head><body>
${sections.join("\n")}
</body></html>
`;
}

/**
 * A printable A4 poster for one channel: a standalone HTML document with no scripts
 * and no external resources, so it prints the same offline, from a USB stick or a ZIP.
 */
export function channelPoster(input: ChannelPosterInput): string {
  const title = `${input.schoolName ?? input.district} · ${input.label}`;
  return posterDocument(title, [posterSection(input)]);
}

/** Every poster in one document, one per page: print a whole district at once. */
export function channelPosters(title: string, inputs: ChannelPosterInput[]): string {
  return posterDocument(title, inputs.map(posterSection));
}
