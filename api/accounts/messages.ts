import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type AccountMessageKey = keyof typeof strings;

/** A message of managing accounts, Chinese first, then English. */
export const { message: accountMessage } = bilingualMessages<AccountMessageKey>(strings);
