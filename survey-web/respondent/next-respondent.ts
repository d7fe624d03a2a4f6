import type { Draft, DraftStore } from "./draft-store.ts";
import type { Locale } from "./locale.ts";
import type { NextOne, Screen } from "./status-screen.ts";

export interface FreshDraftOptions {
  questionnaireId: number;
  locale: Locale;
  startedAt: string;
  /** The response this phone sent last, if any: the new one must not take its id. */
  previousId: string | undefined;
  newId: () => string;
}

/**
 * An empty answer sheet: a new response id, no answers, the first page. The server takes a
 * repeated id for the same response, so the next person on a shared phone must never get the
 * previous person's id, however unlikely a clash of random ids is.
 */
export function freshDraft(options: FreshDraftOptions): Draft {
  let responseId = options.newId();
  while (responseId === options.previousId) responseId = options.newId();
  return {
    responseId,
    questionnaireId: options.questionnaireId,
    data: {},
    currentPage: null,
    startedAt: options.startedAt,
    pageSeconds: {},
    locale: options.locale,
  };
}

/**
 * "Someone else in the family wants to answer": whatever the link's draft held goes (with its
 * funnel visit, so the next person counts as a visit of their own) and a fresh sheet replaces it.
 */
export function startNextRespondent(
  drafts: DraftStore,
  token: string,
  options: FreshDraftOptions,
): Draft {
  drafts.clear(token);
  const draft = freshDraft(options);
  drafts.save(token, draft);
  return draft;
}

/**
 * The screen after a response went through, or on coming back to a link this phone has
 * answered: on a shared-device link both offer to start another person's response. On an
 * interviewer's link (`next`) the thanks offer the next respondent, or the next call.
 */
export function doneScreen(
  kind: "thanks" | "already",
  sharedDevice: boolean,
  next?: NextOne,
): Screen {
  return next ? { kind, another: false, next } : { kind, another: sharedDevice };
}
