import type { Kysely } from "kysely";
import { type AnalysisReport, analysisReport } from "../../analysis/analysis-report.ts";
import type { Database } from "../db/database.ts";
import { type CellQuery, countedCells } from "./cell-count-repository.ts";
import { campaignChannelNames, campaignVersionNames } from "./questionnaire-versions-repository.ts";
import { listSchools } from "../schools/index.ts";
import type { AnalysisCellCache, CellSource } from "./analysis-cell-cache.ts";
import { analysisContext, settingsUnusable } from "./analysis-settings-store.ts";
import { channelLabel } from "../channels/index.ts";
import { sortedReportChannels, sortedReportSchools } from "./report-inputs.ts";
import { reportVersionCounts } from "./version-counts.ts";

export interface ReportOptions {
  /** Queries counting at once (cell-count-repository.ts); default 1. */
  partitions?: number;
  /** Told of each counting pass (benchmarks). */
  onPass?: CellQuery["onPass"];
  /** Keeps the settled part of the counts between requests (the API's; none: count all). */
  cache?: AnalysisCellCache;
  /** Told how the cells were obtained (benchmarks). */
  onCells?: (source: CellSource) => void;
}

/**
 * The campaign's analysis report (analysis/analysis-report.ts) for admins: cells counted by
 * the database in one pass (api/analysis/cell-count-repository.ts), then the pure analysis.
 * Excluded responses are left out; the headline figures with them come beside.
 * Non-admin audiences get it through suppressSmallCounts (the route decides).
 *
 * Responses per questionnaire version come with the cells (version-counts.ts).
 * Channels are the ones with responses (an export holds no others, and `npm run analyze`
 * must print the same JSON from it); schools are all the campaign's, with enrolment summed
 * over levels (parents' post-stratification shares).
 */
export async function campaignReport(
  db: Kysely<Database>,
  campaignId: number,
  options: ReportOptions = {},
): Promise<AnalysisReport> {
  const { config, questions } = await analysisContext(db, campaignId);
  const query: CellQuery = {
    campaignId,
    config,
    options: Object.fromEntries(questions.map((q) => [q.name, q.options.map((o) => o.value)])),
    partitions: options.partitions,
    onPass: options.onPass,
  };
  const counting = options.cache
    ? options.cache.cells(db, query)
    : countedCells(db, query).then((counted) => ({ ...counted, source: "uncached" as const }));
  const [counted, schoolRecords, channelNames, versionNames] = await Promise.all([
    counting.catch((error: unknown) => {
      if (error instanceof RangeError) throw settingsUnusable(error.message);
      throw error;
    }),
    listSchools(db, campaignId),
    campaignChannelNames(db, campaignId),
    campaignVersionNames(db, campaignId),
  ]);
  options.onCells?.(counted.source);
  const seen = new Set([...counted.included, ...counted.excluded].map((cell) => cell.channel));
  const channels = channelNames
    .filter((channel) => seen.has(String(channel.id)))
    .map((channel) => ({
      id: String(channel.id),
      label: channelLabel(channel.label, channel.schoolName),
    }));
  const schools = schoolRecords.map((school) => ({
    code: school.code,
    name: school.name,
    town: school.town,
    areaType: school.areaType,
    enrolment: school.students,
    teachers: school.teachers,
  }));
  return analysisReport({
    cells: counted.included,
    excludedCells: counted.excluded,
    schools: sortedReportSchools(schools),
    channels: sortedReportChannels(channels),
    config,
    items: config.items ?? [],
    versions: reportVersionCounts(counted.versions, versionNames),
  });
}
