import strings from "./messages.json" with { type: "json" };

export type AuthMessageKey = keyof typeof strings;

/** A staff-side error message, Chinese first and English after (like `message()`). */
export function authMessage(
  key: AuthMessageKey,
  params: Record<string, string | number> = {},
): string {
  const fill = (t: string) =>
    t.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  return `${fill(strings[key].zh)} ${fill(strings[key].en)}`;
}
