// The interviewer's screens of an interviewer or telephone link: the code first, the outcome of
// each call on a telephone link, and a bar to drop a response or end the session. A chunk of
// its own that only those links load (api/survey-page/routes.ts), so a parent's phone never
// downloads it. docs/interviewers.md describes the whole session.
import en from "../locales/interviewer.en.json" with { type: "json" };
import zh from "../locales/interviewer.zh-CN.json" with { type: "json" };
import type { Boot } from "./boot.ts";
import { type Locale, htmlLang } from "./locale.ts";
import { isRetryableStatus } from "./outbox.ts";
import { type KeyValueStore, isRecord, readJson } from "./safe-storage.ts";

type Key = keyof typeof zh;
const tables: Record<Locale, Record<Key, string>> = { "zh-cn": zh, en };

export type CallOutcome = "refused" | "no_answer" | "wrong_number";
const outcomeKeys: Record<CallOutcome, Key> = {
  refused: "callRefused",
  no_answer: "callNoAnswer",
  wrong_number: "callWrongNumber",
};

/** What main.ts lends the session: the page's storage and its questionnaire. */
export interface InterviewerHost {
  boot: Boot;
  store: KeyValueStore;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  now(): number;
  locale(): Locale;
  /** Hides the questionnaire, the state screens and the loading line. */
  clearPage(): void;
  /** Shows the questionnaire: a fresh sheet, or the one kept on the device (after a reload). */
  startRespondent(fresh: boolean): void;
  /** Drops the sheet kept on the device, unsent. */
  discardRespondent(): void;
}

export interface InterviewerSession {
  /** The code to send with each response (none before it is entered). */
  code(): string | undefined;
  /** At page load: the code, or (telephone) the call's outcome, or the sheet being answered. */
  begin(): void;
  /** After a response went (or is queued): the next respondent, or the next call. */
  next(): void;
  /** The page is about to show the questionnaire or a state screen: hide our panel. */
  hidePanel(): void;
  /** A response was submitted: the call it belongs to is over. */
  submitted(): void;
  setLocale(locale: Locale): void;
}

interface Kept {
  code: string;
  /** Telephone: a call was answered and its questionnaire is under way. */
  inCall: boolean;
}

interface PendingCall {
  channel: string;
  interviewer: string;
  outcome: CallOutcome;
  recordedAt: string;
}

const callsKey = "junheng:calls";

/** A code as people read it: two groups of four. */
const shown = (code: string) => (code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code);

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(text: string, onClick: () => void, quiet = false): HTMLButtonElement {
  const b = el("button", quiet ? "jh-button jh-button--quiet" : "jh-button", text);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

export function interviewerSession(host: InterviewerHost): InterviewerSession {
  const { boot, store } = host;
  const telephone = boot.mode === "telephone";
  // Per campaign: one code serves every interviewer link of the campaign on this device.
  const keptKey = `junheng:interviewer:${boot.campaign.id}`;
  const t = (key: Key, vars: Record<string, string | number> = {}) =>
    tables[host.locale()][key].replace(/\{(\w+)\}/g, (w, n: string) =>
      n in vars ? String(vars[n]) : w,
    );

  const main = document.querySelector("main") ?? document.body;
  const bar = el("div", "jh-interviewer-bar");
  bar.hidden = true;
  const panel = el("section", "jh-screen");
  panel.hidden = true;
  panel.setAttribute("aria-labelledby", "interviewer-title");
  main.prepend(bar);
  document.getElementById("screen")?.before(panel);

  let view: "code" | "call" | null = null;
  /** A respondent's questionnaire is under way (it may be dropped). */
  let answering = false;
  let notice = "";
  let error = "";
  let busy = false;

  const kept = (): Kept | undefined => {
    const value = readJson(store, keptKey);
    return isRecord(value) && typeof value.code === "string"
      ? { code: value.code, inCall: value.inCall === true }
      : undefined;
  };
  const keep = (value: Kept | undefined) =>
    value ? store.setItem(keptKey, JSON.stringify(value)) : store.removeItem(keptKey);

  function pendingCalls(): PendingCall[] {
    const value = readJson(store, callsKey);
    return Array.isArray(value) ? (value.filter(isRecord) as unknown as PendingCall[]) : [];
  }
  const writeCalls = (calls: PendingCall[]) =>
    calls.length ? store.setItem(callsKey, JSON.stringify(calls)) : store.removeItem(callsKey);

  /**
   * Sends the recorded calls, oldest first. The server stores a call once per interviewer and
   * moment, so sending one twice is safe; a call refused for good (4xx) is dropped.
   */
  async function sendCalls(): Promise<void> {
    for (const call of pendingCalls()) {
      let status: number;
      try {
        const res = await host.fetch("/api/call-attempts", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(call),
        });
        status = res.status;
      } catch {
        break;
      }
      if (isRetryableStatus(status)) break;
      writeCalls(pendingCalls().filter((c) => c.recordedAt !== call.recordedAt));
    }
    if (view === "call") render(false);
  }

  function drawBar(): void {
    const k = kept();
    bar.hidden = !k;
    if (!k) return;
    const name = el("span", "jh-interviewer-bar__name", t("bar", { code: shown(k.code) }));
    const buttons = [button(t("end"), endSession, true)];
    if (answering) buttons.unshift(button(t("discard"), discard, true));
    bar.replaceChildren(name, ...buttons);
    bar.lang = htmlLang(host.locale());
  }

  function render(focus: boolean): void {
    drawBar();
    if (view === null) {
      panel.hidden = true;
      return;
    }
    host.clearPage();
    const title = el("h2", "jh-screen__title", t(view === "code" ? "codeTitle" : "callTitle"));
    title.id = "interviewer-title";
    title.tabIndex = -1;
    const parts: HTMLElement[] = [title];
    if (view === "code") {
      parts.push(el("p", "jh-screen__text", t("codeBody")), codeForm());
    } else {
      parts.push(el("p", "jh-screen__text", t("callBody")));
      const row = el("div", "jh-screen__actions");
      row.append(
        button(t("callCompleted"), callAnswered),
        ...(Object.keys(outcomeKeys) as CallOutcome[]).map((o) =>
          button(t(outcomeKeys[o]), () => recordCall(o), true),
        ),
      );
      parts.push(row);
      const waiting = pendingCalls().length;
      if (notice) parts.push(el("p", "jh-screen__text", notice));
      if (waiting > 0)
        parts.push(el("p", "jh-screen__text", t("callsWaiting", { count: waiting })));
    }
    panel.replaceChildren(...parts);
    panel.lang = htmlLang(host.locale());
    panel.dataset.state = view === "code" ? "interviewerCode" : "callOutcome";
    panel.hidden = false;
    if (focus) title.focus();
  }

  function codeForm(): HTMLFormElement {
    const form = el("form", "");
    form.noValidate = true;
    const label = el("label", "jh-field__label", t("codeLabel"));
    label.htmlFor = "interviewer-code";
    const input = el("input", "jh-input");
    Object.assign(input, {
      id: "interviewer-code",
      autocomplete: "off",
      spellcheck: false,
      maxLength: 20,
      enterKeyHint: "go",
    });
    input.setAttribute("autocapitalize", "characters");
    input.setAttribute("aria-describedby", "interviewer-code-hint interviewer-code-error");
    const hint = el("p", "jh-screen__text", t("codeHint"));
    hint.id = "interviewer-code-hint";
    const problem = el("p", "jh-field__error", error);
    problem.id = "interviewer-code-error";
    problem.setAttribute("role", "alert");
    const submit = el("button", "jh-button", t(busy ? "codeChecking" : "codeStart"));
    submit.type = "submit";
    submit.disabled = busy;
    const row = el("div", "jh-screen__actions");
    row.append(submit);
    form.append(label, input, hint, problem, row);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void checkCode(input.value);
    });
    return form;
  }

  async function checkCode(typed: string): Promise<void> {
    if (busy) return;
    if (!typed.trim()) {
      error = t("codeMissing");
      render(false);
      document.getElementById("interviewer-code")?.focus();
      return;
    }
    busy = true;
    error = "";
    render(false);
    try {
      const res = await host.fetch("/api/interviewer-sessions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ channel: boot.token, code: typed }),
      });
      const body = (await res.json().catch(() => ({}))) as {
        code?: string;
        error?: { code?: string; message?: string };
      };
      if (res.ok && typeof body.code === "string") {
        keep({ code: body.code, inCall: false });
        busy = false;
        proceed(true);
        return;
      }
      const seconds = Number(res.headers.get("retry-after")) || 60;
      error =
        body.error?.code === "invalid_interviewer"
          ? t("codeWrong")
          : res.status === 429
            ? t("codeTooMany", { seconds })
            : t("codeFailed", { message: body.error?.message ?? String(res.status) });
    } catch {
      error = t("codeOffline");
    }
    busy = false;
    render(false);
    document.getElementById("interviewer-code")?.focus();
  }

  /** With a code: the sheet under way, else (telephone) the next call, else a fresh sheet. */
  function proceed(fresh: boolean): void {
    const k = kept();
    if (!k) {
      view = "code";
      render(true);
    } else if (telephone && !k.inCall) {
      view = "call";
      render(true);
      void sendCalls();
    } else {
      view = null;
      answering = true;
      render(false);
      host.startRespondent(fresh);
    }
  }

  function callAnswered(): void {
    const k = kept();
    if (!k) return proceed(false);
    keep({ ...k, inCall: true });
    notice = "";
    // A fresh sheet now: the time before the call was answered is not the interview's.
    view = null;
    answering = true;
    render(false);
    host.startRespondent(true);
  }

  function recordCall(outcome: CallOutcome): void {
    const k = kept();
    if (!k) return proceed(false);
    // The moment is the record's identity: a retry sends the same and is stored once.
    const recordedAt = new Date(host.now()).toISOString();
    writeCalls([
      ...pendingCalls(),
      { channel: boot.token, interviewer: k.code, outcome, recordedAt },
    ]);
    notice = t("callRecorded", { outcome: t(outcomeKeys[outcome]) });
    render(true);
    void sendCalls();
  }

  function discard(): void {
    if (!window.confirm(t(telephone ? "discardConfirmCall" : "discardConfirm"))) return;
    host.discardRespondent();
    answering = false;
    const k = kept();
    if (telephone && k?.inCall) {
      keep({ ...k, inCall: false });
      view = "call";
      recordCall("refused");
      return;
    }
    proceed(true);
  }

  function endSession(): void {
    if (!window.confirm(t("endConfirm"))) return;
    host.discardRespondent();
    answering = false;
    keep(undefined);
    notice = "";
    error = "";
    view = "code";
    render(true);
  }

  window.addEventListener("online", () => void sendCalls());
  drawBar();

  return {
    code: () => kept()?.code,
    begin: () => proceed(false),
    next: () => {
      notice = "";
      proceed(true);
    },
    hidePanel: () => {
      view = null;
      panel.hidden = true;
      drawBar();
    },
    submitted: () => {
      const k = kept();
      if (k?.inCall) keep({ ...k, inCall: false });
      // The response is on its way: nothing left to drop.
      answering = false;
      drawBar();
    },
    setLocale: () => render(false),
  };
}
