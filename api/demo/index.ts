// The demo district: a campaign shaped like a real one, with synthetic responses, for trying the product.
export { type CampaignSetup, type CampaignSpec, setUpCampaign } from "./campaign-setup.ts";
export { demoDistrict } from "./demo-district.ts";
export { resetDemo } from "./reset-demo.ts";
export { type DemoResult, seedDemo, seedDemoIfEmpty } from "./seed-demo.ts";
