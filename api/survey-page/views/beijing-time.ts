import { fillTemplate } from "../../http/messages.ts";
import strings from "./notice-page.json" with { type: "json" };

const timeZone = "Asia/Shanghai";

function parts(at: Date) {
  const found = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const monthName = new Intl.DateTimeFormat("en-GB", { timeZone, month: "long" }).format(at);
  return {
    year: found.year ?? "",
    month: String(Number(found.month ?? "0")),
    day: String(Number(found.day ?? "0")),
    hour: String(Number(found.hour ?? "0")),
    minute: found.minute ?? "00",
    monthName,
  };
}

/**
 * A campaign's opening or closing moment as people in China write it, in Beijing time:
 * the day alone when it falls on midnight, else the day and the time. A closing time is
 * exclusive, so one at midnight (or 23:59) names the last day answers were taken.
 */
export function beijingTimeText(at: Date, edge: "opens" | "closes"): { zh: string; en: string } {
  const p = parts(at);
  const midnight = p.hour === "0" && p.minute === "00";
  const lastMinute = p.hour === "23" && p.minute === "59";
  const dayOnly = midnight || (edge === "closes" && lastMinute);
  const day = edge === "closes" && midnight ? parts(new Date(at.getTime() - 1)) : p;
  const text = (lang: "zh" | "en") => {
    const date = fillTemplate(strings.date[lang], day);
    return dayOnly ? date : fillTemplate(strings.dateTime[lang], { date, ...p });
  };
  return { zh: text("zh"), en: text("en") };
}
