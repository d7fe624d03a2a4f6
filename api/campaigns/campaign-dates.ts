import { unprocessable } from "../http/errors.ts";
import { campaignMessage } from "./messages.ts";

const dateTime =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A campaign's date and time as the bureau gives it: ISO 8601, and Beijing time (+08:00)
 * when no offset is written, since that is the time every district works in. 422
 * `invalid_date` naming the field for anything else (a missing day, 24:00, 2月30日).
 */
export function parseCampaignDate(value: string, field: string): Date {
  const m = dateTime.exec(value.trim());
  if (m) {
    const [, y, mo, d, h, mi, s = "00", fraction = ""] = m;
    const offset = m[8] ?? "+08:00";
    const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${offset}`);
    // Date rolls 2月30日 over to 3月2日; a round trip of the day in its own offset catches it.
    const local = new Date(date.getTime() + offsetMinutes(offset) * 60_000);
    if (
      !Number.isNaN(date.getTime()) &&
      local.getUTCFullYear() === Number(y) &&
      local.getUTCMonth() + 1 === Number(mo) &&
      local.getUTCDate() === Number(d) &&
      Number(h) < 24
    ) {
      return date;
    }
  }
  const names = fieldNames[field] ?? { zh: field, en: field };
  throw unprocessable(
    "invalid_date",
    campaignMessage("invalidDate", { fieldZh: names.zh, fieldEn: names.en }),
    { field },
  );
}

/** The words for a date field in a message; `details.field` keeps the machine name. */
const fieldNames: Record<string, { zh: string; en: string }> = {
  opensAt: { zh: "开始时间", en: "opening time" },
  closesAt: { zh: "截止时间", en: "closing time" },
};

function offsetMinutes(offset: string): number {
  if (offset === "Z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  const [h = "0", m = "0"] = offset.slice(1).split(":");
  return sign * (Number(h) * 60 + Number(m));
}

/** 422 `invalid_window` naming `closesAt` unless the campaign closes after it opens. */
export function checkWindow(opensAt: Date, closesAt: Date): void {
  if (closesAt.getTime() <= opensAt.getTime()) {
    throw unprocessable("invalid_window", campaignMessage("invalidWindow"), { field: "closesAt" });
  }
}
