import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type AuthMessageKey = keyof typeof strings;

/** A sign-in or password message, Chinese first and English after. */
export const { message: authMessage } = bilingualMessages<AuthMessageKey>(strings);
