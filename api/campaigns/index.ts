// The campaigns feature's public surface: a campaign's settings, its window and its sample plan.
export { campaignLoader } from "./campaign-loader.ts";
export { areaPopulations, campaignTarget } from "./campaign-target.ts";
export { isCampaignOpen } from "./campaign-window.ts";
export { findCampaign } from "./repository.ts";
export { campaignJson, campaignRoutes } from "./routes.ts";
export { type NewCampaignInput, countCampaigns, insertCampaign } from "./repository.ts";
