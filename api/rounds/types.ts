// The bodies the rounds endpoints take, as the staff pages send them (import type only).
import type { z } from "zod";
import type { copyCampaignSchema, newCampaignSchema } from "./routes.ts";

/** `POST /api/campaigns`'s body. */
export type NewCampaignBody = z.input<typeof newCampaignSchema>;

/** `POST /api/campaigns/:id/copy`'s body. */
export type CopyCampaignBody = z.input<typeof copyCampaignSchema>;
