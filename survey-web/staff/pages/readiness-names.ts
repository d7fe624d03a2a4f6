import type { Label } from "../../../api/assessment/types.ts";
import { label, locale, t } from "../i18n.ts";

/** Text from the scheme's data (veto items, indicators) in the current language. */
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
