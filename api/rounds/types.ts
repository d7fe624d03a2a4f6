// The bodies the rounds endpoints take, as the staff pages send them (import type only).
import type { z } from "zod";
import type { campaignScaleSchema, copyCampaignSchema, newCampaignSchema } from "./routes.ts";

/** `POST /api/campaigns`'s body. */
export type NewCampaignBody = z.input<typeof newCampaignSchema>;

/** `POST /api/campaigns/:id/copy`'s body. */
export type CopyCampaignBody = z.input<typeof copyCampaignSchema>;

/** `PUT /api/campaigns/:id/scale`'s body: 3, 4 or 5 points, with or without 不了解. */
export type CampaignScaleBody = z.input<typeof campaignScaleSchema>;
