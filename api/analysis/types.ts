// The JSON the analysis endpoints answer with, as the staff pages read it (import type only).
import type { z } from "zod";
import type {
  Pair,
  ReportBreakdownRow,
  ReportEntry,
  ReportFigure,
  SuppressedCount,
  Verdict,
  suppressSmallCounts,
} from "../../analysis/index.ts";
import type { Jsonified } from "../http/json-types.ts";
import type { AnalysisSettingsView as StoredSettingsView } from "./analysis-settings-store.ts";
import type { analysisSettingsSchema } from "./analysis-settings.ts";

/**
 * `GET /api/campaigns/:id/report`: an admin gets exact counts, everyone else the report
 * through suppressSmallCounts ("<5"); the suppressed shape covers both.
 */
export type ReportView = Jsonified<ReturnType<typeof suppressSmallCounts>>;
export type ReportFigureView = Jsonified<ReportFigure<SuppressedCount>>;
export type ReportEntryView = Jsonified<ReportEntry<SuppressedCount>>;
export type ReportBreakdownRowView = Jsonified<ReportBreakdownRow<SuppressedCount>>;
export type { Pair, SuppressedCount, Verdict };

/** `GET` and `PUT /api/campaigns/:id/analysis-settings`. */
export type AnalysisSettingsView = Jsonified<StoredSettingsView>;

/** `PUT /api/campaigns/:id/analysis-settings`'s body. */
export type AnalysisSettingsBody = z.input<typeof analysisSettingsSchema>;
