import type { PaperForm, PaperLinkView, PaperQuestion } from "../../../api/paper/types.ts";
import { ApiError, paperApi } from "../api-client.ts";
import { errorText } from "../error-text.ts";
import { $, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import { errorBox, loading } from "../page-context.ts";
import { applicableAnswers } from "./paper-condition.ts";
import {
  applySkips,
  clearAll,
  fieldsetId,
  focusQuestion,
  formMarkup,
  isChoice,
  optionKey,
  questionOfKey,
  readAnswers,
} from "./paper-questions.ts";
import { PaperPending } from "./paper-resolve.ts";

export interface PaperEntryOptions {
  links: readonly PaperLinkView[];
  signal: AbortSignal;
  /** The link now being typed, to open it again next time. */
  onChosen(linkId: number): void;
  /** A sheet was stored or resolved: counts elsewhere on the page may change. */
  onStored(): Promise<void>;
}

const sheetPattern = /^[A-Za-z0-9-]{1,20}$/;
const doubleKey = (linkId: number) => `junheng.paper.double.${linkId}`;
// Digits typed within this time make one number (option 12, a rating of 10).
const digitPause = 800;

function storedDouble(linkId: number): boolean {
  try {
    return localStorage.getItem(doubleKey(linkId)) === "1";
  } catch {
    return false;
  }
}

/** The number after this one, zeros kept: 0099 → 0100, A-7 → A-8; otherwise the same. */
export function nextSheet(sheet: string): string {
  const match = /^(.*?)(\d+)$/.exec(sheet);
  if (!match) return sheet;
  const digits = match[2]!;
  return `${match[1]}${String(Number(digits) + 1).padStart(digits.length, "0")}`;
}

/** A link code as typed or scanned: the code itself, or a web address ending in /s/<code>. */
function linkCode(raw: string): string {
  const value = raw.trim();
  const at = value.lastIndexOf("/s/");
  return (at >= 0 ? value.slice(at + 3) : value).replace(/[?#].*$/, "");
}

/**
 * The entry of paper sheets, fast by keyboard: the link (chosen, or its code scanned), the
 * sheet number, then each question in turn. A digit ticks the option with that key (and
 * moves on in a single choice), Enter moves to the next question that applies, questions the
 * answers skip are greyed out and passed over, and the last Enter saves.
 */
export class PaperEntry {
  declare private readonly root: HTMLElement;
  declare private readonly options: PaperEntryOptions;
  declare private link: PaperLinkView | null;
  declare private form: PaperForm | null;
  declare private applying: PaperQuestion[];
  declare private typed: { question: string; digits: string; at: number };
  declare private pending: PaperPending | null;

  constructor(root: HTMLElement, options: PaperEntryOptions) {
    this.root = root;
    this.options = options;
    this.link = null;
    this.form = null;
    this.applying = [];
    this.typed = { question: "", digits: "", at: 0 };
    this.pending = null;
  }

  /** Opens a link's questionnaire for typing. */
  async choose(linkId: number, focus: boolean): Promise<void> {
    const link = this.options.links.find((l) => l.id === linkId);
    if (!link) return;
    this.link = link;
    this.options.onChosen(link.id);
    render(this.root, loading());
    let form: PaperForm;
    try {
      form = await paperApi.form(link.id);
    } catch (error) {
      if (!this.options.signal.aborted) render(this.root, errorBox(error));
      return;
    }
    if (this.options.signal.aborted) return;
    this.form = form;
    this.draw(link, form);
    if (focus) $(this.root, "#paper-sheet").focus();
  }

  private draw(link: PaperLinkView, form: PaperForm): void {
    render(
      this.root,
      html`<div class="jh-paper-bar">
          <div class="jh-field">
            <label for="paper-link">${t("paper.chooseLink")}</label>
            <select id="paper-link">
              ${this.options.links.map(
                (l) =>
                  html`<option value="${l.id}" ${l.id === link.id ? "selected" : ""}>
                    ${l.name}
                  </option>`,
              )}
            </select>
          </div>
          <div class="jh-field">
            <label for="paper-code">${t("paper.code")}</label>
            <input
              id="paper-code"
              autocomplete="off"
              spellcheck="false"
              aria-describedby="paper-code-hint"
            />
            <p class="jh-hint" id="paper-code-hint">${t("paper.codeHint")}</p>
          </div>
          <div class="jh-field">
            <div class="jh-check">
              <input
                id="paper-double"
                type="checkbox"
                aria-describedby="paper-double-hint"
                ${storedDouble(link.id) ? "checked" : ""}
              />
              <label for="paper-double">${t("paper.double")}</label>
            </div>
            <p class="jh-hint" id="paper-double-hint">${t("paper.doubleHint")}</p>
          </div>
        </div>
        <p class="jh-hint">${t("paper.keys")}</p>
        <div id="paper-status" aria-live="polite"></div>
        <form id="paper-form" class="jh-paper-form" novalidate>
          <div class="jh-field jh-paper-sheet">
            <label for="paper-sheet">${t("paper.sheet")}</label>
            <input
              id="paper-sheet"
              required
              maxlength="20"
              autocomplete="off"
              spellcheck="false"
              aria-describedby="paper-sheet-hint paper-sheet-error"
            />
            <p class="jh-hint" id="paper-sheet-hint">${t("paper.sheetHint")}</p>
            <p class="jh-form__error" id="paper-sheet-error"></p>
          </div>
          <div id="paper-questions">${formMarkup(form)}</div>
          <div id="paper-errors"></div>
          <button type="submit" class="jh-button jh-button--primary" id="paper-save">
            ${t("paper.saveSheet")}
          </button>
        </form>
        <div id="paper-pending"></div>`,
    );
    this.applying = applySkips(this.root, form);
    this.wire(form);
    this.pending = new PaperPending($(this.root, "#paper-pending"), {
      link,
      form,
      onPick: (sheet) => {
        $<HTMLInputElement>(this.root, "#paper-sheet").value = sheet;
        this.focusFirst();
      },
      onResolved: () => this.options.onStored(),
    });
    void this.pending.refresh();
  }

  private wire(form: PaperForm): void {
    const root = this.root;
    $<HTMLSelectElement>(root, "#paper-link").addEventListener("change", (event) => {
      void this.choose(Number((event.target as HTMLSelectElement).value), true);
    });
    const code = $<HTMLInputElement>(root, "#paper-code");
    code.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const found = this.options.links.find((l) => l.token === linkCode(code.value));
      if (!found) {
        this.status(t("paper.codeUnknown"), "error");
        code.select();
        return;
      }
      void this.choose(found.id, true);
    });
    $<HTMLInputElement>(root, "#paper-double").addEventListener("change", (event) => {
      try {
        localStorage.setItem(
          doubleKey(this.link!.id),
          (event.target as HTMLInputElement).checked ? "1" : "0",
        );
      } catch {
        // Not remembered: the box still applies to this sheet.
      }
    });
    const sheetForm = $<HTMLFormElement>(root, "#paper-form");
    sheetForm.addEventListener("change", () => {
      this.applying = applySkips(root, form);
    });
    sheetForm.addEventListener("keydown", (event) => this.onKey(event, form));
    sheetForm.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.save(form);
    });
  }

  private status(text: string, kind: "ok" | "error" | "info"): void {
    const box = $(this.root, "#paper-status");
    render(
      box,
      html`<p
        class="jh-alert ${kind === "ok" ? "jh-alert--ok" : kind === "error" ? "jh-alert--error" : ""}"
        role="${kind === "error" ? "alert" : "status"}"
      >
        ${text}
      </p>`,
    );
  }

  private focusFirst(): void {
    const first = this.applying[0];
    if (first) focusQuestion(this.root, first);
    else $(this.root, "#paper-save").focus();
  }

  /** The next question that applies after `current`, else the save button. */
  private advance(current: PaperQuestion | undefined): void {
    this.applying = applySkips(this.root, this.form!);
    const at = current ? this.applying.findIndex((q) => q.number > current.number) : 0;
    const next = at >= 0 ? this.applying[at] : undefined;
    if (next) focusQuestion(this.root, next);
    else $(this.root, "#paper-save").focus();
  }

  private questionAt(target: HTMLElement, form: PaperForm): PaperQuestion | undefined {
    const box = target.closest<HTMLFieldSetElement>("fieldset.jh-paper-q");
    return box
      ? form.sections.flatMap((s) => s.questions).find((q) => fieldsetId(q) === box.id)
      : undefined;
  }

  private onKey(event: KeyboardEvent, form: PaperForm): void {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement;
    if (target.id === "paper-save") return;
    if (event.key === "Enter") {
      if (target instanceof HTMLTextAreaElement && event.shiftKey) return;
      event.preventDefault();
      if (target.id === "paper-sheet") this.focusFirst();
      else this.advance(this.questionAt(target, form));
      return;
    }
    const question = this.questionAt(target, form);
    const onOption = target instanceof HTMLInputElement && target.name !== "";
    if (!question || !isChoice(question) || !onOption) return;
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      for (const input of target
        .closest("fieldset")!
        .querySelectorAll<HTMLInputElement>("input[name]")) {
        input.checked = false;
      }
      this.applying = applySkips(this.root, form);
      return;
    }
    if (!/^[0-9]$/.test(event.key)) return;
    event.preventDefault();
    this.pick(question, event.key, target.closest("fieldset")!);
  }

  /** Ticks the option whose key the digits typed so far spell; a single choice then moves on. */
  private pick(q: PaperQuestion, digit: string, box: HTMLFieldSetElement): void {
    const keys = q.options.map((o, k) => optionKey(q, o, k));
    const now = Date.now();
    const recent = this.typed.question === q.name && now - this.typed.at < digitPause;
    const longer = recent ? this.typed.digits + digit : "";
    const digits = longer && keys.some((k) => k.startsWith(longer)) ? longer : digit;
    this.typed = { question: q.name, digits, at: now };
    const index = keys.indexOf(digits);
    if (index < 0) return;
    const input = box.querySelector<HTMLInputElement>(`input[name][value="${index}"]`);
    if (!input) return;
    input.checked = q.kind === "multiple" ? !input.checked : true;
    input.focus();
    this.applying = applySkips(this.root, this.form!);
    // A key that could still grow (1 of 10, 11 …) waits for Enter or the next digit.
    const ambiguous = keys.some((k) => k !== digits && k.startsWith(digits));
    if (q.kind !== "multiple" && !ambiguous) this.advance(q);
  }

  private showIssues(form: PaperForm, issues: { question: string; message: string }[]): void {
    for (const box of this.root.querySelectorAll<HTMLElement>(".jh-paper-q__error"))
      box.textContent = "";
    for (const box of this.root.querySelectorAll("fieldset.jh-paper-q"))
      box.removeAttribute("aria-invalid");
    const messages = issues.map((issue) => {
      const q = questionOfKey(form, issue.question);
      if (q) {
        const box = $(this.root, `#${fieldsetId(q)}`);
        box.setAttribute("aria-invalid", "true");
        $(box, ".jh-paper-q__error").textContent = issue.message;
      }
      return issue.message;
    });
    render(
      $(this.root, "#paper-errors"),
      messages.length === 0
        ? html``
        : html`<div class="jh-alert jh-alert--error" role="alert">
            <p>${t("paper.invalid")}</p>
            <ul>
              ${messages.map((m) => html`<li>${m}</li>`)}
            </ul>
          </div>`,
    );
    const first = issues.map((i) => questionOfKey(form, i.question)).find((q) => q !== undefined);
    if (first) focusQuestion(this.root, first);
  }

  private async save(form: PaperForm): Promise<void> {
    const link = this.link!;
    const sheetInput = $<HTMLInputElement>(this.root, "#paper-sheet");
    const sheetError = $(this.root, "#paper-sheet-error");
    const sheet = sheetInput.value.trim();
    sheetError.textContent = "";
    sheetInput.removeAttribute("aria-invalid");
    if (!sheetPattern.test(sheet)) {
      sheetError.textContent = t(sheet ? "paper.sheetInvalid" : "paper.sheetMissing");
      sheetInput.setAttribute("aria-invalid", "true");
      sheetInput.focus();
      return;
    }
    const answers = applicableAnswers(form, readAnswers(this.root, form));
    const doubleEntry = $<HTMLInputElement>(this.root, "#paper-double").checked;
    const button = $<HTMLButtonElement>(this.root, "#paper-save");
    button.disabled = true;
    try {
      const result = await paperApi.enter(link.id, { sheet, answers, doubleEntry });
      this.showIssues(form, []);
      const text =
        result.state === "entered"
          ? t("paper.stored", { sheet })
          : result.state === "waiting"
            ? t("paper.storedFirst", { sheet })
            : t("paper.storedDiffering", { sheet, count: result.differences.length });
      this.status(text, result.state === "differing" ? "error" : "ok");
      clearAll(this.root, form);
      this.applying = applySkips(this.root, form);
      sheetInput.value = nextSheet(sheet);
      sheetInput.focus();
      sheetInput.select();
      await Promise.all([this.pending?.refresh(), this.options.onStored()]);
    } catch (error) {
      if (
        error instanceof ApiError &&
        error.code === "invalid_answers" &&
        Array.isArray(error.details)
      ) {
        this.showIssues(form, error.details as { question: string; message: string }[]);
      } else if (error instanceof ApiError && error.status === 409) {
        this.showIssues(form, []);
        sheetError.textContent = errorText(error);
        sheetInput.setAttribute("aria-invalid", "true");
        sheetInput.focus();
      } else {
        this.showIssues(form, []);
        this.status(errorText(error), "error");
      }
    } finally {
      button.disabled = false;
    }
  }
}
