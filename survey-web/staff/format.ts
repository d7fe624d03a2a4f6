import type { SuppressedCount } from "../../api/analysis/types.ts";
import { locale } from "./i18n.ts";

// Campaigns run in China: times are shown in Beijing time whatever the viewer's machine says,
// the same clock as the posters' closing dates.
const timeZone = "Asia/Shanghai";

/** A count as shown: "<5" stays as it came (suppressed for non-admins), numbers get separators. */
export function count(value: SuppressedCount | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return value.toLocaleString(locale());
}

/** A count for arithmetic and charts: "<5" has no honest number, so it is null. */
export function countValue(value: SuppressedCount | null | undefined): number | null {
  return typeof value === "number" ? value : null;
}

/** A share 0–1 as a percentage with `digits` decimals. */
export function percent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return `${(share * 100).toFixed(digits)}%`;
}

/** A plain number with fixed decimals (estimates on the score scale, weights). */
export function decimal(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toLocaleString(locale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function parts(iso: string | Date, options: Intl.DateTimeFormatOptions): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat(locale(), { timeZone, hourCycle: "h23", ...options }).format(date);
}

export function dateTime(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  return parts(iso, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
}

export function date(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  return parts(iso, { year: "numeric", month: "2-digit", day: "2-digit" });
}

/** hh:mm:ss, for "updated at". */
export function clock(when: Date): string {
  return parts(when, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** A short label for an hour bucket: "11-29 19:00". */
export function hourLabel(iso: string): string {
  return parts(iso, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}

/** `YYYY-MM-DD` of a timestamp in Beijing time, for date inputs. */
export function dateInputValue(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" }).format(d);
}
