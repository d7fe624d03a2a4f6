// The JSON the channels endpoints answer with, as the staff pages read it (import type only).
import type { z } from "zod";
import type { Jsonified } from "../http/json-types.ts";
import type { channelDraftSchema, creatableKinds } from "./channel-create.ts";
import type { StaffChannel } from "./repository.ts";

/** A link as `GET /api/campaigns/:id/channels` lists it: the stored channel and its full URL. */
export type ChannelView = Jsonified<StaffChannel & { url: string }>;

/** `GET /api/campaigns/:id/channels`. */
export interface ChannelList {
  channels: ChannelView[];
}

/** The kinds of link staff may create. */
export type CreatableKind = (typeof creatableKinds)[number];

/** `POST /api/campaigns/:id/channels`'s body. */
export type ChannelDraft = z.input<typeof channelDraftSchema>;
