// The JSON the channels endpoints answer with, as the staff pages read it (import type only).
import type { z } from "zod";
import type { Jsonified } from "../http/json-types.ts";
import type { channelDraftSchema, creatableKinds } from "./channel-create.ts";
import type { RespondentGroup } from "../db/database.ts";
import type { StaffChannel } from "./repository.ts";

/**
 * A link as `GET /api/campaigns/:id/channels` lists it: the stored channel, its name as lists
 * show it (`name`: the school's name before the label) and its full URL.
 */
export type ChannelView = Jsonified<StaffChannel & { name: string; url: string }>;

/** `GET /api/campaigns/:id/channels`. */
export interface ChannelList {
  channels: ChannelView[];
  /** The groups the campaign's questionnaires serve: the only ones a new link may preset. */
  respondentGroups: RespondentGroup[];
}

/** The kinds of link staff may create. */
export type CreatableKind = (typeof creatableKinds)[number];

/** `POST /api/campaigns/:id/channels`'s body. */
export type ChannelDraft = z.input<typeof channelDraftSchema>;
