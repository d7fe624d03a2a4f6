import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type DashboardMessageKey = keyof typeof strings;

/** An error message of the dashboard endpoint, Chinese first, then English. */
export const { message: dashboardMessage } = bilingualMessages<DashboardMessageKey>(strings);
