import { ApiError } from "./api-client.ts";
import { clock } from "./format.ts";
import { t } from "./i18n.ts";

/** Minutes and the clock time until a locked login opens again, from Retry-After. */
export function lockoutText(error: ApiError, now = new Date()): string {
  const seconds = error.retryAfter ?? 15 * 60;
  const until = new Date(now.getTime() + seconds * 1000);
  return t("login.locked", { minutes: Math.ceil(seconds / 60), time: clock(until) });
}

/**
 * What to tell a person about a failed request: the known cases in the page's
 * language; anything else as the server said it (Chinese, then English).
 */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t("error.unexpected");
  switch (error.code) {
    case "network":
      return t("error.network");
    case "unauthenticated":
      return t("error.unauthenticated");
    case "forbidden":
      return t("error.forbidden");
    case "csrf_failed":
      return t("error.csrf");
    case "not_found":
      return t("error.notFound");
    case "service_unavailable":
      return t("error.unavailable");
    case "invalid_credentials":
      return t("login.invalid");
    case "login_locked":
      return lockoutText(error);
    case "wrong_current_password":
      return t("account.wrongCurrent");
    default:
      if (error.status >= 500) return t("error.server");
      if (error.status === 404) return t("error.notFound");
      // A body that was not our JSON error (a proxy's page): say what status came back.
      if (error.code.startsWith("http_")) return t("error.status", { status: error.status });
      return error.message;
  }
}
