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
import type { InterviewerSession } from "./interviewer-session.ts";
import { type Locale, defaultLocale, otherLocale } from "./locale.ts";
import { doneScreen, freshDraft, startNextRespondent } from "./next-respondent.ts";
import type { NextOne } from "./status-screen.ts";
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
/**
 * An interviewer's link (interviewer-session.ts): one device, one respondent after another.
 * `next` is what its screens offer after a response; `awaiting` the response they are about,
 * so that the outbox finishing an earlier one never interrupts the next respondent.
 */
const next: NextOne | undefined =
  boot.mode === "telephone" ? "call" : boot.mode === "interviewer" ? "respondent" : undefined;
let session: InterviewerSession | undefined;
let awaiting: string | undefined;

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
    session?.setLocale(locale);
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
  session?.hidePanel();
  shell.showScreen(screen);
}

function freshDraftOptions() {
  return {
    questionnaireId: boot.questionnaire.id,
    locale,
    startedAt: new Date().toISOString(),
    previousId: awaiting ?? readCompletion(store, campaignId)?.responseId,
    newId: uuidV4,
  };
}

function newDraft(): Draft {
  return freshDraft(freshDraftOptions());
}

/**
 * A shared-device link: the next person in the family starts on page 1 with a new sheet. An
 * interviewer's link: the session decides (the next respondent, or the next call first).
 */
function anotherRespondent(): void {
  rejectedQuestion = undefined;
  window.scrollTo(0, 0);
  if (session) return session.next();
  startNextRespondent(drafts, boot.token, freshDraftOptions());
  void startSurvey();
}

function onOutboxEvent(event: OutboxEvent): void {
  const { item } = event;
  // Items of other campaigns (another link answered earlier) are finished quietly; so, on an
  // interviewer's link, are earlier respondents' while the interviewer has gone on.
  const ours = item.campaignId === campaignId && (!next || item.id === awaiting);
  const mine = draftOf(item);
  switch (event.type) {
    case "acknowledged":
      // An interviewer's device answers for many people: that is not "this phone has answered".
      if (!(next && item.token === boot.token))
        markCompleted(store, item.campaignId, {
          responseId: item.id,
          receivedAt: event.receivedAt,
        });
      if (mine) drafts.clear(item.token);
      if (ours) showScreen(doneScreen("thanks", boot.sharedDevice, next));
      break;
    case "sending":
      if (ours && item.attempts === 0) showScreen({ kind: "sending" });
      break;
    case "waiting":
      if (ours) showScreen({ kind: event.reason === "offline" ? "offline" : "busy", next });
      break;
    case "rejected": {
      // 404/410: the link or campaign cannot take answers; editing would not help.
      const canEdit = event.status !== 404 && event.status !== 410;
      if (mine && !canEdit) drafts.clear(item.token);
      else if (mine && event.status === 409) {
        // The id is taken by other content: answer again under a fresh id.
        drafts.save(item.token, { ...mine, responseId: uuidV4() });
      }
      if (ours) {
        rejectedQuestion = event.error.details?.[0]?.question;
        showScreen({ kind: "rejected", message: event.error.message, canEdit });
      } else if (next && item.token === boot.token) shell.announce("earlierRejected");
      break;
    }
  }
}

/** The link's draft when it is this outbox item's sheet (a later respondent's is left alone). */
function draftOf(item: { id: string; token: string }): Draft | undefined {
  const draft = drafts.load(item.token);
  return draft?.responseId === item.id ? draft : undefined;
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
    ...(session ? { interviewer: session.code() } : {}),
  };
  awaiting = draft.responseId;
  session?.submitted();
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

/** An interviewer's link: the code (and, by telephone, each call's outcome) before the questions. */
async function startInterviewing(): Promise<void> {
  const chunk = await import("./interviewer-session.ts").catch(() => undefined);
  if (!chunk) {
    showScreen({ kind: "loadFailed" });
    return;
  }
  session = chunk.interviewerSession({
    boot,
    store,
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
    locale: () => locale,
    clearPage: () => shell.clear(),
    startRespondent(fresh) {
      if (fresh) startNextRespondent(drafts, boot.token, freshDraftOptions());
      void startSurvey();
    },
    discardRespondent() {
      view?.dispose();
      view = undefined;
      drafts.clear(boot.token);
    },
  });
  const draft = drafts.load(boot.token);
  // Sent before a reload, not yet acknowledged: its outcome first, as on any link.
  if (draft && outbox.items().some((item) => item.id === draft.responseId)) {
    awaiting = draft.responseId;
    showScreen({ kind: "sending" });
  } else session.begin();
}

if (next) {
  void startInterviewing();
} else if (outbox.hasPending(campaignId)) {
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
