// Entry of the respondent page. Small on purpose: it reads the boot data,
// flushes the outbox and decides what to show; the questionnaire renderer
// is a separate chunk (survey-view.ts) that the server preloads in parallel.
import "survey-core/survey-core.fontless.css";
import "./styles.css";
import { type Boot, readBoot } from "./boot.ts";
import { markCompleted, readCompletion } from "./completion-marker.ts";
import { deviceToken } from "./device-token.ts";
import { type Draft, DraftStore } from "./draft-store.ts";
import { FirstQuestions } from "./first-questions.ts";
import { type Locale, defaultLocale, otherLocale } from "./locale.ts";
import { doneScreen, freshDraft, startNextRespondent } from "./next-respondent.ts";
import { Outbox, type OutboxEvent } from "./outbox.ts";
import { PageShell } from "./page-shell.ts";
import { browserStore } from "./safe-storage.ts";
import type { CompletedSurvey, MountedSurvey } from "./survey-view.ts";
import { uuidV4 } from "./uuid.ts";
import { visitReporter } from "./visit-beacon.ts";

const boot: Boot = readBoot(document);
const campaignId = boot.campaign.id;
const { store, persistent } = browserStore();
const drafts = new DraftStore(store);
let locale: Locale = drafts.load(boot.token)?.locale ?? defaultLocale;
let view: MountedSurvey | undefined;
/** The first question the server refused, to open when the respondent goes back. */
let rejectedQuestion: string | undefined;

const outbox = new Outbox(
  {
    store,
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
    random: () => Math.random(),
    setTimer: (callback, ms) => window.setTimeout(callback, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
  },
  onOutboxEvent,
);

// The server's plain first questions are in Chinese; in English the renderer shows them.
const firstQuestions = new FirstQuestions(document);
if (locale !== defaultLocale) firstQuestions.remove();

const shell = new PageShell(document, locale, boot.minutes, {
  switchLocale() {
    firstQuestions.remove();
    locale = otherLocale(locale);
    shell.setLocale(locale);
    if (view) view.setLocale(locale);
    else {
      const draft = drafts.load(boot.token);
      if (draft) drafts.save(boot.token, { ...draft, locale });
    }
  },
  retryNow: () => void outbox.wake(),
  backToEdit: () => void startSurvey(rejectedQuestion),
  reload: () => window.location.reload(),
  anotherRespondent,
});

/** A state screen instead of the questionnaire (the plain first questions go too). */
function showScreen(screen: Parameters<PageShell["showScreen"]>[0]): void {
  firstQuestions.remove();
  shell.showScreen(screen);
}

function freshDraftOptions() {
  return {
    questionnaireId: boot.questionnaire.id,
    locale,
    startedAt: new Date().toISOString(),
    previousId: readCompletion(store, campaignId)?.responseId,
    newId: uuidV4,
  };
}

function newDraft(): Draft {
  return freshDraft(freshDraftOptions());
}

/** A shared-device link: the next person in the family starts on page 1 with a new sheet. */
function anotherRespondent(): void {
  startNextRespondent(drafts, boot.token, freshDraftOptions());
  rejectedQuestion = undefined;
  window.scrollTo(0, 0);
  void startSurvey();
}

function onOutboxEvent(event: OutboxEvent): void {
  const { item } = event;
  // Items of other campaigns (another link answered earlier) are finished quietly.
  const ours = item.campaignId === campaignId;
  switch (event.type) {
    case "acknowledged":
      markCompleted(store, item.campaignId, { responseId: item.id, receivedAt: event.receivedAt });
      drafts.clear(item.token);
      if (ours) showScreen(doneScreen("thanks", boot.sharedDevice));
      break;
    case "sending":
      if (ours && item.attempts === 0) showScreen({ kind: "sending" });
      break;
    case "waiting":
      if (ours) showScreen({ kind: event.reason === "offline" ? "offline" : "busy" });
      break;
    case "rejected": {
      // 404/410: the link or campaign cannot take answers; editing would not help.
      const canEdit = event.status !== 404 && event.status !== 410;
      const draft = drafts.load(item.token);
      if (!canEdit) drafts.clear(item.token);
      else if (draft && event.status === 409) {
        // The id is taken by other content: answer again under a fresh id.
        drafts.save(item.token, { ...draft, responseId: uuidV4() });
      }
      if (ours) {
        rejectedQuestion = event.error.details?.[0]?.question;
        showScreen({ kind: "rejected", message: event.error.message, canEdit });
      }
      break;
    }
  }
}

function submit(draft: Draft, result: CompletedSurvey): void {
  const completed: Draft = { ...draft, data: result.answers, pageSeconds: result.pageSeconds };
  drafts.save(boot.token, completed);
  const body = {
    channel: boot.token,
    questionnaire: boot.questionnaire.id,
    answers: result.answers,
    startedAt: draft.startedAt,
    completedAt: result.completedAt.toISOString(),
    pageSeconds: result.pageSeconds,
    deviceToken: deviceToken(store),
    locale,
  };
  outbox.enqueue({
    id: draft.responseId,
    url: boot.submitUrl + encodeURIComponent(draft.responseId),
    body: JSON.stringify(body),
    campaignId,
    token: boot.token,
  });
  view = undefined;
  showScreen({ kind: "sending" });
  void outbox.flush();
}

async function startSurvey(focusQuestion?: string): Promise<void> {
  const stored = drafts.load(boot.token);
  const resumed = stored?.questionnaireId === boot.questionnaire.id;
  const draft = resumed && stored ? { ...stored, locale } : newDraft();
  // Taps on the plain first questions before this script ran are the latest answers.
  draft.data = { ...draft.data, ...firstQuestions.answers() };
  firstQuestions.fill(draft.data);
  // The funnel's visit lives as long as the draft: a reload continues it.
  const visit = draft.visit ?? { id: uuidV4(), started: false, page: 0 };
  draft.visit = visit;
  drafts.save(boot.token, draft);
  const saveVisit = () => {
    const current = drafts.load(boot.token);
    if (current) drafts.save(boot.token, { ...current, visit });
  };
  const funnel = visitReporter(boot.token, visit, saveVisit);
  // Pages are numbered as in the questionnaire, so "page 3" is the same page for everyone.
  const pages = (boot.questionnaire.survey.pages ?? []) as { name?: string }[];
  const report = (d: Draft) => {
    funnel.page(pages.findIndex((p) => p.name === d.currentPage) + 1 || 1);
    if (Object.keys(d.data).length) funnel.answered();
  };
  // Answers given on the plain first questions are saved at once, as the renderer would.
  firstQuestions.onChange((answers) => {
    const current = drafts.load(boot.token) ?? draft;
    const next = { ...current, data: { ...current.data, ...answers }, visit };
    drafts.save(boot.token, next);
    report(next);
  });
  report(draft);
  // On a flaky 4G link the big chunk can fail to arrive: say so instead of spinning.
  const renderer = await import("./survey-view.ts").catch(() => undefined);
  if (!renderer) {
    showScreen({ kind: "loadFailed" });
    return;
  }
  const current = drafts.load(boot.token) ?? draft;
  const mounted = { ...current, data: { ...current.data, ...firstQuestions.answers() } };
  shell.showSurvey();
  view = renderer.mountSurvey({
    element: shell.surveyElement,
    boot,
    draft: mounted,
    now: () => Date.now(),
    focusQuestion,
    onDraft: (next) => {
      drafts.save(boot.token, { ...next, visit });
      report(next);
    },
    onComplete: (result) => submit(drafts.load(boot.token) ?? mounted, result),
  });
  // The renderer shows the same questions with the same answers now.
  firstQuestions.remove();
  report(mounted);
  shell.setNote(persistent ? "savedOnDevice" : "storageUnavailable");
  shell.announce(
    resumed && !focusQuestion && Object.keys(mounted.data).length > 0 ? "resumed" : null,
  );
}

if (outbox.hasPending(campaignId)) {
  // Completed earlier but not yet acknowledged: keep sending, never ask again.
  showScreen({ kind: "sending" });
} else if (readCompletion(store, campaignId)) {
  drafts.clear(boot.token);
  showScreen(doneScreen("already", boot.sharedDevice));
} else {
  void startSurvey();
}

void outbox.wake();
window.addEventListener("online", () => void outbox.wake());
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") void outbox.wake();
});
