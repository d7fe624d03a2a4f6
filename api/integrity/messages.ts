import strings from "./messages.json" with { type: "json" };

export type IntegrityMessageKey = keyof typeof strings;

export interface BilingualText {
  zh: string;
  en: string;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A flag's reason as data: the staff page shows the language it is in. */
export function integrityText(
  key: IntegrityMessageKey,
  params: Record<string, string | number> = {},
): BilingualText {
  return { zh: fill(strings[key].zh, params), en: fill(strings[key].en, params) };
}

/** An error message of the integrity API, Chinese first, then English (like `message()`). */
export function integrityMessage(
  key: IntegrityMessageKey,
  params: Record<string, string | number> = {},
): string {
  const text = integrityText(key, params);
  return `${text.zh} ${text.en}`;
}
