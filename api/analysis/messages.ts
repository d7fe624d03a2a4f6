import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type AnalysisMessageKey = keyof typeof strings;

/** A message of the analysis API, exports and CLI, Chinese first, then English. */
export const { message: analysisMessage } = bilingualMessages<AnalysisMessageKey>(strings);

/** One side of a label pair (export headings, sheet names), for places that show one language. */
export function analysisText(key: AnalysisMessageKey, language: "zh" | "en"): string {
  return strings[key][language];
}
