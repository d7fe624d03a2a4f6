// The rounds feature's public surface: creating a campaign, copying one as the next round,
// deleting a draft.
export { type CopiedRound, copyCampaign } from "./copy-campaign.ts";
export {
  type CreatedRound,
  type DistrictLink,
  type NewRound,
  createRound,
} from "./create-campaign.ts";
export { roundRoutes } from "./routes.ts";
