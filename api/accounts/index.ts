// The accounts feature's public surface: a district's staff accounts, managed by its admins.
export { accountRoutes } from "./routes.ts";
