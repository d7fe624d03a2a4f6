import en from "../locales/setup.en.json" with { type: "json" };
import zh from "../locales/setup.zh-CN.json" with { type: "json" };

export type Locale = "zh-CN" | "en";
export type TextKey = keyof typeof zh;

// Typed against the Chinese file, so a key missing in English fails the type check.
const tables: Record<Locale, Record<TextKey, string>> = { "zh-CN": zh, en };
// The staff pages' key: a language chosen here carries over to them after signing in.
const storageKey = "junheng.staff.locale";

function stored(): Locale {
  try {
    return localStorage.getItem(storageKey) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN"; // storage blocked: Chinese, the default
  }
}

let current: Locale = stored();

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  current = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Not remembered; the switch still applies to this page.
  }
  document.documentElement.lang = next;
}

/** The text for people in the current language, with `{name}` placeholders filled. */
export function t(key: TextKey, vars: Record<string, string> = {}): string {
  return tables[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe for element content and quoted attributes. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => entities[ch] ?? ch);
}
