import type { ContentfulStatusCode } from "hono/utils/http-status";
import { message } from "./messages.ts";

/**
 * Every error code the API answers with, and its status: one closed set, so a
 * client can switch on `error.code` and a new code is a visible change here.
 */
const statusOf = {
  // 400: the request itself is malformed
  bad_request: 400,
  malformed_json: 400,
  invalid_body: 400,
  invalid_encoding: 400,
  invalid_id: 400,
  invalid_query: 400,
  invalid_xlsx: 400,
  empty_file: 400,
  level_needed: 400,
  // 401 / 403: who is asking
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  wrong_current_password: 403,
  password_change_required: 403,
  // 404: what is asked for does not exist
  not_found: 404,
  channel_not_found: 404,
  school_not_found: 404,
  cluster_not_found: 404,
  exclusion_not_found: 404,
  // 409 / 410: the state of things forbids it
  response_conflict: 409,
  already_excluded: 409,
  cluster_already_excluded: 409,
  already_reversed: 409,
  username_taken: 409,
  invalid_transition: 409,
  campaign_has_responses: 409,
  questionnaire_changed: 409,
  opens_at_locked: 409,
  scale_locked: 409,
  own_account: 409,
  paper_sheet_taken: 409,
  paper_sheet_differs: 409,
  same_enterer: 409,
  nothing_to_resolve: 409,
  campaign_not_open: 410,
  setup_link_used: 410,
  // 413 / 415: the body's size or type
  payload_too_large: 413,
  unsupported_media_type: 415,
  // 422: well-formed, but the content is not acceptable
  invalid_answers: 422,
  questionnaire_mismatch: 422,
  invalid_rows: 422,
  invalid_school: 422,
  invalid_window: 422,
  invalid_date: 422,
  weak_password: 422,
  invalid_account: 422,
  district_required: 422,
  target_below_minimum: 422,
  invalid_scale: 422,
  invalid_channel: 422,
  unknown_school: 422,
  unknown_questionnaire: 422,
  invalid_questionnaire: 422,
  group_not_served: 422,
  not_paper_link: 422,
  invalid_resolution: 422,
  distributed_below_entered: 422,
  invalid_interviewer: 422,
  invalid_analysis_settings: 422,
  settings_unusable: 422,
  unknown_responses: 422,
  cannot_reverse_reversal: 422,
  invalid_scores: 422,
  invalid_figures: 422,
  invalid_overrides: 422,
  no_coefficient: 422,
  no_government_score: 422,
  // 429: too many, come back after Retry-After
  rate_limited: 429,
  login_locked: 429,
  // 5xx: our side
  internal_error: 500,
  service_unavailable: 503,
  posters_busy: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof statusOf;

/** The codes of one status, e.g. `CodeOf<404>`. */
export type CodeOf<Status extends ContentfulStatusCode> = {
  [Code in ErrorCode]: (typeof statusOf)[Code] extends Status ? Code : never;
}[ErrorCode];

/**
 * The one error type domain code throws. `app.onError` turns it into
 * `{ error: { code, message, details? } }` with the status its code has.
 * Messages meant for people carry Chinese first, then English.
 */
export class AppError extends Error {
  override name = "AppError";
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

export function errorStatus(code: ErrorCode): ContentfulStatusCode {
  return statusOf[code];
}

/** 404: the thing asked for does not exist (or is not the caller's to know about). */
export function notFound(code: CodeOf<404> = "not_found", text = message("not_found")): AppError {
  return new AppError(code, text);
}

/** 403: signed in, but this account may not do this. */
export function forbidden(text = message("forbidden")): AppError {
  return new AppError("forbidden", text);
}

/** 409: the request clashes with what is already stored. */
export function conflict(code: CodeOf<409>, text: string): AppError {
  return new AppError(code, text);
}

/** 422: well-formed, but not acceptable; `details` says where. */
export function unprocessable(code: CodeOf<422>, text: string, details?: unknown): AppError {
  return new AppError(code, text, details);
}

/** 429 with Retry-After in whole seconds. */
export function tooMany(code: CodeOf<429>, text: string, retryAfterSeconds: number): AppError {
  return new AppError(code, text, undefined, { "Retry-After": String(retryAfterSeconds) });
}

/** 503 with Retry-After in whole seconds: try again later. */
export function unavailable(code: CodeOf<503>, text: string, retryAfterSeconds: number): AppError {
  return new AppError(code, text, undefined, { "Retry-After": String(retryAfterSeconds) });
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return details === undefined
    ? { error: { code, message } }
    : { error: { code, message, details } };
}
