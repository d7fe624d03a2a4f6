import type { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { isDatabaseUnavailable } from "../db/unavailable.ts";
import { AppError, errorBody } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { message } from "./messages.ts";

/**
 * Where errors become HTTP answers, once for the whole app: an `AppError` with its code's
 * status, an unreachable database as 503 with Retry-After, Hono's own 4xx as `bad_request`,
 * anything else logged with a request id and answered 500 `internal_error` without internals.
 */
export function answerErrorsAsJson(app: Hono, logger: Logger): void {
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
}
