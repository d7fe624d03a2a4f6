import type {
  AnswerValue,
  Bilingual,
  PaperForm,
  PaperOption,
  PaperQuestion,
} from "../../../api/paper/types.ts";
import { type Html, html } from "../html.ts";
import { locale, t } from "../i18n.ts";
import { type SheetAnswers, conditionHolds, formQuestions } from "./paper-condition.ts";

/** A text of the questionnaire in the page's language. */
export const say = (text: Bilingual): string => (locale() === "en" ? text.en : text.zh);

const choiceKinds = new Set(["single", "multiple", "rating", "boolean"]);

export function isChoice(q: PaperQuestion): boolean {
  return choiceKinds.has(q.kind);
}

/**
 * The key that picks an option: a rating's own number, else its place in the list from 1.
 * Shown beside the option, so what is typed is what is read.
 */
export function optionKey(q: PaperQuestion, option: PaperOption, index: number): string {
  return q.kind === "rating" && typeof option.value === "number"
    ? String(option.value)
    : String(index + 1);
}

export const fieldsetId = (q: PaperQuestion) => `pq-${q.number}`;

function choiceMarkup(q: PaperQuestion): Html {
  const type = q.kind === "multiple" ? "checkbox" : "radio";
  return html`<div class="jh-paper-q__options">
    ${q.options.map(
      (o, k) =>
        html`<label class="jh-paper-q__option">
          <input type="${type}" name="${fieldsetId(q)}" value="${k}" />
          <kbd>${optionKey(q, o, k)}</kbd> ${say(o)}
        </label>`,
    )}
  </div>`;
}

function answerMarkup(q: PaperQuestion): Html {
  const id = `${fieldsetId(q)}-input`;
  const labelled = html`aria-labelledby="${fieldsetId(q)}-title"`;
  switch (q.kind) {
    case "single":
    case "multiple":
    case "rating":
    case "boolean":
      return choiceMarkup(q);
    case "school":
      return html`<select id="${id}" ${labelled}>
        <option value="">${t("paper.schoolNone")}</option>
        ${q.options.map((o) => html`<option value="${String(o.value)}">${String(o.value)} ${say(o)}</option>`)}
      </select>`;
    case "number":
      return html`<input
        id="${id}"
        type="number"
        inputmode="numeric"
        ${labelled}
        ${q.min !== null ? html`min="${q.min}"` : ""}
        ${q.max !== null ? html`max="${q.max}"` : ""}
      />`;
    case "comment":
      return html`<textarea
        id="${id}"
        rows="3"
        maxlength="${q.maxLength ?? 2000}"
        ${labelled}
      ></textarea>`;
    case "text":
      return html`<input id="${id}" type="text" maxlength="${q.maxLength ?? 500}" ${labelled} />`;
  }
}

function questionMarkup(q: PaperQuestion): Html {
  const companion = q.companion;
  return html`<fieldset class="jh-paper-q" id="${fieldsetId(q)}" data-name="${q.name}">
    <legend id="${fieldsetId(q)}-title">
      <span class="jh-paper-q__no">${q.number}.</span> ${say(q.title)}
    </legend>
    ${q.instruction ? html`<p class="jh-paper-q__when">${say(q.instruction)}</p>` : ""}
    <p class="jh-paper-q__skipped" hidden>${t("paper.skipped")}</p>
    ${answerMarkup(q)}
    ${
      companion
        ? html`<label class="jh-paper-q__companion">
            ${say(companion.label)}
            <input
              type="text"
              data-companion="${companion.key}"
              maxlength="${companion.maxLength}"
            />
          </label>`
        : ""
    }
    <p class="jh-paper-q__error" id="${fieldsetId(q)}-error"></p>
  </fieldset>`;
}

export function formMarkup(form: PaperForm): Html {
  return html`${form.sections.map(
    (s) =>
      html`<h3 class="jh-paper-section">${say(s.title)}</h3>
        ${s.questions.map(questionMarkup)}`,
  )}`;
}

function fieldset(root: ParentNode, q: PaperQuestion): HTMLFieldSetElement | null {
  return root.querySelector<HTMLFieldSetElement>(`#${fieldsetId(q)}`);
}

/** What the sheet's boxes hold now, skipped questions included (see `applicableAnswers`). */
export function readAnswers(root: ParentNode, form: PaperForm): SheetAnswers {
  const answers: SheetAnswers = {};
  for (const q of formQuestions(form)) {
    const box = fieldset(root, q);
    if (!box) continue;
    if (isChoice(q)) {
      const picked = [...box.querySelectorAll<HTMLInputElement>("input[name]:checked")]
        .map((input) => q.options[Number(input.value)]?.value)
        .filter((v): v is AnswerValue => v !== undefined);
      if (q.kind === "multiple") {
        if (picked.length > 0) answers[q.name] = picked;
      } else if (picked[0] !== undefined) answers[q.name] = picked[0];
    } else {
      const input = box.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
        `#${fieldsetId(q)}-input`,
      );
      const raw = input?.value.trim() ?? "";
      if (raw !== "") {
        const n = Number(raw);
        answers[q.name] = q.kind === "number" && Number.isFinite(n) ? n : raw;
      }
    }
    const companion = box.querySelector<HTMLInputElement>("input[data-companion]");
    if (companion && q.companion && companion.value.trim() !== "") {
      answers[q.companion.key] = companion.value.trim();
    }
  }
  return answers;
}

function clearBox(box: HTMLFieldSetElement): void {
  for (const input of box.querySelectorAll<HTMLInputElement>("input")) {
    if (input.type === "radio" || input.type === "checkbox") input.checked = false;
    else input.value = "";
  }
  for (const other of box.querySelectorAll<HTMLTextAreaElement | HTMLSelectElement>(
    "textarea, select",
  )) {
    other.value = "";
  }
}

/**
 * Greys out and empties the questions the answers so far skip, as the respondent's page hides
 * them, and opens an "other, please specify" box only with "other" ticked. Returns the
 * questions that apply, in order.
 */
export function applySkips(root: ParentNode, form: PaperForm): PaperQuestion[] {
  const answers = readAnswers(root, form);
  const kept: SheetAnswers = {};
  const applying: PaperQuestion[] = [];
  for (const q of formQuestions(form)) {
    const box = fieldset(root, q);
    if (!box) continue;
    const applies = conditionHolds(q.condition, kept);
    box.disabled = !applies;
    box.classList.toggle("jh-paper-q--skipped", !applies);
    box.querySelector<HTMLElement>(".jh-paper-q__skipped")!.hidden = applies;
    if (!applies) {
      clearBox(box);
      continue;
    }
    applying.push(q);
    if (answers[q.name] !== undefined) kept[q.name] = answers[q.name];
    const companion = box.querySelector<HTMLInputElement>("input[data-companion]");
    if (companion && q.companion?.onlyWithOther) {
      const other = q.options.findIndex((o) => o.other);
      const ticked =
        other >= 0 && box.querySelector<HTMLInputElement>(`input[name][value="${other}"]`)?.checked;
      companion.disabled = !ticked;
      if (!ticked) companion.value = "";
    }
  }
  return applying;
}

export function clearAll(root: ParentNode, form: PaperForm): void {
  for (const q of formQuestions(form)) {
    const box = fieldset(root, q);
    if (box) clearBox(box);
  }
}

/** Where the typing goes in a question: its ticked option, else its first control. */
export function focusQuestion(root: ParentNode, q: PaperQuestion): void {
  const box = fieldset(root, q);
  if (!box) return;
  const target =
    box.querySelector<HTMLInputElement>("input[name]:checked") ??
    box.querySelector<HTMLElement>(
      "input[name], select, textarea, input[type=text], input[type=number]",
    );
  target?.focus();
}

/** An answer as the resolution table shows it: the options' words, or the text typed. */
export function answerText(form: PaperForm, key: string, value: unknown): string {
  if (value === undefined) return t("paper.blank");
  const q = formQuestions(form).find((x) => x.name === key);
  const words = (v: unknown) => {
    const o = q?.options.find((x) => String(x.value) === String(v));
    return o ? say(o) : String(v);
  };
  return Array.isArray(value) ? value.map(words).join("、") : words(value);
}

/** The question an answer key belongs to (its own, or the one whose text box it is). */
export function questionOfKey(form: PaperForm, key: string): PaperQuestion | undefined {
  return formQuestions(form).find((q) => q.name === key || q.companion?.key === key);
}
