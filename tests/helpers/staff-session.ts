import type { Hono } from "hono";
import type { Kysely } from "kysely";
import { createStaffAccount, type NewStaffAccount } from "../../api/staff/staff-accounts.ts";
import type { Database } from "../../api/db/database.ts";

export interface SignedIn {
  cookie: string;
  csrf: string;
  /** GET (or another method) with the session cookie and CSRF header. */
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** Creates an account and signs it in through the real login endpoint. */
export async function signedIn(
  app: Hono,
  db: Kysely<Database>,
  account: Omit<NewStaffAccount, "password">,
): Promise<SignedIn> {
  const password = `pw-${account.username}-0123456789`;
  await createStaffAccount(db, { ...account, password }, { label: "test" });
  const res = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: account.username, password }),
  });
  if (res.status !== 200)
    throw new Error(`login ${account.username}: ${res.status} ${await res.text()}`);
  const cookie = /jh_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie) throw new Error("no session cookie");
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    request: (path, init = {}) =>
      app.request(path, {
        ...init,
        headers: { cookie, "x-csrf-token": csrfToken, ...(init.headers as Record<string, string>) },
      }),
  };
}
