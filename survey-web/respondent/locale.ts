import en from "../locales/respondent.en.json" with { type: "json" };
import zh from "../locales/respondent.zh-CN.json" with { type: "json" };

/** survey-core's locale codes; the questionnaire's "default" texts are zh-cn. */
export type Locale = "zh-cn" | "en";
export type TextKey = keyof typeof zh;

// Typed against the Chinese file, so a key missing in English fails the type check.
const tables: Record<Locale, Record<TextKey, string>> = { "zh-cn": zh, en };

export const defaultLocale: Locale = "zh-cn";

export function isLocale(value: unknown): value is Locale {
  return value === "zh-cn" || value === "en";
}

/** The page's text for people in one locale, with `{name}` placeholders filled. */
export function text(locale: Locale, key: TextKey, vars: Record<string, string> = {}): string {
  return tables[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** The value for `<html lang>` (BCP 47), which screen readers use to pick a voice. */
export function htmlLang(locale: Locale): string {
  return locale === "en" ? "en" : "zh-CN";
}

export function otherLocale(locale: Locale): Locale {
  return locale === "en" ? "zh-cn" : "en";
}
