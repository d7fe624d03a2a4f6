import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type AssessmentMessageKey = keyof typeof strings;

/** A message of the assessment API, Chinese first, then English. */
export const { message: assessmentMessage } = bilingualMessages<AssessmentMessageKey>(strings);
