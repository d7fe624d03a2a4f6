import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import strings from "./respondent-page.json" with { type: "json" };
// The page's own Chinese texts, so the server paints the duration line and the labels of
// who runs the survey in the same words.
import pageText from "../../../survey-web/locales/respondent.zh-CN.json" with { type: "json" };
import type { FirstPage } from "../first-questions.ts";
import { type EntryAssets, entryScript, stylesheetLinks } from "../../web/index.ts";
import { firstQuestionsHtml } from "./first-questions-html.ts";
import { escapeHtml } from "../../http/html.ts";

const template = readFileSync(
  fileURLToPath(new URL("../../../survey-web/respondent/page.html", import.meta.url)),
  "utf8",
);

export interface RespondentBoot {
  token: string;
  campaign: {
    id: number;
    name: string;
    district: string;
    closesAt: string;
    /** Who runs the survey, shown under the heading, and whom to ask ("" for no one). */
    bureauName: string;
    contactLine: string;
  };
  school: { code: string; name: string } | null;
  presetGroup: string | null;
  /** survey-core variables the questionnaire's texts name: `{district}`, `{area}`, … */
  wording: Record<string, string>;
  /** A family's shared phone: after a response, the page offers to start another one. */
  sharedDevice: boolean;
  /**
   * How answers arrive: on `interviewer` and `telephone` links an interviewer enters a code
   * first, and the page takes one respondent after another (docs/interviewers.md).
   */
  mode: "online" | "interviewer" | "telephone" | "paper";
  questionnaire: { id: number; survey: Record<string, unknown> };
  /** About how long the questionnaire takes, in whole minutes (surveyMinutes). */
  minutes: number;
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
 * Who runs the survey and whom to ask, under the heading. The labels carry `data-text` so the
 * page's language switch can put them into English; the names stay as the bureau wrote them.
 */
function runnerHtml(campaign: RespondentBoot["campaign"]): string {
  const line = (key: "runBy" | "contact", value: string) =>
    `<p class="jh-runner"><span data-text="${key}">${escapeHtml(pageText[key])}</span>${escapeHtml(value)}</p>`;
  return [
    line("runBy", campaign.bureauName),
    campaign.contactLine ? line("contact", campaign.contactLine) : "",
  ].join("");
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
  const preloads = assets.scripts.slice(1);
  return fill({
    title: escapeHtml(boot.campaign.name),
    district: escapeHtml(boot.campaign.district),
    campaign: escapeHtml(boot.campaign.name),
    school: boot.school ? `<p class="jh-school">${escapeHtml(boot.school.name)}</p>` : "",
    duration: escapeHtml(pageText.duration.replace("{minutes}", String(boot.minutes))),
    runner: runnerHtml(boot.campaign),
    firstQuestions: firstQuestionsHtml(firstPage),
    styles: stylesheetLinks(assets),
    boot: scriptJson(boot),
    scripts: [
      ...preloads.map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`),
      entryScript(assets),
      `<noscript><p>${escapeHtml(strings.noscript.zh)} <span lang="en">${escapeHtml(strings.noscript.en)}</span></p></noscript>`,
    ].join("\n"),
  });
}
