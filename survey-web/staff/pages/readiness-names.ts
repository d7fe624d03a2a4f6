import type { Label } from "../../../api/assessment/types.ts";
import { label, locale, t } from "../i18n.ts";

/** Text from the scheme's data (items, indicators) in the current language. */
export function labelText(value: Label | undefined, fallback: string): string {
  if (!value) return fallback;
  return locale() === "en" ? value.en : value.zh;
}

/**
 * A school as people know it: its name from the list, and the level for a part of a
 * multi-level school (`DS004:primary` → 东湖路学校（小学）). Unknown codes stay codes.
 */
export function schoolName(id: string, names: Readonly<Record<string, string>>): string {
  const [code = id, level] = id.split(":");
  const name = names[code] ?? code;
  return level ? `${name}（${label("readiness.level", level)}）` : name;
}

export function statusText(status: string): string {
  return label("readiness.status", status);
}

/**
 * A criterion's status in the words that fit it: a veto names what must not happen, so it
 * "exists" (存在, it fires) or not (不存在); an application condition is met (具备) or not.
 */
export function criterionStatusText(kind: string, status: string): string {
  if (kind === "veto") return label("readiness.vetoStatus", status);
  if (kind === "application") return label("readiness.applicationStatus", status);
  return statusText(status);
}

/** pass/fail/unknown as the shared badge classes draw them. */
export function statusClass(status: string): string {
  return status === "pass"
    ? "jh-badge--pass"
    : status === "fail"
      ? "jh-badge--fail"
      : "jh-badge--warn";
}

/** The CV as shown: 3 decimals, never NaN. */
export function cvText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t("readiness.none");
  return value.toFixed(3);
}

/** Today in Beijing time, "YYYY-MM-DD": due dates are the bureau's calendar days. */
export function todayInBeijing(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", dateStyle: "short" }).format(
    now,
  );
}

/** A due date that has passed while the item is still not done. */
export function isOverdue(dueDate: string | null | undefined, done: boolean): boolean {
  return !done && typeof dueDate === "string" && dueDate < todayInBeijing();
}

/** An amount with thousands separators: 1234567.5 → "1,234,567.5". */
export function amountText(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t("readiness.none");
  return value.toLocaleString(locale(), { maximumFractionDigits: digits });
}
