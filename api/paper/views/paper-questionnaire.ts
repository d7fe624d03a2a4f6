import { escapeHtml } from "../../http/html.ts";
import { fillTemplate as fill } from "../../http/messages.ts";
import { paperText } from "../condition-text.ts";
import type { Bilingual, PaperForm, PaperOption, PaperQuestion } from "../types.ts";
import strings from "./paper-sheet.json" with { type: "json" };

export type SheetLang = "zh" | "en";

export interface PaperQuestionnaireInput {
  form: PaperForm;
  lang: SheetLang;
  campaignName: string;
  /** The school's name, or the district's for a link of no school. */
  heading: string;
  /** The link's own name (its label). */
  label: string;
  /** The link's code, printed beside its QR code. */
  token: string;
  /** Markup from `qrSvg` (our own generator, inserted as is). */
  qrSvg: string;
  /** This page in the other language. */
  otherLanguageHref: string;
}

/** The sheet styles itself inline and shows its QR code inline; it loads nothing else. */
export const paperQuestionnairePolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const longOption = { zh: 14, en: 28 } as const;

// Up to this many schools are printed as tick boxes; more get a line to write the name on.
const maxSchoolBoxes = 40;

const style = `
@page { size: A4; margin: 14mm 15mm 16mm }
* { box-sizing: border-box }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact }
body { margin: 0; color: #111; background: #fff; font-size: 10.5pt; line-height: 1.45;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif }
.sheet { width: 180mm; margin: 0 auto }
header.top { border-bottom: .5mm solid #111; padding-bottom: 3mm }
.campaign { margin: 0; font-size: 9.5pt; color: #333 }
h1 { margin: 1mm 0 1mm; font-size: 15pt; line-height: 1.3 }
.place { margin: 0; font-size: 10pt; color: #333 }
.ids { display: flex; justify-content: space-between; gap: 3mm; align-items: stretch; margin-top: 2.5mm }
.box-label { font-size: 8.5pt; color: #333; margin: 0 0 1mm }
.sheet-no { border: .4mm solid #111; padding: 1.5mm 2mm; width: 46mm }
.cells { display: flex; gap: .8mm }
.cells span { display: block; width: 5mm; height: 7mm; border: .3mm solid #111 }
.hint { font-size: 7.5pt; color: #555; margin: 1mm 0 0 }
.code { border: .4mm solid #111; padding: 1.5mm 2mm; display: flex; gap: 2mm; align-items: center }
.code svg { display: block; width: 24mm; height: 24mm }
.token { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 10pt; white-space: nowrap;
  margin: 0 }
.intro { margin: 3mm 0 2mm; padding: 2mm 3mm; background: #f2f2f2; border-radius: 1mm }
.intro p { margin: 0 0 1mm } .intro p:last-child { margin: 0 }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; padding-bottom: .8mm; border-bottom: .3mm solid #777;
  break-after: avoid; page-break-after: avoid }
.section-note { margin: 0 0 2mm; font-size: 9.5pt; color: #333 }
.q { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid }
.q-title { margin: 0; font-weight: 600 }
.q-no { display: inline-block; min-width: 7mm }
.q-note { margin: .5mm 0 0 7mm; font-size: 9pt; color: #333 }
.q-when { margin: .5mm 0 0 7mm; font-size: 9pt; font-style: italic }
.opts { list-style: none; margin: 1.2mm 0 0 7mm; padding: 0; display: flex; flex-wrap: wrap; gap: 1.2mm 6mm }
.opts.cols { display: grid; grid-template-columns: repeat(3, 1fr) }
.opts li { display: flex; align-items: baseline; gap: 1.5mm }
.tick { flex: none; display: inline-block; width: 3.8mm; height: 3.8mm; border: .35mm solid #111;
  position: relative; top: .5mm }
.lead { font-size: 8.5pt; color: #333 }
.ends { margin: .5mm 0 0 7mm; font-size: 8.5pt; color: #333 }
.line { display: block; margin: 1.5mm 0 0 7mm; border-bottom: .3mm solid #111; height: 6.5mm }
.write { margin: 1.5mm 0 0 7mm; display: flex; align-items: flex-end; gap: 2mm }
.write .line { flex: 1; margin: 0 }
.other { margin-left: 7mm }
.end { margin: 5mm 0 0; text-align: center; font-weight: 600 }
.version { margin: 1mm 0 0; text-align: center; font-size: 7.5pt; color: #555 }
.screen-only { display: none }
@media screen {
  body { background: #e4e7eb; padding: 8mm 0 }
  .sheet { background: #fff; width: 210mm; min-height: 297mm; padding: 14mm 15mm 16mm;
    box-shadow: 0 1px 4px rgba(0, 0, 0, .2) }
  .screen-only { display: block; width: 210mm; margin: 0 auto 4mm; font-size: 10pt }
}`;

const t = (
  key: keyof typeof strings,
  lang: SheetLang,
  params: Record<string, string | number> = {},
) => escapeHtml(fill(strings[key][lang], params));

const say = (text: Bilingual, lang: SheetLang) => escapeHtml(text[lang]);

function option(o: PaperOption, q: PaperQuestion, lang: SheetLang): string {
  const lead = q.leadsTo.find((l) => String(l.value) === String(o.value));
  const leadText = lead
    ? ` <span class="lead">${escapeHtml(
        paperText("leadsTo", {
          numbers: lead.numbers.join(paperText("numberList")[lang]),
        })[lang],
      )}</span>`
    : "";
  return `<li><span class="tick" aria-hidden="true"></span><span>${say(o, lang)}${leadText}</span></li>`;
}

function answerArea(q: PaperQuestion, lang: SheetLang): string {
  switch (q.kind) {
    case "single":
    case "multiple":
    case "rating":
    case "boolean": {
      // Short options run on one line; long ones, or many, line up in columns.
      const long = q.options.length > 6 || q.options.some((o) => o[lang].length > longOption[lang]);
      const ends = q.scaleEnds
        ? `<p class="ends">${say(q.scaleEnds.min, lang)} … ${say(q.scaleEnds.max, lang)}</p>`
        : "";
      return `<ul class="opts${long ? " cols" : ""}">${q.options.map((o) => option(o, q, lang)).join("")}</ul>${ends}`;
    }
    case "school":
      if (q.options.length > 0 && q.options.length <= maxSchoolBoxes) {
        return `<ul class="opts cols">${q.options.map((o) => option(o, q, lang)).join("")}</ul>`;
      }
      return `<p class="write"><span>${t("schoolWriteIn", lang)}</span><span class="line"></span></p>`;
    case "number": {
      const range =
        q.min !== null && q.max !== null ? t("numberRange", lang, { min: q.min, max: q.max }) : "";
      return `<p class="write"><span>${t("numberWriteIn", lang)}${range}</span><span class="line" style="max-width:30mm"></span></p>`;
    }
    case "text":
      return `<span class="line"></span>`;
    case "comment":
      return `<span class="line"></span>`.repeat(4);
  }
}

function titleExtras(q: PaperQuestion, lang: SheetLang): string {
  const title = q.title.zh;
  // Questionnaires usually say so in the title already (（可多选）, （选填）).
  let extras = "";
  if (q.kind === "multiple" && q.maxSelected > 0)
    extras += t("maxSelected", lang, { max: q.maxSelected });
  else if (q.kind === "multiple" && !/多选/.test(title)) extras += t("multiple", lang);
  if (!q.required && !/选填/.test(title)) extras += t("optional", lang);
  return extras;
}

function questionBlock(q: PaperQuestion, lang: SheetLang): string {
  const note = q.description[lang];
  const companion =
    q.companion && (q.kind !== "comment" || q.companion.onlyWithOther)
      ? `<p class="write other"><span>${say(q.companion.label, lang)}：</span><span class="line"></span></p>`
      : "";
  return `<section class="q" data-question="${escapeHtml(q.name)}">
<p class="q-title"><span class="q-no">${q.number}.</span>${say(q.title, lang)}${titleExtras(q, lang)}</p>
${note ? `<p class="q-note">${escapeHtml(note)}</p>` : ""}
${q.instruction ? `<p class="q-when">${say(q.instruction, lang)}</p>` : ""}
${answerArea(q, lang)}${companion}
</section>`;
}

/**
 * A paper link's questionnaire as a printable A4 document: the heading with the sheet-number
 * box, the link's code and QR code, how to answer and that it is anonymous, then every question
 * the link may ask with a tick box per option and its skip instruction. A standalone document
 * with no scripts and no external resources, so it prints the same from a USB stick.
 */
export function paperQuestionnaire(input: PaperQuestionnaireInput): string {
  if (!/^\s*<svg[\s>]/.test(input.qrSvg) || /<script/i.test(input.qrSvg)) {
    throw new Error("qrSvg must be an <svg> element from qrSvg()");
  }
  const { form, lang } = input;
  const sections = form.sections
    .map(
      (s) => `<h2>${say(s.title, lang)}</h2>
${s.description[lang] ? `<p class="section-note">${say(s.description, lang)}</p>` : ""}
${s.questions.map((q) => questionBlock(q, lang)).join("\n")}`,
    )
    .join("\n");
  const cells = `<span></span>`.repeat(8);
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${say(form.title, lang)} · ${escapeHtml(input.label)}</title>
<style>${style}</style>
</head><body>
<p class="screen-only">${t("printHint", lang)} <a href="${escapeHtml(input.otherLanguageHref)}" lang="${lang === "zh" ? "en" : "zh-CN"}">${t("otherLanguage", lang)}</a></p>
<main class="sheet">
<header class="top">
<p class="campaign">${escapeHtml(input.campaignName)}</p>
<h1>${say(form.title, lang)}</h1>
<p class="place">${escapeHtml(input.heading)} · ${escapeHtml(input.label)}</p>
<div class="ids">
<div class="sheet-no"><p class="box-label">${t("sheetNumber", lang)}</p><div class="cells">${cells}</div><p class="hint">${t("sheetNumberHint", lang)}</p></div>
<div class="code"><div class="qr">${input.qrSvg.trim()}</div><div><p class="box-label">${t("linkCode", lang)}</p><p class="token">${escapeHtml(input.token)}</p><p class="hint">${t("linkCodeHint", lang)}</p></div></div>
</div>
</header>
<div class="intro">
${form.description[lang] ? `<p>${say(form.description, lang)}</p>` : ""}
<p><strong>${t("anonymous", lang)}</strong></p>
<p>${t("howTo", lang)}</p>
</div>
${sections}
<p class="end">${t("end", lang)}</p>
<p class="version">${t("version", lang, { version: form.version })}</p>
</main>
</body></html>
`;
}
