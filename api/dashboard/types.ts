// The JSON `GET /api/campaigns/:id/dashboard` answers with, as the staff pages read it.
import type { Jsonified } from "../http/json-types.ts";
import type { suppressDashboard } from "./dashboard-suppress.ts";

/**
 * The dashboard as any account may receive it: an admin's exact counts are numbers, and
 * everyone else's small ones "<5" (suppressDashboard), so a page handles both.
 */
export type DashboardView = Jsonified<ReturnType<typeof suppressDashboard>>;
export type DashboardSchoolView = DashboardView["schools"][number];
export type DashboardChannelView = DashboardView["channels"][number];
export type { DashboardCount } from "./dashboard.ts";
