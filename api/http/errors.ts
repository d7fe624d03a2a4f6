import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The one error type domain code throws. `app.onError` turns it into
 * `{ error: { code, message, details? } }` with its status.
 * Messages meant for respondents carry Chinese first, then English.
 */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined
    ? { error: { code, message } }
    : { error: { code, message, details } };
}
