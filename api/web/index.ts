// The web shell: the landing page, the staff pages' HTML and the built browser assets.
export { homeRoutes } from "./home-routes.ts";
export { staffPageRoutes } from "./staff-page-routes.ts";
export { type StaticAssets, createStaticAssets } from "./static-assets.ts";
export { type EntryAssets } from "./static-assets.ts";
export { entryScript, stylesheetLinks } from "./views/entry-tags.ts";
