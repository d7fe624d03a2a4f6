// What the API says about itself: the health check and the OpenAPI document.
export { healthRoutes } from "./health-routes.ts";
export { openApiRoutes } from "./openapi-routes.ts";
