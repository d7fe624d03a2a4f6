import strings from "./messages.json" with { type: "json" };

export type AssessmentMessageKey = keyof typeof strings;

/** A message of the assessment API (issue 5), Chinese first, then English. */
export function assessmentMessage(
  key: AssessmentMessageKey,
  params: Record<string, string | number> = {},
): string {
  const fill = (t: string) =>
    t.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  return `${fill(strings[key].zh)} ${fill(strings[key].en)}`;
}
