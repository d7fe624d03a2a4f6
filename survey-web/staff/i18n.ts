import accountsEn from "../locales/staff-accounts.en.json" with { type: "json" };
import accountsZh from "../locales/staff-accounts.zh-CN.json" with { type: "json" };
import assessmentEn from "../locales/staff-assessment.en.json" with { type: "json" };
import assessmentZh from "../locales/staff-assessment.zh-CN.json" with { type: "json" };
import campaignsEn from "../locales/staff-campaigns.en.json" with { type: "json" };
import campaignsZh from "../locales/staff-campaigns.zh-CN.json" with { type: "json" };
import dashboardEn from "../locales/staff-dashboard.en.json" with { type: "json" };
import dashboardZh from "../locales/staff-dashboard.zh-CN.json" with { type: "json" };
import integrityEn from "../locales/staff-integrity.en.json" with { type: "json" };
import integrityZh from "../locales/staff-integrity.zh-CN.json" with { type: "json" };
import interviewersEn from "../locales/staff-interviewers.en.json" with { type: "json" };
import interviewersZh from "../locales/staff-interviewers.zh-CN.json" with { type: "json" };
import paperEn from "../locales/staff-paper.en.json" with { type: "json" };
import paperZh from "../locales/staff-paper.zh-CN.json" with { type: "json" };
import questionnairesEn from "../locales/staff-questionnaires.en.json" with { type: "json" };
import questionnairesZh from "../locales/staff-questionnaires.zh-CN.json" with { type: "json" };
import baseEn from "../locales/staff.en.json" with { type: "json" };
import baseZh from "../locales/staff.zh-CN.json" with { type: "json" };

// The integrity, assessment, campaign, accounts and dashboard pages' texts have files of their own (fewer people editing one file at once).
const zh = {
  ...baseZh,
  ...integrityZh,
  ...assessmentZh,
  ...campaignsZh,
  ...accountsZh,
  ...dashboardZh,
  ...interviewersZh,
  ...paperZh,
  ...questionnairesZh,
};
const en = {
  ...baseEn,
  ...integrityEn,
  ...assessmentEn,
  ...campaignsEn,
  ...accountsEn,
  ...dashboardEn,
  ...interviewersEn,
  ...paperEn,
  ...questionnairesEn,
};

export type Locale = "zh-CN" | "en";
export type TextKey = keyof typeof zh;

// Typed against the Chinese file, so a key missing in English fails the type check.
const tables: Record<Locale, Record<TextKey, string>> = { "zh-CN": zh, en };
const storageKey = "junheng.staff.locale";

function stored(): Locale {
  try {
    return localStorage.getItem(storageKey) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN"; // storage blocked (private mode): Chinese, the default
  }
}

let current: Locale = stored();
const listeners = new Set<() => void>();

export function locale(): Locale {
  return current;
}

/** Switches the language, remembers it on this device and tells the page to redraw. */
export function setLocale(next: Locale): void {
  current = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Not remembered; the switch still applies to this page.
  }
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

export function onLocaleChange(listener: () => void): void {
  listeners.add(listener);
}

/** The text for people in the current language, with `{name}` placeholders filled. */
export function t(key: TextKey, vars: Record<string, string | number> = {}): string {
  return tables[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** Whether a key exists: for labels looked up from data (group and area names). */
export function hasText(key: string): key is TextKey {
  return key in zh;
}

/** A label from data, e.g. `group.parent`; the raw value when no text is known. */
export function label(
  prefix: string,
  value: string,
  vars: Record<string, string | number> = {},
): string {
  const key = `${prefix}.${value}`;
  return hasText(key) ? t(key, vars) : value;
}
