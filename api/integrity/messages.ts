import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type { BilingualText } from "../http/messages.ts";
export type IntegrityMessageKey = keyof typeof strings;

/**
 * `integrityText`: a flag's reason as data (the staff page shows the language it is in);
 * `integrityMessage`: an error message of the integrity API, Chinese first, then English.
 */
export const { text: integrityText, message: integrityMessage } =
  bilingualMessages<IntegrityMessageKey>(strings);
