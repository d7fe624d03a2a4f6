// The form for one question of the draft: its Chinese and English texts, required flag, role,
// options (texts; a machine value only for a new option) and, by type, the rating ends or the
// length cap. Texts change the draft as they are typed; everything else redraws the form.
import type { EditableQuestionnaireView } from "../../../api/questionnaires/types.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import {
  type Draft,
  type EditorRole,
  type Json,
  addOption,
  choiceTypes,
  findRef,
  optionsOf,
  rolesFor,
  setRole,
  textOf,
  toText,
} from "./questionnaire-draft.ts";

export interface FormContext {
  draft: Draft;
  view: EditableQuestionnaireView;
  /** The question's option values in the version being edited: fixed machine values. */
  baseValues: (name: string) => readonly string[] | null;
  /** Something changed: the preview, and the list (only the title while typing: `structural` false). */
  onChange(name: string, structural: boolean): void;
}

const textPair = (id: string, caption: string, value: Json | unknown, rows = 2) => {
  const text = textOf(value);
  return html`<fieldset class="qe-pair">
    <legend>${caption}</legend>
    <label
      >${t("qe.chinese")}
      <textarea id="${id}-zh" data-pair="${id}" data-lang="zh" rows="${rows}">${text.zh}</textarea>
    </label>
    <label
      >${t("qe.english")}
      <textarea id="${id}-en" data-pair="${id}" data-lang="en" rows="${rows}" lang="en">
${text.en}</textarea>
    </label>
  </fieldset>`;
};

function optionRows(element: Json, fixedValues: readonly string[], structureFixed: boolean): Html {
  const options = optionsOf(element);
  return html`<fieldset class="qe-options">
    <legend>${t("qe.options")}</legend>
    <ol class="qe-options__list">
      ${options.map((option, i) => {
        const value = String(option.value ?? "");
        const existing = fixedValues.includes(value);
        const text = textOf(option.text);
        const n = i + 1;
        return html`<li class="qe-option">
          <label
            >${t("qe.optionChinese", { n })}
            <input type="text" data-option="${i}" data-lang="zh" value="${text.zh}"
          /></label>
          <label
            >${t("qe.optionEnglish", { n })}
            <input type="text" data-option="${i}" data-lang="en" lang="en" value="${text.en}"
          /></label>
          <label
            >${t("qe.optionValue", { n })}
            ${
              existing || structureFixed
                ? html`<code class="qe-value">${value}</code>`
                : html`<input
                    type="text"
                    data-option-value="${i}"
                    value="${value}"
                    pattern="[a-z0-9_]{1,63}"
                    aria-describedby="qe-value-hint"
                  />`
            }</label
          >
          ${
            structureFixed
              ? ""
              : html`<span class="qe-option__actions">
                  <button
                    type="button"
                    class="jh-button jh-button--small"
                    data-option-move="${i}"
                    data-delta="-1"
                    ${i === 0 ? "disabled" : ""}
                    aria-label="${t("qe.optionUp", { n })}"
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="jh-button jh-button--small"
                    data-option-move="${i}"
                    data-delta="1"
                    ${i === options.length - 1 ? "disabled" : ""}
                    aria-label="${t("qe.optionDown", { n })}"
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="jh-button jh-button--small"
                    data-option-remove="${i}"
                    ${options.length <= 2 ? "disabled" : ""}
                    aria-label="${t("qe.optionRemove", { n })}"
                  >
                    ${t("qe.remove")}
                  </button>
                </span>`
          }
        </li>`;
      })}
    </ol>
    <p class="jh-hint" id="qe-value-hint">${t("qe.valueHint")}</p>
    ${
      structureFixed
        ? ""
        : html`<button type="button" class="jh-button" id="qe-option-add">
            ${t("qe.optionAdd")}
          </button>`
    }
  </fieldset>`;
}

/** Draws the form of question `name` into `box` and wires it to the draft. */
export function drawQuestionForm(box: HTMLElement, name: string, ctx: FormContext): void {
  const ref = findRef(ctx.draft, name);
  if (!ref) return render(box, html``);
  const { element, type } = ref;
  const structural = ctx.view.structural.includes(name);
  const role = ctx.draft.roles.get(name) ?? "none";
  const scaleItem = role === "satisfaction" || role === "overall";
  const baseValues = ctx.baseValues(name);
  const isNew = baseValues === null;
  const choice = choiceTypes.includes(type);
  render(
    box,
    html`<form class="jh-form qe-form" id="qe-form" novalidate>
      <h3 id="qe-form-title" tabindex="-1">${t("qe.editing", { name })}</h3>
      <p class="jh-muted">
        ${label("qe.type", type)}${structural ? html` · ${t("qe.structural")}` : ""}
      </p>
      ${textPair("qe-title", t("qe.questionTitle"), element.title, 3)}
      ${element.description !== undefined ? textPair("qe-description", t("qe.description"), element.description) : ""}
      <label class="jh-check"
        ><input
          type="checkbox"
          id="qe-required"
          ${element.isRequired === true ? "checked" : ""}
          ${structural || scaleItem ? "disabled" : ""}
        />
        ${t("qe.required")}</label
      >
      <label
        >${t("qe.role")}
        <select id="qe-role" ${structural ? "disabled" : ""}>
          ${rolesFor(type).map(
            (r) =>
              html`<option value="${r}" ${r === role ? "selected" : ""}>
                ${label("qe.role", r)}
              </option>`,
          )}
        </select></label
      >
      <p class="jh-hint">${label("qe.roleHint", role)}</p>
      ${
        // The school question's options come from the school list: nothing to edit here.
        choice && (optionsOf(element).length > 0 || !structural)
          ? optionRows(element, baseValues ?? [], structural || scaleItem)
          : ""
      }
      ${
        type === "rating"
          ? html`${textPair("qe-min", t("qe.minLabel"), element.minRateDescription)}
            ${textPair("qe-max", t("qe.maxLabel"), element.maxRateDescription)}
            ${
              isNew
                ? html`<label
                    >${t("qe.ratePoints")}
                    <input
                      type="number"
                      id="qe-rate-max"
                      min="2"
                      max="10"
                      value="${Number(element.rateMax ?? 5)}"
                  /></label>`
                : ""
            }`
          : ""
      }
      ${
        type === "text" || type === "comment"
          ? html`<label
              >${t("qe.maxLength")}
              <input
                type="number"
                id="qe-max-length"
                min="1"
                max="${type === "text" ? 1000 : 5000}"
                value="${Number(element.maxLength ?? 500)}"
            /></label>`
          : ""
      }
    </form>`,
  );
  const form = $<HTMLFormElement>(box, "#qe-form");
  const changed = () => ctx.onChange(name, false);
  const redraw = () => {
    drawQuestionForm(box, name, ctx);
    ctx.onChange(name, true);
  };
  form.addEventListener("submit", (event) => event.preventDefault());

  const pairProps: Record<string, string> = {
    "qe-title": "title",
    "qe-description": "description",
    "qe-min": "minRateDescription",
    "qe-max": "maxRateDescription",
  };
  form.addEventListener("input", (event) => {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement;
    const pair = target.dataset.pair;
    if (pair && pairProps[pair]) {
      const zh = $<HTMLTextAreaElement>(form, `#${pair}-zh`).value;
      const en = $<HTMLTextAreaElement>(form, `#${pair}-en`).value;
      element[pairProps[pair]!] = toText({ zh, en });
      return changed();
    }
    const options = optionsOf(element);
    if (target.dataset.option !== undefined) {
      const option = options[Number(target.dataset.option)];
      if (!option) return;
      const text = textOf(option.text);
      option.text = toText({ ...text, [target.dataset.lang === "en" ? "en" : "zh"]: target.value });
      return changed();
    }
    if (target.dataset.optionValue !== undefined) {
      const option = options[Number(target.dataset.optionValue)];
      if (option) option.value = target.value.trim();
      return changed();
    }
    if (target.id === "qe-rate-max") {
      element.rateMax = Math.min(10, Math.max(2, Math.round(Number(target.value) || 5)));
      return changed();
    }
    if (target.id === "qe-max-length") {
      const n = Math.round(Number(target.value));
      if (Number.isFinite(n) && n > 0) element.maxLength = n;
      return changed();
    }
  });
  form.addEventListener("change", (event) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target.id === "qe-required") {
      element.isRequired = (target as HTMLInputElement).checked;
      ctx.onChange(name, true);
    } else if (target.id === "qe-role") {
      setRole(ctx.draft, name, target.value as EditorRole, ctx.view.scale);
      redraw();
      $(box, "#qe-role").focus();
    }
  });
  form.addEventListener("click", (event) => {
    const button = (event.target as Element).closest("button");
    if (!button) return;
    const options = optionsOf(element);
    if (button.id === "qe-option-add") {
      addOption(element);
      redraw();
      box.querySelector<HTMLInputElement>(`[data-option="${options.length - 1}"]`)?.focus();
    } else if (button.dataset.optionMove !== undefined) {
      const i = Number(button.dataset.optionMove);
      const j = i + Number(button.dataset.delta);
      if (j < 0 || j >= options.length) return;
      [options[i], options[j]] = [options[j]!, options[i]!];
      redraw();
      box
        .querySelector<HTMLElement>(
          `[data-option-move="${j}"][data-delta="${button.dataset.delta}"]`,
        )
        ?.focus();
    } else if (button.dataset.optionRemove !== undefined) {
      options.splice(Number(button.dataset.optionRemove), 1);
      redraw();
      $(box, "#qe-form-title").focus();
    }
  });
}
