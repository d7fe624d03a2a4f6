import strings from "./staff-api-messages.json" with { type: "json" };

export type StaffApiMessageKey = keyof typeof strings;

/** An error message of the staff API (campaigns, schools, channels), Chinese first, then English. */
export function staffApiMessage(
  key: StaffApiMessageKey,
  params: Record<string, string | number> = {},
): string {
  const fill = (t: string) =>
    t.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  return `${fill(strings[key].zh)} ${fill(strings[key].en)}`;
}
