import strings from "./messages.json" with { type: "json" };

export type AnalysisMessageKey = keyof typeof strings;

/** A message of the analysis API, exports and CLI, Chinese first, then English. */
export function analysisMessage(
  key: AnalysisMessageKey,
  params: Record<string, string | number> = {},
): string {
  const fill = (t: string) =>
    t.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  return `${fill(strings[key].zh)} ${fill(strings[key].en)}`;
}

/** One side of a label pair (export headings, sheet names), for places that show one language. */
export function analysisText(key: AnalysisMessageKey, language: "zh" | "en"): string {
  return strings[key][language];
}
