import strings from "./messages.json" with { type: "json" };

export type DashboardMessageKey = keyof typeof strings;

/** An error message of the visits and dashboard endpoints, Chinese first, then English. */
export function dashboardMessage(key: DashboardMessageKey): string {
  return `${strings[key].zh} ${strings[key].en}`;
}
