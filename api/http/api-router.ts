import { type Env, type Handler, Hono, type MiddlewareHandler } from "hono";
import type { ApiOperation, OperationAccess } from "./openapi/registry.ts";

/** A route as declared: its OpenAPI description with a path under the router's base, and who may call it. */
export type RouteSpec<Access> = Omit<ApiOperation, "path" | "access"> & {
  /** Under the router's base path, e.g. `/campaigns/:id`. */
  path: string;
  access: Access;
};

export interface ApiRouterOptions<E extends Env, Access> {
  /** Where the router is mounted, e.g. `/api`. */
  basePath: string;
  /** The middleware that enforces an access rule (session, CSRF, permission). */
  guard: (access: Access) => MiddlewareHandler<E>[];
  /** The same rule as the OpenAPI document states it. */
  describe: (access: Access) => OperationAccess;
}

/**
 * Routes declared once: each `route()` registers the handler behind the guard its
 * access rule names and records the operation for the OpenAPI document, so what the
 * document says about a route and what the route enforces cannot drift apart.
 * Middleware is attached per route (never `use("*")`): several routers share `/api`.
 */
/** What the app needs of a router: to mount it, and its operations for the OpenAPI document. */
export interface DeclaredRoutes {
  readonly operations: readonly ApiOperation[];
  mountOn(app: Hono): void;
}

export class ApiRouter<E extends Env, Access> implements DeclaredRoutes {
  readonly hono = new Hono<E>();
  readonly operations: ApiOperation[] = [];

  constructor(private readonly options: ApiRouterOptions<E, Access>) {}

  mountOn(app: Hono): void {
    app.route(this.options.basePath, this.hono);
  }

  route(spec: RouteSpec<Access>, handler: Handler<E>): this {
    const on = this.hono.on.bind(this.hono) as (
      method: string,
      path: string,
      ...handlers: (MiddlewareHandler<E> | Handler<E>)[]
    ) => unknown;
    on(spec.method.toUpperCase(), spec.path, ...this.options.guard(spec.access), handler);
    this.operations.push({
      ...spec,
      path: `${this.options.basePath}${spec.path === "/" ? "" : spec.path}`,
      access: this.options.describe(spec.access),
    });
    return this;
  }
}

/** A router of public routes only (health, the submission endpoint): no session, no permission. */
export function publicRouter(basePath = "/api"): ApiRouter<Env, "public"> {
  return new ApiRouter<Env, "public">({
    basePath,
    guard: () => [],
    describe: () => "public",
  });
}
