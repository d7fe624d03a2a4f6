// The campaigns feature's public surface: a campaign's settings, its window, phase and lifecycle.
export { campaignLoader } from "./campaign-loader.ts";
export { areaPopulations, campaignTarget, checkTargetOverride } from "./campaign-target.ts";
export { checkWindow, parseCampaignDate } from "./campaign-dates.ts";
export { type CampaignPhase, campaignPhase } from "./campaign-phase.ts";
export { isCampaignOpen } from "./campaign-window.ts";
export { campaignMessage } from "./messages.ts";
export {
  type NewCampaignInput,
  countCampaigns,
  deleteDraftCampaign,
  findCampaign,
  hasResponses,
  insertCampaign,
} from "./repository.ts";
export {
  campaignJson,
  campaignPatchSchema,
  campaignRoutes,
  campaignScale,
  population,
} from "./routes.ts";
