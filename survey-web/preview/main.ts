// The questionnaire editor's preview (the staff page's phone frame loads this page in an
// iframe 390 px wide): the same survey-core and survey-js-ui, stylesheet and theme as the
// respondent page, rendering whatever version the editor holds, placeholders filled from the
// campaign. It stores nothing and sends nothing; it only listens to its own origin's parent.
import "survey-core/survey-core.fontless.css";
import "../respondent/styles.css";
import "./styles.css";
import "survey-core/i18n/simplified-chinese";
import { Model, type SurveyModel, surveyLocalization } from "survey-core";
import { renderSurvey } from "survey-js-ui";
import type { PreviewMessage, PreviewReply } from "./messages.ts";

surveyLocalization.defaultLocale = "zh-cn";
(surveyLocalization.locales["zh-cn"] as Record<string, string>).progressText =
  "第 {0} 页，共 {1} 页";

const root = document.getElementById("preview");
const origin = window.location.origin;

function reply(message: PreviewReply): void {
  if (window.parent !== window) window.parent.postMessage(message, origin);
}

function show(message: Extract<PreviewMessage, { type: "jh-preview-show" }>): void {
  if (!root) return;
  let survey: SurveyModel;
  try {
    survey = new Model(message.survey);
  } catch (error) {
    root.textContent = String(error);
    reply({ type: "jh-preview-failed", message: String(error) });
    return;
  }
  survey.locale = message.locale === "en" ? "en" : "";
  survey.widthMode = "responsive";
  survey.fitToContainer = false;
  // All questions at once, so an edit anywhere shows without paging through required ones.
  if (!message.paged) survey.questionsOnPageMode = "singlePage";
  for (const question of survey.getAllQuestions()) {
    if (question.getType() === "rating") question.setPropertyValue("displayMode", "buttons");
  }
  survey.setVariable("presetGroup", "");
  survey.setVariable("channelSchool", "");
  for (const [name, value] of Object.entries(message.wording)) survey.setVariable(name, value);
  // A preview is never submitted.
  survey.onCompleting.add((_, options) => {
    options.allow = false;
  });
  const mount = document.createElement("div");
  root.replaceChildren(mount);
  renderSurvey(survey, mount);
  document.documentElement.lang = message.locale === "en" ? "en" : "zh-CN";
  if (message.focus) {
    const question = survey.getQuestionByName(message.focus);
    if (question?.isVisible) {
      if (message.paged) survey.currentPage = question.page;
      // After survey-js-ui has drawn: scroll the question into view, without taking focus.
      const name = CSS.escape(question.name);
      requestAnimationFrame(() =>
        document
          .querySelector(`.sd-question[data-name="${name}"]`)
          ?.scrollIntoView({ block: "start" }),
      );
    }
  }
  reply({ type: "jh-preview-shown", questions: survey.getAllQuestions(true).length });
}

window.addEventListener("message", (event: MessageEvent<PreviewMessage>) => {
  if (event.origin !== origin || event.source !== window.parent) return;
  if (event.data?.type === "jh-preview-show") show(event.data);
});
reply({ type: "jh-preview-ready" });
