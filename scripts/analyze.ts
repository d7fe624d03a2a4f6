import { createReadStream, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { AnalysisConfig } from "../analysis/analysis-config.ts";
import {
  type ReportSchool,
  type ReportVersionCount,
  analysisReport,
} from "../analysis/analysis-report.ts";
import { type RespondentRow, cellsFromRespondents } from "../analysis/cells-from-respondents.ts";
import {
  analysisMessage,
  analysisSettingsSchema,
  settingsConfig,
  sortedReportChannels,
  sortedReportSchools,
} from "../api/analysis/index.ts";
import { CsvSyntaxError } from "../api/http/csv.ts";
import { fromSpreadsheetSafe } from "../api/http/spreadsheet-safe.ts";
import { csvRecords } from "../api/http/csv-stream.ts";
import { describeRowError, importSchoolsCsv } from "../api/schools/index.ts";

/**
 * `npm run analyze -- --responses export.csv --schools schools.csv --config analysis.json`
 *
 * Prints the JSON of `GET /api/campaigns/:id/report` (the admin's, nothing suppressed) from
 * the raw export (`GET …/exports/responses.csv`), the school list (`GET …/exports/schools.csv`)
 * and the config (the `config` of `GET …/analysis-settings`, or any settings JSON naming its
 * `items`): the same cells (analysis/cells-from-respondents.ts) and the same report
 * (analysis/analysis-report.ts), so anyone holding the files can check the bureau's figures.
 * The export is read as a stream; only the columns the config uses are kept (any others, such
 * as the mode and interviewer columns, are passed over). Versions of a questionnaire combine by
 * question name, and the rows per `questionnaire_key` and `questionnaire_version` give the
 * report's count per version.
 *
 * Exit codes: 0 with the report on stdout; 2 with a message (Chinese, then English) on stderr
 * for a missing file, a missing column, a bad row or a bad config.
 */
class UsageError extends Error {}

const fail = (key: Parameters<typeof analysisMessage>[0], params = {}) =>
  new UsageError(analysisMessage(key, params));

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw fail("cliCannotRead", { what, path, detail: (error as Error).message });
  }
}

function readConfig(path: string): AnalysisConfig {
  let json: unknown;
  try {
    json = JSON.parse(readText(path, "--config"));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw fail("cliBadConfig", { detail: (error as Error).message });
  }
  const parsed = analysisSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(config)"}: ${i.message}`)
      .join("; ");
    throw fail("cliBadConfig", { detail });
  }
  let config: AnalysisConfig;
  try {
    config = settingsConfig(parsed.data);
  } catch (error) {
    throw fail("cliBadConfig", { detail: (error as Error).message });
  }
  if (config.items === null) throw fail("cliNoItems");
  return config;
}

function readSchools(path: string): ReportSchool[] {
  const result = importSchoolsCsv(readText(path, "--schools"));
  if (!result.ok) {
    const first = result.errors.slice(0, 3).map(describeRowError).join("; ");
    throw fail("cliBadSchools", { count: result.errors.length, first });
  }
  return result.schools.map((s) => ({
    code: s.code,
    name: fromSpreadsheetSafe(s.name),
    town: fromSpreadsheetSafe(s.town),
    areaType: s.areaType,
    enrolment: Object.values(s.enrolment).reduce((sum: number, n) => sum + (n ?? 0), 0),
    teachers: s.teachers ?? null,
  }));
}

interface Responses {
  rows: RespondentRow[];
  /** Rows marked `excluded` = 1 (exports without the column have none). */
  excluded: RespondentRow[];
  channels: Map<string, string>;
  /** Rows counted per questionnaire version (exports without the columns have none). */
  versions: ReportVersionCount[];
}

async function readResponses(path: string, config: AnalysisConfig): Promise<Responses> {
  const stream = createReadStream(path, { encoding: "utf8" });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  try {
    await opened;
  } catch (error) {
    throw fail("cliCannotRead", { what: "--responses", path, detail: (error as Error).message });
  }
  const single = [...new Set([...(config.items ?? []), config.overallItem, config.awarenessItem])];
  const needed = [
    "respondent_group",
    "school_code",
    "channel_id",
    "completed_at",
    ...single,
    ...(config.awarenessSourceItem === null ? [] : [config.awarenessSourceItem]),
  ];
  const rows: RespondentRow[] = [];
  const excluded: RespondentRow[] = [];
  const channels = new Map<string, string>();
  const versions = new Map<string, ReportVersionCount>();
  let index: Map<string, number> | undefined;
  for await (const record of csvRecords(stream)) {
    if (index === undefined) {
      index = new Map(record.fields.map((name, i) => [name.trim(), i]));
      const missing = needed.filter((name) => !index!.has(name));
      if (missing.length > 0) throw fail("cliMissingColumns", { columns: missing.join(", ") });
      continue;
    }
    const cell = (name: string) => {
      const i = index!.get(name);
      return i === undefined ? "" : (record.fields[i] ?? "");
    };
    const when = cell("completed_at") || cell("received_at");
    const completedAt = new Date(when);
    if (when === "" || Number.isNaN(completedAt.getTime())) {
      throw fail("cliBadTime", { line: record.line, value: when });
    }
    const answers: Record<string, unknown> = {};
    for (const name of single) {
      const value = cell(name);
      if (value !== "") answers[name] = value;
    }
    const source = config.awarenessSourceItem;
    if (source !== null && cell(source) !== "") answers[source] = cell(source).split(";");
    const channel = cell("channel_id");
    if (!channels.has(channel))
      channels.set(channel, fromSpreadsheetSafe(cell("channel_label")) || channel);
    const key = cell("questionnaire_key");
    const version = Number(cell("questionnaire_version"));
    if (key !== "" && Number.isInteger(version) && cell("excluded") !== "1") {
      const id = `${key} ${version}`;
      const counted = versions.get(id) ?? { key, version, responses: 0 };
      versions.set(id, { ...counted, responses: counted.responses + 1 });
    }
    (cell("excluded") === "1" ? excluded : rows).push({
      group: cell("respondent_group"),
      school: cell("school_code") || null,
      channel,
      completedAt,
      answers,
    });
  }
  if (index === undefined) throw fail("cliMissingColumns", { columns: needed.join(", ") });
  return { rows, excluded, channels, versions: [...versions.values()] };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      responses: { type: "string" },
      schools: { type: "string" },
      config: { type: "string" },
    },
    strict: true,
  });
  if (!values.responses || !values.schools || !values.config) throw fail("cliUsage");
  const config = readConfig(values.config);
  const schools = readSchools(values.schools);
  const { rows, excluded, channels, versions } = await readResponses(values.responses, config);
  const items = config.items ?? [];
  let cells;
  let excludedCells;
  try {
    cells = cellsFromRespondents(rows, config, items);
    excludedCells = cellsFromRespondents(excluded, config, items);
  } catch (error) {
    if (error instanceof RangeError) throw fail("cliBadConfig", { detail: error.message });
    throw error;
  }
  const report = analysisReport({
    cells,
    excludedCells,
    schools: sortedReportSchools(schools),
    channels: sortedReportChannels([...channels].map(([id, label]) => ({ id, label }))),
    config,
    items,
    versions,
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof CsvSyntaxError) {
    process.stderr.write(
      `${analysisMessage("cliBadCsv", { line: error.line, detail: error.message })}\n`,
    );
    process.exit(2);
  }
  if (
    error instanceof TypeError &&
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    process.stderr.write(`${analysisMessage("cliUsage")} (${error.message})\n`);
    process.exit(2);
  }
  throw error;
}
