// The JSON the interviewer endpoints answer with, as the pages read them (import type only).
import type { z } from "zod";
import type { Jsonified } from "../http/json-types.ts";
import type { callAttemptSchema } from "./call-attempts.ts";
import type { newInterviewersSchema } from "./interviewer-admin.ts";
import type { InterviewerRow } from "./repository.ts";

/** An interviewer as `GET /api/campaigns/:id/interviewers` lists it. */
export type InterviewerView = Jsonified<InterviewerRow>;

/** `GET /api/campaigns/:id/interviewers` and `POST`'s answer. */
export interface InterviewerList {
  interviewers: InterviewerView[];
}

/** `POST /api/interviewers/:id/disable` and `/enable`. */
export interface InterviewerChange {
  interviewer: InterviewerView;
  /** False when it already was so. */
  changed: boolean;
}

/** `POST /api/campaigns/:id/interviewers`' body. */
export type NewInterviewersBody = z.input<typeof newInterviewersSchema>;

/** `POST /api/call-attempts`' body. */
export type CallAttemptBody = z.input<typeof callAttemptSchema>;
