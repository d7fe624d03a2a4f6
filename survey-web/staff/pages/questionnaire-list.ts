// The draft's questions as a list by page: number, title, type, role, and the buttons (edit, up,
// down, remove: all real buttons, so the keyboard does everything a mouse does). The selected
// question gets a slot under it where its form opens.
import { type Html, html } from "../html.ts";
import { label, locale, t } from "../i18n.ts";
import { type Draft, elementRefs, pagesOf, textOf } from "./questionnaire-draft.ts";

export interface ListOptions {
  editable: boolean;
  selected: string | null;
  /** Why a question cannot be removed, by name. */
  protectedWhy: ReadonlyMap<string, string>;
  wording: Record<string, string> | null;
}

const displayTypes = ["html", "image", "panel"];

/** A text as staff read it: the campaign's words in place of {district}, {area} … */
export function filled(text: string, wording: Record<string, string> | null): string {
  if (!wording) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => wording[name] ?? whole);
}

function shown(value: unknown, wording: Record<string, string> | null): string {
  const text = textOf(value);
  return filled(locale() === "en" ? text.en || text.zh : text.zh, wording);
}

export function pageTitle(
  page: Record<string, unknown>,
  i: number,
  wording: Record<string, string> | null,
): string {
  return shown(page.title, wording) || t("qe.pageN", { n: i + 1 });
}

export function questionTitle(
  draft: Draft,
  name: string,
  wording: Record<string, string> | null,
): string {
  const ref = elementRefs(draft).find((r) => r.name === name);
  return shown(ref?.element.title, wording) || name;
}

const small = "jh-button jh-button--small";

export function questionList(draft: Draft, options: ListOptions): Html {
  const { editable, selected, protectedWhy, wording } = options;
  let number = 0;
  return html`${pagesOf(draft).map((page, p) => {
    const refs = elementRefs(draft).filter((r) => r.page === p);
    return html`<h3 class="qe-page-title">${pageTitle(page, p, wording)}</h3>
      <ol class="qe-list">
        ${refs.map((ref) => {
          const answerable = !displayTypes.includes(ref.type);
          if (answerable) number += 1;
          const n = answerable ? String(number) : "–";
          const title = questionTitle(draft, ref.name, wording);
          const why = protectedWhy.get(ref.name);
          const role = draft.roles.get(ref.name) ?? "none";
          const required = ref.element.isRequired === true;
          const buttons = html`<span class="qe-item__actions">
            ${
              answerable
                ? html`<button
                    type="button"
                    class="${small}"
                    data-edit="${ref.name}"
                    aria-label="${t("qe.editN", { n, title })}"
                  >
                    ${t("qe.edit")}
                  </button>`
                : ""
            }
            <button
              type="button"
              class="${small}"
              data-move="${ref.name}"
              data-delta="-1"
              aria-label="${t("qe.upN", { n, title })}"
            >
              ↑
            </button>
            <button
              type="button"
              class="${small}"
              data-move="${ref.name}"
              data-delta="1"
              aria-label="${t("qe.downN", { n, title })}"
            >
              ↓
            </button>
            <button
              type="button"
              class="${small}"
              data-remove="${ref.name}"
              ${why ? "disabled" : ""}
              aria-label="${t("qe.removeN", { n, title })}"
            >
              ${t("qe.remove")}
            </button>
          </span>`;
          return html`<li class="qe-item" ${ref.name === selected ? html`aria-current="true"` : ""}>
            <span class="qe-item__number">${n}</span>
            <span class="qe-item__text">
              <span
                ><span data-title="${ref.name}">${title}</span>${
                  required
                    ? html`<span class="qe-required" title="${t("qe.required")}"> *</span>`
                    : ""
                }</span
              >
              <span class="jh-muted qe-item__meta"
                >${label("qe.type", ref.type)}${role === "none" ? "" : html` · ${label("qe.role", role)}`}
                · <code>${ref.name}</code></span
              >
              ${why && editable ? html`<span class="jh-muted qe-item__why">${t("qe.cannotRemove", { why })}</span>` : ""}
            </span>
            ${editable ? buttons : ""}
            ${ref.name === selected ? html`<div class="qe-item__form" id="qe-form-slot"></div>` : ""}
          </li>`;
        })}
      </ol>`;
  })}`;
}
