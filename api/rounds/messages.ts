import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type RoundMessageKey = keyof typeof strings;

/** A message of creating, copying or deleting a campaign, Chinese first, then English. */
export const { message: roundMessage } = bilingualMessages<RoundMessageKey>(strings);
