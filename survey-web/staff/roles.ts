import type { Permission } from "../../api/staff/index.ts";

export type PageName =
  | "dashboard"
  | "schools"
  | "channels"
  | "interviewers"
  | "paper"
  | "report"
  | "integrity"
  | "readiness"
  | "questionnaires"
  | "settings"
  | "accounts";

/** The pages in the navigation's order. */
const pageNames: readonly PageName[] = [
  "dashboard",
  "schools",
  "channels",
  "interviewers",
  "paper",
  "report",
  "integrity",
  "readiness",
  "questionnaires",
  "settings",
  "accounts",
];

/**
 * The permission that opens each page. Which role holds which is the API's one table
 * (api/staff/permissions.ts), sent by `GET /api/auth/me`; the API enforces the same, this
 * only keeps doors out of sight. The integrity page shows an account without
 * `integrity.review` its counts only (the API withholds the rest).
 */
const pagePermissions: Readonly<Record<PageName, Permission>> = {
  dashboard: "dashboard.read",
  schools: "schools.manage",
  channels: "channels.create",
  interviewers: "interviewers.manage",
  paper: "paper.enter",
  report: "report.read",
  integrity: "integrity.read",
  readiness: "assessment.read",
  questionnaires: "questionnaires.manage",
  settings: "campaign.manage",
  accounts: "accounts.manage",
};

export function pagesFor(permissions: readonly Permission[]): readonly PageName[] {
  return pageNames.filter((page) => permissions.includes(pagePermissions[page]));
}

export function mayOpen(permissions: readonly Permission[], page: PageName): boolean {
  return permissions.includes(pagePermissions[page]);
}

/** Whether the account may change what a page shows: the permission of the thing edited. */
export function mayEdit(
  permissions: readonly Permission[],
  permission: Extract<Permission, `${string}.manage` | "integrity.review">,
): boolean {
  return permissions.includes(permission);
}

/** Raw responses, the report workbook and the school list as files. */
export function mayExport(permissions: readonly Permission[]): boolean {
  return permissions.includes("responses.export");
}

/** A school account adds links for its own school; the bureau for any. */
export function mayCreateChannels(permissions: readonly Permission[]): boolean {
  return permissions.includes("channels.create");
}

export function mayDownloadPosters(permissions: readonly Permission[]): boolean {
  return permissions.includes("posters.download");
}

/** The report's satisfaction part (answers in aggregate); publicity sees awareness only. */
export function maySeeSatisfaction(permissions: readonly Permission[]): boolean {
  return permissions.includes("report.satisfaction");
}

export function isPageName(value: string): value is PageName {
  return (pageNames as readonly string[]).includes(value);
}
