import strings from "./messages.json" with { type: "json" };

/** Values for a template's `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** A text in both languages the product speaks. */
export interface BilingualText {
  zh: string;
  en: string;
}

/** Fills `{name}` placeholders; an unknown name stays as written, so a gap is visible. */
export function fillTemplate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * The lookups over one feature's strings (a JSON file of `{ key: { zh, en } }`):
 * `text` keeps both languages apart (for pages that show one), `message` joins them
 * Chinese first and English after, so one error body serves a parent in WeChat and an
 * engineer reading logs alike.
 */
export function bilingualMessages<Key extends string>(table: Record<Key, BilingualText>) {
  const text = (key: Key, params: MessageParams = {}): BilingualText => ({
    zh: fillTemplate(table[key].zh, params),
    en: fillTemplate(table[key].en, params),
  });
  const message = (key: Key, params: MessageParams = {}): string => {
    const both = text(key, params);
    return `${both.zh} ${both.en}`;
  };
  return { text, message };
}

/** The kernel's own messages: malformed requests, missing things, sign-in and server trouble. */
export type MessageKey = keyof typeof strings;

export const { message, text: messageText } = bilingualMessages<MessageKey>(strings);
