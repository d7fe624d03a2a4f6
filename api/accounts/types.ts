// The JSON the accounts endpoints answer and the bodies they take, as the staff pages read
// them (import type only).
import type { z } from "zod";
import type { Jsonified } from "../http/json-types.ts";
import type { accountJson } from "./account-json.ts";
import type { SkippedSchool } from "./school-accounts.ts";
import type { accountPatchSchema, newAccountSchema, schoolAccountsSchema } from "./routes.ts";

/** An account as listed: role, school, last sign-in, locked (until when), disabled. */
export type AccountView = Jsonified<ReturnType<typeof accountJson>>;

/** `GET /api/accounts`. */
export interface AccountList {
  accounts: AccountView[];
  /** Where staff sign in: printed on the slips, encoded in their QR code. */
  loginUrl: string;
}

/** A new or reset account and its temporary password, answered this once. */
export interface IssuedAccountView {
  account: AccountView;
  temporaryPassword: string;
}

/** `POST /api/accounts` and `POST /api/accounts/:id/password-reset`. */
export interface IssuedPasswordView extends IssuedAccountView {
  loginUrl: string;
}

/** `POST /api/accounts/schools`. */
export interface SchoolAccountsView {
  created: IssuedAccountView[];
  skipped: SkippedSchool[];
  loginUrl: string;
}

export type NewAccountBody = z.input<typeof newAccountSchema>;
export type AccountPatchBody = z.input<typeof accountPatchSchema>;
export type SchoolAccountsBody = z.input<typeof schoolAccountsSchema>;
