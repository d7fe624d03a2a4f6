/**
 * HTML built from template strings, escaped by default: every interpolated
 * value is text unless it is itself `Html` (made by this tag) or a list of it.
 * Server data (school names, messages) can therefore never become markup.
 */
export class Html {
  declare readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => entities[ch] ?? ch);
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function part(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(part).join("");
  // false, null and undefined draw nothing, so `${cond && html`…`}` reads naturally.
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += part(value) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

/** Replaces an element's content. */
export function render(target: Element, content: Html): void {
  target.innerHTML = content.value;
}

/** The one element matching `selector` inside `root`; a missing one is a programming error. */
export function $<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  const found = root.querySelector<E>(selector);
  if (!found) throw new Error(`no element ${selector}`);
  return found;
}
