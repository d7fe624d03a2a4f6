import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type InterviewerMessageKey = keyof typeof strings;

/** A message of the interviewer endpoints, Chinese first, then English. */
export const { message: interviewerMessage } = bilingualMessages<InterviewerMessageKey>(strings);
