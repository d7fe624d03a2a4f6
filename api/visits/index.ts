// The visits feature's public surface: the funnel beacons of the respondent page (opened, started, page).
export { type NewVisit, insertVisits } from "./repository.ts";
export { visitRoutes } from "./routes.ts";
