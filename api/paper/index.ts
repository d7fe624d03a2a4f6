// The paper feature's public surface: printable questionnaires for paper links, the data entry
// of typed sheets (single or double), the resolution of differences, sheets handed out.
export { type PaperRouteDeps, paperRoutes } from "./routes.ts";
