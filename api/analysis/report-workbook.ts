import type ExcelJS from "exceljs";
import { loadExcelJs } from "../http/exceljs.ts";
import type {
  AnalysisReport,
  ReportBreakdownRow,
  ReportEntry,
  ReportFigure,
} from "../../analysis/analysis-report.ts";
import headings from "./report-headings.json" with { type: "json" };

/**
 * Every table of the report as an XLSX workbook (admins only: no suppression): "summary"
 * (satisfaction and awareness, overall and by group), "verdict", one sheet per breakdown
 * ("satisfaction_group", "satisfaction_school", …, "awareness_source", …), "weights" (the
 * audit) and "sample". Like the raw export, each sheet has a row of Chinese headings above a
 * row of machine names; figures are numbers at full precision.
 */
type Heading = keyof typeof headings;
type Value = string | number | boolean | null;
type Column<T> = readonly [Heading, (value: T) => Value];

const pair = (ci: ReportFigure["ci"]) => ci?.logit ?? ci?.t;

const figureColumns: Column<ReportFigure>[] = [
  ["definition", (f) => f.definition],
  ["scale", (f) => f.scale],
  ["estimate", (f) => f.estimate],
  ["se", (f) => f.se],
  ["df", (f) => f.df],
  ["ci_low", (f) => pair(f.ci)?.[0] ?? null],
  ["ci_high", (f) => pair(f.ci)?.[1] ?? null],
  ["beta_low", (f) => f.ci?.beta?.[0] ?? null],
  ["beta_high", (f) => f.ci?.beta?.[1] ?? null],
  ["lower_bound", (f) => f.lowerBound],
  ["n", (f) => f.n],
  ["n_eff", (f) => f.nEff],
  ["rows", (f) => f.rows],
  ["small_sample", (f) => f.smallSample],
];

const entryColumns: Column<ReportEntry>[] = [
  ...figureColumns,
  ["unweighted_estimate", (e) => e.unweighted.estimate],
  ["unweighted_ci_low", (e) => pair(e.unweighted.ci)?.[0] ?? null],
  ["unweighted_ci_high", (e) => pair(e.unweighted.ci)?.[1] ?? null],
  ["unweighted_n_eff", (e) => e.unweighted.nEff],
];

function addTable(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly Heading[],
  rows: readonly Value[][],
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 2 }] });
  sheet.addRow(columns.map((column) => headings[column]));
  sheet.addRow([...columns]);
  for (const row of rows) sheet.addRow(row.map((value) => value ?? ""));
}

const entryCells = (entry: ReportEntry): Value[] => entryColumns.map(([, get]) => get(entry));
const entryHeadings = entryColumns.map(([heading]) => heading);

function breakdownSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  rows: readonly ReportBreakdownRow[],
) {
  addTable(
    workbook,
    name,
    ["key", "label", ...entryHeadings],
    rows.map((row) => [row.key, row.label, ...entryCells(row)]),
  );
}

export async function reportWorkbook(report: AnalysisReport): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new (await loadExcelJs()).Workbook();
  const { satisfaction, awareness, breakdowns, sample } = report;
  addTable(
    workbook,
    "summary",
    ["measure", "group", ...entryHeadings],
    [
      ["satisfaction", "", ...entryCells(satisfaction)],
      ...Object.entries(satisfaction.byGroup).map(([g, e]) => [
        "satisfaction",
        g,
        ...entryCells(e),
      ]),
      ["awareness", "", ...entryCells(awareness)],
      ...Object.entries(awareness.byGroup).map(([g, e]) => ["awareness", g, ...entryCells(e)]),
    ],
  );
  const v = satisfaction.verdict;
  addTable(
    workbook,
    "verdict",
    ["verdict", "threshold", "estimate", "lower_bound", "lower_bound_method", "more_responses"],
    v === null
      ? []
      : [[v.verdict, v.threshold, v.estimate, v.lowerBound, v.lowerBoundMethod, v.moreResponses]],
  );
  for (const [key, rows] of Object.entries(breakdowns.satisfaction)) {
    breakdownSheet(workbook, `satisfaction_${key}`, rows);
  }
  for (const [key, rows] of Object.entries(breakdowns.awareness)) {
    breakdownSheet(workbook, `awareness_${key}`, rows);
  }
  const { byGroup, ...audit } = report.weights;
  addTable(
    workbook,
    "weights",
    ["group", "respondents", "group_weight", "poststratified", "shares", "empty_schools"],
    Object.entries(byGroup).map(([group, g]) => [
      group,
      g.respondents,
      g.groupWeight,
      g.poststratified,
      g.shares,
      g.emptySchools.join(";"),
    ]),
  );
  addTable(
    workbook,
    "weight_audit",
    ["n_weights", "sum", "min", "max", "ratio", "kishNEff", "designEffect"],
    [[audit.n, audit.sum, audit.min, audit.max, audit.ratio, audit.kishNEff, audit.designEffect]],
  );
  addTable(
    workbook,
    "sample",
    ["by", "key", "rows"],
    [
      ["total", "", sample.rows],
      ...Object.entries(sample.byGroup).map(([k, n]) => ["group", k, n]),
      ...Object.entries(sample.byAreaType).map(([k, n]) => ["area_type", k, n]),
      ...Object.entries(sample.bySchool).map(([k, n]) => ["school", k, n]),
      // One row per questionnaire version answered, e.g. "social v2".
      ...sample.byVersion.map((v) => ["version", `${v.key} v${v.version}`, v.responses]),
    ],
  );
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
