import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type ChannelMessageKey = keyof typeof strings;

/** An error message of the channel endpoints, Chinese first, then English. */
export const { message: channelMessage } = bilingualMessages<ChannelMessageKey>(strings);
