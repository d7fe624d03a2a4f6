// The dashboard feature's public surface: a campaign's live progress against its targets.
export { dashboardRoutes } from "./routes.ts";
