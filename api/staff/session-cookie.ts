import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import type { Config } from "../config.ts";
import { sessionCookie, sessionMaxAgeMs } from "./sessions.ts";

/**
 * Hands a new session's token to the browser: HttpOnly (no script reads it), SameSite=Strict
 * (no other site sends it), Secure when the public address is https. Sign-in and the first-run
 * setup both end here, so an account signed in either way holds the same cookie.
 */
export function setSessionCookie(
  c: Context,
  token: string,
  config: Pick<Config, "publicUrl">,
): void {
  setCookie(c, sessionCookie, token, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    secure: config.publicUrl?.startsWith("https:") ?? false,
    maxAge: Math.floor(sessionMaxAgeMs / 1000),
  });
}
