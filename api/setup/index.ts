// The first run of a real deployment: the printed setup link, the district and its first admin.
export { setupPageRoutes } from "./page-routes.ts";
export { setupRoutes } from "./routes.ts";
export { issueSetupLink } from "./setup-link.ts";
