import type { FirstPage } from "../first-questions.ts";
import { escapeHtml } from "../../http/html.ts";

/**
 * The first questions as plain HTML (api/survey-page/first-questions.ts): real radio buttons a
 * respondent can tap before the renderer has arrived; survey-web/respondent/first-questions.ts
 * keeps the taps and removes this block when the renderer mounts. Names carry a prefix so
 * they can never meet the renderer's own inputs.
 */
export function firstQuestionsHtml(page: FirstPage | null): string {
  if (!page) return "";
  const questions = page.questions.map((q) => {
    const legend = [
      q.number ? `<span class="jh-question__no">${escapeHtml(q.number)}</span> ` : "",
      escapeHtml(q.title),
      q.required ? `<span class="jh-question__required" aria-hidden="true">*</span>` : "",
    ].join("");
    const choices = q.choices
      .map(
        (c) =>
          `<label class="jh-choice"><input type="radio" name="jh-first-${escapeHtml(q.name)}" value="${escapeHtml(c.value)}"${q.required ? " required" : ""}><span>${escapeHtml(c.text)}</span></label>`,
      )
      .join("");
    return `<fieldset class="jh-question" data-name="${escapeHtml(q.name)}"><legend class="jh-question__title">${legend}</legend>${
      q.description ? `<p class="jh-question__description">${escapeHtml(q.description)}</p>` : ""
    }${choices}</fieldset>`;
  });
  const intro = page.surveyDescription
    ? `<p class="jh-first__intro">${escapeHtml(page.surveyDescription)}</p>`
    : "";
  return `<div id="first-questions" class="jh-first" lang="zh-CN">
<div class="jh-first__head"><h2 class="jh-first__survey">${escapeHtml(page.surveyTitle)}</h2>${intro}</div>
<div class="jh-first__body"><h3 class="jh-first__page">${escapeHtml(page.pageTitle)}</h3>
${questions.join("\n")}
</div>
</div>`;
}
