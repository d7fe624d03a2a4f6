// The JSON the campaigns endpoints answer with, as the staff pages read it (import type only).
import type { z } from "zod";
import type { SamplePlan } from "../../analysis/index.ts";
import type { Scheme } from "../db/database.ts";
import type { Jsonified } from "../http/json-types.ts";
import type { campaignJson, campaignPatchSchema, openingSchema } from "./routes.ts";

/** `GET /api/campaigns/:id` and `PATCH`'s answer; `GET /api/campaigns` lists them. */
export type CampaignView = Jsonified<ReturnType<typeof campaignJson>>;

/** `GET /api/campaigns`. */
export interface CampaignList {
  campaigns: CampaignView[];
}

/** Residents per area type as the campaign stores them (null: not entered). */
export type AreaPopulations = CampaignView["areaPopulations"];

/** `PATCH /api/campaigns/:id`'s body. */
export type CampaignPatch = z.input<typeof campaignPatchSchema>;

/** What may be done to a campaign's state: `POST /api/campaigns/:id/{action}`. */
export type CampaignAction = CampaignView["actions"][number];

/** Those actions' body: a reason for the audit log; a new closing time to open or reopen. */
export type CampaignActionBody = z.input<typeof openingSchema>;

/** `GET /api/campaigns/:id/sample-plan`. */
export type SamplePlanView = Jsonified<{ campaignId: number; scheme: Scheme } & SamplePlan>;
