import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type SetupMessageKey = keyof typeof strings;

/** A message of the first-run setup, Chinese first, then English. */
export const { message: setupMessage } = bilingualMessages<SetupMessageKey>(strings);
