import type { Hono } from "hono";
import type { SignedIn } from "../../helpers/staff-session.ts";

/** The temporary passwords the server makes: three groups of four, no look-alike characters. */
export const temporaryPasswordShape = /^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/;

/** Signs in through the login endpoint; the session (when there is one) as a `SignedIn`. */
export async function logIn(
  app: Hono,
  username: string,
  password: string,
): Promise<{ status: number; body: unknown; session: SignedIn | undefined }> {
  const res = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { csrfToken?: string };
  const cookie = /jh_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  const csrf = body.csrfToken;
  const session =
    res.status === 200 && cookie && csrf
      ? {
          cookie,
          csrf,
          request: (path: string, init: RequestInit = {}) =>
            app.request(path, {
              ...init,
              headers: {
                cookie,
                "x-csrf-token": csrf,
                ...(init.headers as Record<string, string>),
              },
            }),
        }
      : undefined;
  return { status: res.status, body, session };
}

/** A JSON request with the session's cookie and CSRF token. */
export function sendJson(who: SignedIn, method: string, path: string, body?: unknown) {
  return who.request(path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
}

/** The error code of a JSON error answer. */
export async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}
