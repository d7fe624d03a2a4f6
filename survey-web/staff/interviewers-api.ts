// The interviewer endpoints (api/interviewers/routes.ts), beside api-client.ts, whose `send` they use.
import type {
  InterviewerChange,
  InterviewerList,
  NewInterviewersBody,
} from "../../api/interviewers/types.ts";
import { send } from "./api-client.ts";

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body === undefined ? {} : { json: body });
  return (await res.json()) as T;
}

const ofCampaign = (id: number) => `/api/campaigns/${encodeURIComponent(id)}/interviewers`;
const interviewer = (id: number) => `/api/interviewers/${encodeURIComponent(id)}`;

export const interviewersApi = {
  list: (campaignId: number) => json<InterviewerList>("GET", ofCampaign(campaignId)),
  /** One new interviewer per label, each with a code drawn by the server. */
  create: (campaignId: number, body: NewInterviewersBody) =>
    json<InterviewerList>("POST", ofCampaign(campaignId), body),
  disable: (id: number) => json<InterviewerChange>("POST", `${interviewer(id)}/disable`),
  enable: (id: number) => json<InterviewerChange>("POST", `${interviewer(id)}/enable`),
};
