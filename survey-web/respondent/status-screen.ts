import { type Locale, text } from "./locale.ts";

/** On an interviewer's link: what comes after a response, offered on its screens. */
export type NextOne = "respondent" | "call";

/** The states the page shows instead of (or after) the questionnaire. */
export type Screen =
  | { kind: "sending" }
  /** `next`: the response waits in the outbox, and the interviewer may go on meanwhile. */
  | { kind: "offline"; next?: NextOne }
  | { kind: "busy"; next?: NextOne }
  /** `another`: offer to start a fresh response on this phone (a shared-device link). */
  | { kind: "thanks"; another: boolean; next?: NextOne }
  | { kind: "already"; another: boolean }
  | { kind: "loadFailed" }
  | { kind: "rejected"; message: string; canEdit: boolean };

export interface ScreenActions {
  retryNow(): void;
  backToEdit(): void;
  reload(): void;
  anotherRespondent(): void;
}

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className: string,
  content?: string,
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  el.className = className;
  if (content !== undefined) el.textContent = content;
  return el;
}

function button(doc: Document, label: string, onClick: () => void, primary = true) {
  const b = element(doc, "button", primary ? "jh-button" : "jh-button jh-button--quiet", label);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

function nextButton(doc: Document, next: NextOne, locale: Locale, actions: ScreenActions) {
  return button(doc, text(locale, next === "call" ? "nextCall" : "nextRespondent"), () =>
    actions.anotherRespondent(),
  );
}

/**
 * Draws one screen into `container` with DOM text nodes only (server
 * messages are never parsed as HTML). The heading takes focus when asked,
 * so a screen-reader user hears the new state.
 */
export function renderScreen(
  container: HTMLElement,
  screen: Screen,
  locale: Locale,
  actions: ScreenActions,
  focus: boolean,
): void {
  const doc = container.ownerDocument;
  const t = (key: Parameters<typeof text>[1]) => text(locale, key);
  const heading = element(doc, "h2", "jh-screen__title");
  heading.id = "screen-title";
  heading.tabIndex = -1;
  const body: HTMLElement[] = [];
  const buttons: HTMLButtonElement[] = [];
  let tone = "info";

  switch (screen.kind) {
    case "sending":
      heading.textContent = t("sendingTitle");
      body.push(element(doc, "p", "jh-screen__text", t("sendingBody")));
      tone = "progress";
      break;
    case "offline":
    case "busy":
      heading.textContent = t(screen.kind === "offline" ? "offlineTitle" : "busyTitle");
      body.push(
        element(
          doc,
          "p",
          "jh-screen__text",
          t(screen.kind === "offline" ? "offlineBody" : "busyBody"),
        ),
      );
      buttons.push(button(doc, t("retryNow"), actions.retryNow, false));
      if (screen.next) buttons.push(nextButton(doc, screen.next, locale, actions));
      tone = "waiting";
      break;
    case "thanks":
      heading.textContent = t("thanksTitle");
      body.push(
        element(doc, "p", "jh-screen__text", t(screen.next ? "receivedBody" : "thanksBody")),
      );
      if (screen.next) buttons.push(nextButton(doc, screen.next, locale, actions));
      else if (screen.another)
        buttons.push(button(doc, t("anotherRespondent"), actions.anotherRespondent));
      tone = "done";
      break;
    case "already":
      heading.textContent = t("alreadyTitle");
      body.push(
        element(
          doc,
          "p",
          "jh-screen__text",
          t(screen.another ? "alreadyBodyShared" : "alreadyBody"),
        ),
      );
      if (screen.another)
        buttons.push(button(doc, t("anotherRespondent"), actions.anotherRespondent));
      tone = "done";
      break;
    case "loadFailed":
      heading.textContent = t("loadFailedTitle");
      body.push(element(doc, "p", "jh-screen__text", t("loadFailedBody")));
      buttons.push(button(doc, t("reload"), actions.reload));
      tone = "problem";
      break;
    case "rejected":
      heading.textContent = t("rejectedTitle");
      if (screen.message) body.push(element(doc, "p", "jh-screen__text", screen.message));
      if (screen.canEdit) {
        body.push(element(doc, "p", "jh-screen__text", t("rejectedHint")));
        buttons.push(button(doc, t("backToEdit"), actions.backToEdit));
      }
      tone = "problem";
      break;
  }

  container.replaceChildren(heading, ...body);
  if (buttons.length > 0) {
    const row = element(doc, "div", "jh-screen__actions");
    row.append(...buttons);
    container.append(row);
  }
  container.dataset.state = screen.kind;
  container.dataset.tone = tone;
  container.hidden = false;
  if (focus) heading.focus();
}
