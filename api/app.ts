import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { Kysely } from "kysely";
import { accountRoutes } from "./accounts/index.ts";
import { analysisRoutes } from "./analysis/index.ts";
import { assessmentRoutes } from "./assessment/index.ts";
import { campaignRoutes } from "./campaigns/index.ts";
import { addSchoolPosterLinks, channelRoutes } from "./channels/index.ts";
import type { Config } from "./config.ts";
import { dashboardRoutes } from "./dashboard/index.ts";
import type { DbKind } from "./db/create-db.ts";
import type { Database } from "./db/database.ts";
import type { DeclaredRoutes } from "./http/api-router.ts";
import { answerErrorsAsJson } from "./http/error-handler.ts";
import { type Logger, createLogger } from "./http/logger.ts";
import { integrityRoutes, submissionRateLimits, visitRateLimits } from "./integrity/index.ts";
import { interviewerPublicRoutes, interviewerRoutes } from "./interviewers/index.ts";
import { paperRoutes } from "./paper/index.ts";
import {
  QuestionnaireCatalog,
  previewPageRoutes,
  questionnaireRoutes,
} from "./questionnaires/index.ts";
import { roundRoutes } from "./rounds/index.ts";
import { ChannelContextCache, GroupCommit, responseRoutes } from "./responses/index.ts";
import { SchoolDirectory, schoolRoutes } from "./schools/index.ts";
import { setupPageRoutes, setupRoutes } from "./setup/index.ts";
import { authRoutes } from "./staff/index.ts";
import { FirstPageCache, surveyPageRoutes } from "./survey-page/index.ts";
import { healthRoutes, openApiRoutes } from "./system/index.ts";
import { visitRoutes } from "./visits/index.ts";
import { type StaticAssets, homeRoutes, staffPageRoutes } from "./web/index.ts";

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

  // Every /api router declares its operations; the OpenAPI document is built from them.
  const routers: DeclaredRoutes[] = [];
  const mount = (routes: DeclaredRoutes) => {
    routers.push(routes);
    routes.mountOn(app);
  };
  mount(healthRoutes({ db, dbKind }));
  mount(authRoutes({ db, config, now: deps.now }));
  mount(channelRoutes({ db, config, now: deps.now }));
  mount(campaignRoutes({ db, config, now: deps.now }));
  mount(roundRoutes({ db, config, now: deps.now }));
  mount(questionnaireRoutes({ db, config, now: deps.now }));
  mount(accountRoutes({ db, config, now: deps.now }));
  mount(setupRoutes({ db, config, now: deps.now }));
  mount(schoolRoutes({ db, config, schools, addPosterLinks: addSchoolPosterLinks, now: deps.now }));
  mount(openApiRoutes(() => routers.flatMap((r) => r.operations)));
  mount(dashboardRoutes({ db, now: deps.now }));
  mount(
    visitRoutes({
      db,
      rateLimits: visitRateLimits(config.rateLimits),
      ipHashPepper: config.ipHashPepper,
      trustProxy: config.trustProxy,
      now: deps.now,
    }),
  );
  mount(integrityRoutes({ db, config, now: deps.now }));
  mount(interviewerRoutes({ db, config, now: deps.now }));
  mount(
    interviewerPublicRoutes({
      db,
      ipHashPepper: config.ipHashPepper,
      trustProxy: config.trustProxy,
      rateLimits: submissionRateLimits(config.rateLimits),
      now: deps.now,
    }),
  );
  mount(paperRoutes({ db, config, questionnaires, schools, now: deps.now }));
  mount(analysisRoutes({ db, config, now: deps.now }));
  mount(assessmentRoutes({ db, config, now: deps.now }));
  mount(
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
    app.route("/", setupPageRoutes({ assets: deps.assets }));
    app.route("/", previewPageRoutes({ assets: deps.assets }));
    app.route("/", homeRoutes({ db, config }));
  }

  answerErrorsAsJson(app, logger);

  return app;
}
