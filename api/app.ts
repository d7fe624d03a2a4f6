import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { Kysely } from "kysely";
import type { Config } from "./config.ts";
import type { DbKind } from "./db/create-db.ts";
import type { Database } from "./db/database.ts";
import { isDatabaseUnavailable } from "./db/unavailable.ts";
import { AppError, errorBody } from "./http/errors.ts";
import { submissionRateLimits, visitRateLimits } from "./integrity/rate-limits-config.ts";
import { message } from "./http/messages.ts";
import { type Logger, createLogger } from "./http/logger.ts";
import { analysisRoutes } from "./analysis/routes.ts";
import { assessmentRoutes } from "./assessment/routes.ts";
import { authRoutes } from "./staff/routes.ts";
import { campaignRoutes } from "./campaigns/routes.ts";
import { channelRoutes } from "./channels/routes.ts";
import { dashboardRoutes } from "./dashboard/routes.ts";
import { healthRoutes } from "./system/health-routes.ts";
import { homeRoutes } from "./web/home-routes.ts";
import { integrityRoutes } from "./integrity/routes.ts";
import { openApiRoutes } from "./system/openapi-routes.ts";
import { responseRoutes } from "./responses/routes.ts";
import { schoolRoutes } from "./schools/routes.ts";
import { staffPageRoutes } from "./web/staff-page-routes.ts";
import { surveyPageRoutes } from "./survey-page/routes.ts";
import { visitRoutes } from "./visits/routes.ts";
import { ChannelContextCache } from "./responses/channel-context-cache.ts";
import { FirstPageCache } from "./survey-page/first-questions.ts";
import { GroupCommit } from "./responses/group-commit.ts";
import { QuestionnaireCatalog } from "./questionnaires/questionnaire-catalog.ts";
import { SchoolDirectory } from "./schools/school-directory.ts";
import type { StaticAssets } from "./web/static-assets.ts";

export interface AppDeps {
  db: Kysely<Database>;
  dbKind: DbKind;
  config: Config;
  /** Built browser assets; without them only the JSON API is served (API tests). */
  assets?: StaticAssets;
  logger?: Logger;
  /** The clock for staff sessions and login locks (tests move it); defaults to the system clock. */
  now?: () => Date;
}

export function createApp(deps: AppDeps): Hono {
  const { db, dbKind, config } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const questionnaires = new QuestionnaireCatalog(db);
  const schools = new SchoolDirectory(db);
  const app = new Hono();

  app.use(
    secureHeaders({
      // The respondent page sets its own, stricter policy; JSON needs none.
      contentSecurityPolicy: undefined,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: "no-referrer",
    }),
  );

  app.route("/api/health", healthRoutes({ db, dbKind }));
  app.route("/api/auth", authRoutes({ db, config, now: deps.now }));
  app.route("/api", channelRoutes({ db, config, now: deps.now }));
  app.route("/api", campaignRoutes({ db, config, now: deps.now }));
  app.route("/api", schoolRoutes({ db, config, schools, now: deps.now }));
  app.route("/api", openApiRoutes());
  app.route("/api", dashboardRoutes({ db, now: deps.now }));
  app.route(
    "/api",
    visitRoutes({
      db,
      rateLimits: visitRateLimits(config.rateLimits),
      ipHashPepper: config.ipHashPepper,
      trustProxy: config.trustProxy,
      now: deps.now,
    }),
  );
  app.route("/api", integrityRoutes({ db, config, now: deps.now }));
  app.route("/api", analysisRoutes({ db, config, now: deps.now }));
  app.route("/api", assessmentRoutes({ db, config, now: deps.now }));
  app.route(
    "/api/responses",
    responseRoutes({
      db,
      questionnaires,
      schools,
      ipHashPepper: config.ipHashPepper,
      rateLimits: submissionRateLimits(config.rateLimits),
      groupCommit: new GroupCommit(db),
      channels: new ChannelContextCache(db, { ttlMs: config.channelCacheMs }),
      maxBodyBytes: config.maxBodyBytes,
      trustProxy: config.trustProxy,
      now: deps.now,
    }),
  );
  if (deps.assets) {
    app.route("/", deps.assets.routes);
    app.route(
      "/",
      surveyPageRoutes({
        db,
        assets: deps.assets,
        questionnaires,
        firstPages: new FirstPageCache(),
      }),
    );
    app.route("/", staffPageRoutes({ assets: deps.assets }));
    app.route("/", homeRoutes({ db, config }));
  }

  app.notFound((c) => c.json(errorBody("not_found", message("not_found")), 404));

  app.onError((err, c) => {
    if (err instanceof AppError) {
      for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
      return c.json(errorBody(err.code, err.message, err.details), err.status);
    }
    if (isDatabaseUnavailable(err)) {
      logger.warn("database unavailable", { path: c.req.path, error: String(err) });
      c.header("Retry-After", "5");
      return c.json(errorBody("service_unavailable", message("service_unavailable")), 503);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(errorBody("bad_request", err.message || "Bad request"), err.status);
    }
    const requestId = crypto.randomUUID();
    logger.error("unhandled error", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    return c.json(errorBody("internal_error", `${message("internal_error")} (${requestId})`), 500);
  });

  return app;
}
