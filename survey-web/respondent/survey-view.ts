// The heavy part of the page (survey-core + survey-js-ui, ~270 KB brotli), loaded
// by main.ts with a dynamic import so the shell, the outbox and the "already
// submitted" page work before and without it.
import "survey-core/i18n/simplified-chinese";
import { Model, ProgressButtons, type SurveyModel, surveyLocalization } from "survey-core";
import { renderSurvey } from "survey-js-ui";
import type { Boot } from "./boot.ts";
import type { Draft } from "./draft-store.ts";
import { type Locale, htmlLang } from "./locale.ts";
import { PageTimer } from "./page-timer.ts";

// The questionnaires' "default" texts are Chinese, so Chinese is survey-core's default locale.
surveyLocalization.defaultLocale = "zh-cn";
// survey-core's Chinese page counter has an ASCII comma ("第 1 页, 共 4 页"); Chinese text
// takes the full-width one.
(surveyLocalization.locales["zh-cn"] as Record<string, string>).progressText =
  "第 {0} 页，共 {1} 页";

export interface CompletedSurvey {
  answers: Record<string, unknown>;
  pageSeconds: Record<string, number>;
  completedAt: Date;
}

export interface MountOptions {
  element: HTMLElement;
  boot: Boot;
  draft: Draft;
  now: () => number;
  /** After the server refused an answer: open the page of this question. */
  focusQuestion?: string;
  onDraft(draft: Draft): void;
  onComplete(result: CompletedSurvey): void;
}

export interface MountedSurvey {
  setLocale(locale: Locale): void;
  /** The sheet was dropped: stop saving it (an interviewer's next respondent takes the page). */
  dispose(): void;
}

/** Only answers to questions of this questionnaire (an old draft may hold others). */
function answersOf(survey: SurveyModel): Record<string, unknown> {
  const names = new Set(survey.getAllQuestions().map((q) => q.getValueName()));
  const data = survey.data as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(data).filter(([key]) => names.has(key.replace(/-Comment$/, ""))),
  );
}

/**
 * survey-js-ui writes `lang={survey.locale || "en"}` on its root, and survey-core
 * calls its default locale (here Chinese) "": a screen reader would read the
 * Chinese questions with an English voice. Correct the attribute whenever it
 * is rendered (Preact only rewrites it when its own value changes).
 */
function keepLang(container: HTMLElement, lang: () => string) {
  const apply = () => {
    const root = container.querySelector<HTMLElement>(".sd-root-modern");
    if (root && root.lang !== lang()) root.lang = lang();
  };
  const observer = new MutationObserver(apply);
  observer.observe(container, { subtree: true, childList: true, attributeFilter: ["lang"] });
  apply();
  /** `apply` after a locale switch, which need not touch the DOM attribute at all. */
  return { apply, stop: () => observer.disconnect() };
}

function createModel(boot: Boot, draft: Draft): SurveyModel {
  const survey = new Model(boot.questionnaire.survey);
  survey.locale = draft.locale === "zh-cn" ? "" : draft.locale;
  // Save comments while typing: a parent may leave WeChat before the box loses focus.
  survey.textUpdateMode = "onTyping";
  survey.widthMode = "responsive";
  // Flow with the page (one scrollbar, the browser's) instead of an inner scrolling box.
  survey.fitToContainer = false;
  for (const question of survey.getAllQuestions()) {
    // survey-js-ui turns rating scales into a dropdown on narrow screens; keep tap targets.
    if (question.getType() === "rating") question.setPropertyValue("displayMode", "buttons");
  }
  // Variables first: visibility conditions must see them before the answers arrive,
  // or clearInvisibleValues would drop restored answers to conditional questions.
  survey.setVariable("presetGroup", boot.presetGroup ?? "");
  survey.setVariable("channelSchool", boot.school?.code ?? "");
  for (const [name, value] of Object.entries(boot.wording ?? {})) survey.setVariable(name, value);
  survey.data = draft.data;
  const page = draft.currentPage ? survey.getPageByName(draft.currentPage) : null;
  if (page?.isVisible) survey.currentPage = page;
  return survey;
}

/** Renders the questionnaire, saving the draft as the respondent answers. */
export function mountSurvey(opts: MountOptions): MountedSurvey {
  const { boot, now } = opts;
  let draft = opts.draft;
  let locale = draft.locale;
  const survey = createModel(boot, draft);
  const timer = new PageTimer(now, draft.pageSeconds);
  timer.enter(survey.currentPage?.name ?? null);

  let disposed = false;
  const save = () => {
    if (disposed) return;
    draft = {
      ...draft,
      data: survey.data as Record<string, unknown>,
      currentPage: survey.currentPage?.name ?? draft.currentPage,
      pageSeconds: timer.snapshot(),
    };
    opts.onDraft(draft);
  };

  survey.onValueChanged.add(save);
  survey.onCurrentPageChanged.add((_, options) => {
    timer.enter(options.newCurrentPage?.name ?? null);
    save();
  });
  survey.onComplete.add(() => {
    const pageSeconds = timer.snapshot();
    timer.enter(null);
    document.removeEventListener("visibilitychange", onVisibility);
    langKeeper.stop(); // a later mount (back to edit) brings its own
    opts.onComplete({ answers: answersOf(survey), pageSeconds, completedAt: new Date(now()) });
  });

  // Time in another app does not count as time on the page; leaving is also a moment to save.
  const onVisibility = () => {
    if (document.visibilityState === "hidden") {
      timer.pause();
      save();
    } else {
      timer.resume();
    }
  };
  document.addEventListener("visibilitychange", onVisibility);

  const langKeeper = keepLang(opts.element, () => htmlLang(locale));
  renderSurvey(survey, opts.element);

  if (opts.focusQuestion) {
    const question = survey.getQuestionByName(opts.focusQuestion);
    if (question?.isVisible) {
      survey.currentPage = question.page;
      question.focus();
    }
  }

  return {
    setLocale(next) {
      locale = next;
      survey.locale = next === "zh-cn" ? "" : next;
      langKeeper.apply();
      // The page-steps bar caches "第 1 页，共 4 页" until the page changes: recompute it now.
      const bar: unknown = survey.progressBar;
      if (bar instanceof ProgressButtons) bar.resetProgressText();
      draft = { ...draft, locale: next };
      save();
    },
    dispose() {
      disposed = true;
      document.removeEventListener("visibilitychange", onVisibility);
      langKeeper.stop();
    },
  };
}
