import type { StaffRole } from "./api-types.ts";

export type PageName =
  "dashboard" | "schools" | "channels" | "report" | "integrity" | "readiness" | "settings";

/**
 * What each role may open (issue 3): the bureau everything; a school its own
 * progress, channels and posters, never answers, comments or the report;
 * publicity the dashboard and the report's awareness; a viewer read-only
 * aggregates. The API enforces the same; this only keeps doors out of sight.
 */
const pagesByRole: Record<StaffRole, readonly PageName[]> = {
  admin: ["dashboard", "schools", "channels", "report", "integrity", "readiness", "settings"],
  school: ["dashboard", "channels"],
  publicity: ["dashboard", "report"],
  // The integrity page shows a viewer its counts only (the API withholds the rest).
  // The readiness page (issue 5) is the bureau's: admin and viewer only.
  viewer: ["dashboard", "report", "integrity", "readiness"],
};

export function pagesFor(role: StaffRole): readonly PageName[] {
  return pagesByRole[role];
}

export function mayOpen(role: StaffRole, page: PageName): boolean {
  return pagesByRole[role].includes(page);
}

/** Only the bureau changes data; a school account may add channels for its own school. */
export function mayEdit(role: StaffRole): boolean {
  return role === "admin";
}

export function mayCreateChannels(role: StaffRole): boolean {
  return role === "admin" || role === "school";
}

export function mayDownloadPosters(role: StaffRole): boolean {
  return role === "admin" || role === "school";
}

/** The report's satisfaction part (answers in aggregate); publicity sees awareness only. */
export function maySeeSatisfaction(role: StaffRole): boolean {
  return role === "admin" || role === "viewer";
}

export function isPageName(value: string): value is PageName {
  return [
    "dashboard",
    "schools",
    "channels",
    "report",
    "integrity",
    "readiness",
    "settings",
  ].includes(value);
}
