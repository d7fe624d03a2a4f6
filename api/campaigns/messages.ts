import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type CampaignMessageKey = keyof typeof strings;

/** An error message of the campaign settings, Chinese first, then English. */
export const { message: campaignMessage } = bilingualMessages<CampaignMessageKey>(strings);
