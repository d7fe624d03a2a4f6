// The analysis feature: a campaign's weighted report, its analysis settings and the exports.
export { AnalysisCellCache, type CellSource } from "./analysis-cell-cache.ts";
export { analysisSettingsSchema, settingsConfig } from "./analysis-settings.ts";
export { campaignReport } from "./campaign-report.ts";
export { analysisMessage } from "./messages.ts";
export { sortedReportChannels, sortedReportSchools } from "./report-inputs.ts";
export { analysisRoutes } from "./routes.ts";
