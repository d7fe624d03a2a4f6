import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type PaperMessageKey = keyof typeof strings;

/** An error message of the paper endpoints, Chinese first, then English. */
export const { message: paperMessage } = bilingualMessages<PaperMessageKey>(strings);
