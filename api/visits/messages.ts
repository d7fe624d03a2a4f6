import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type VisitMessageKey = keyof typeof strings;

/** An error message of the visit beacon, Chinese first, then English. */
export const { message: visitMessage } = bilingualMessages<VisitMessageKey>(strings);
