// The accounts endpoints (api/accounts/routes.ts), beside api-client.ts, whose `send` they use.
import type {
  AccountList,
  AccountPatchBody,
  AccountView,
  IssuedPasswordView,
  NewAccountBody,
  SchoolAccountsView,
} from "../../api/accounts/types.ts";
import { send } from "./api-client.ts";

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body === undefined ? {} : { json: body });
  return (await res.json()) as T;
}

const account = (id: number) => `/api/accounts/${encodeURIComponent(id)}`;

export const accountsApi = {
  list: () => json<AccountList>("GET", "/api/accounts"),
  /** A new account; its temporary password comes back this once. */
  create: (body: NewAccountBody) => json<IssuedPasswordView>("POST", "/api/accounts", body),
  update: (id: number, patch: AccountPatchBody) => json<AccountView>("PATCH", account(id), patch),
  disable: (id: number) => json<AccountView>("POST", `${account(id)}/disable`),
  enable: (id: number) => json<AccountView>("POST", `${account(id)}/enable`),
  /** A new temporary password, this once; the account's sessions end. */
  resetPassword: (id: number) => json<IssuedPasswordView>("POST", `${account(id)}/password-reset`),
  /** One school account per school of the campaign that has none yet. */
  createForSchools: (campaignId: number) =>
    json<SchoolAccountsView>("POST", "/api/accounts/schools", { campaignId }),
  /** The sign-in address's QR code, an <img> source (the cookie goes along). */
  loginQrSvg: "/api/accounts/login-qr.svg",
};
