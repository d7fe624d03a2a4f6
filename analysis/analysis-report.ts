import { type AnalysisConfig, definitionScale } from "./analysis-config.ts";
import {
  type CellDesign,
  type CellValues,
  cellEstimates,
  cellWeightAudit,
} from "./cell-estimates.ts";
import { type CellTable, tableDesign, tableValues } from "./cell-table.ts";
import type { Cell } from "./cells.ts";
import type { DomainEstimate, Domains } from "./domain-estimates.ts";
import { type Measure, type Scale, estimateFigure } from "./estimate-figure.ts";
import type { Interval, IntervalMethod } from "./interval.ts";
import { mergeCellLists } from "./merge-cells.ts";
import { reportTables } from "./report-tables.ts";
import type { AreaType, ReportSchool } from "./report-school.ts";
import { type GroupWeights, type ReportWarning, reportWeighting } from "./report-weighting.ts";
import { type Verdict, lowerBound, verdict } from "./verdict.ts";
import type { WeightAudit } from "./weight-audit.ts";

// Parts of the report's shape defined beside the code that reads or fills them.
export type { AreaType, ReportSchool } from "./report-school.ts";
export type { GroupWeights, ReportWarning } from "./report-weighting.ts";

/**
 * The campaign's analysis report from cells (cells.ts): satisfaction
 * with its verdict, awareness, breakdowns, the weight audit and the sample, as plain JSON
 * (no NaN or Infinity: null where a figure is undefined). The API's report endpoint and
 * `npm run analyze` both print this, so the same cells give the same JSON.
 *
 * Weights (docs/weighting.md; report-weighting.ts): parents post-stratified to enrolment shares,
 * teachers and principals to teacher-count shares when every school has one, other groups
 * b = 1; group weights when configured. Cells are read once and merged per (group, school),
 * per (group, school, day) and per (group, school, channel) (report-tables.ts), which gives
 * the same estimates as the cells themselves (cell-table.ts).
 *
 * Figures: estimates and intervals from estimate-figure.ts, the one-sided 95 % lower bound and
 * the verdict from verdict.ts, weighted beside unweighted; breakdowns are domains of the full
 * design (reference/breakdowns.ts). For non-admin audiences pass the report through
 * suppress-small-counts.ts.
 */
export interface ReportChannel {
  readonly id: string;
  readonly label: string;
}

export interface ReportInput {
  readonly cells: readonly Cell[];
  readonly schools: readonly ReportSchool[];
  readonly channels: readonly ReportChannel[];
  readonly config: AnalysisConfig;
  /** The questionnaires' satisfaction items, used when `config.items` is null. */
  readonly items: readonly string[];
  /**
   * Cells of the responses staff excluded, left out of every figure; with any,
   * the headline figures are also computed with them put back (`exclusions.withExcluded`).
   */
  readonly excludedCells?: readonly Cell[];
  /**
   * Respondents per questionnaire version, counted like the cells (excluded responses left
   * out); the sample lists them in key, then version order. None given: an empty list.
   */
  readonly versions?: readonly ReportVersionCount[];
}

/** How many respondents answered one questionnaire version (a key and its version number). */
export interface ReportVersionCount<C = number> {
  readonly key: string;
  readonly version: number;
  readonly responses: C;
}

/** A figure's definition: a Measure, or the share choosing one source-of-information option. */
export type ReportMeasure = Measure | "source_share";

/** A 95 % interval as [lower, upper]. */
export type Pair = readonly [number, number];

/** Proportions: logit and beta (Korn–Graubard); scores: t. `method` names the fallbacks. */
export interface ReportCi {
  readonly logit?: Pair;
  readonly beta?: Pair;
  readonly t?: Pair;
  readonly method: Readonly<Partial<Record<"logit" | "beta" | "t", IntervalMethod>>>;
}

/** Counts are numbers; suppress-small-counts.ts turns small ones into "<5". */
export interface ReportFigure<C = number> {
  readonly definition: ReportMeasure;
  readonly scale: Scale;
  readonly estimate: number | null;
  readonly se: number | null;
  readonly df: C;
  readonly ci: ReportCi | null;
  /** One-sided 95 % lower bound (verdict.ts `lowerBound`). */
  readonly lowerBound: number | null;
  /** Kish's n_eff of the weights of respondents with a value. */
  readonly nEff: C;
  /** Respondents with a value. */
  readonly n: C;
  /** Respondents in the domain, with or without a value. */
  readonly rows: C;
  /** n under 30. */
  readonly smallSample: boolean;
}

/** The weighted figure's fields, and the unweighted figure beside it. */
export type ReportEntry<C = number> = ReportFigure<C> & { readonly unweighted: ReportFigure<C> };

export type ReportBreakdownRow<C = number> = ReportEntry<C> & {
  readonly key: string;
  /** School name, channel label; null where the report has none (the UI translates keys). */
  readonly label: string | null;
};

export interface AnalysisReport<C = number> {
  readonly satisfaction: ReportEntry<C> & {
    readonly verdict: Verdict | null;
    readonly byGroup: Readonly<Record<string, ReportEntry<C>>>;
  };
  readonly awareness: ReportEntry<C> & {
    readonly byGroup: Readonly<Record<string, ReportEntry<C>>>;
  };
  readonly breakdowns: {
    readonly satisfaction: Readonly<
      Record<
        "group" | "school" | "town" | "areaType" | "day" | "item" | "channel",
        readonly ReportBreakdownRow<C>[]
      >
    >;
    readonly awareness: Readonly<
      Record<"channel" | "source" | "day" | "group", readonly ReportBreakdownRow<C>[]>
    >;
  };
  readonly weights: WeightAudit & {
    readonly byGroup: Readonly<Record<string, GroupWeights<C>>>;
  };
  readonly sample: {
    readonly rows: number;
    readonly byGroup: Readonly<Record<string, C>>;
    /** By area type of the school; respondents without a listed school under `none`. */
    readonly byAreaType: Readonly<Record<AreaType | "none", C>>;
    /** Every listed school (0 without respondents), then any other school code seen. */
    readonly bySchool: Readonly<Record<string, C>>;
    /**
     * Per questionnaire version answered (versions combine by question name: a question a
     * version lacks has no value for its respondents).
     */
    readonly byVersion: readonly ReportVersionCount<C>[];
  };
  readonly warnings: readonly ReportWarning[];
  readonly exclusions: ReportExclusions<C>;
  readonly config: AnalysisConfig;
  /** The satisfaction items read (`config.items ?? input.items`). */
  readonly items: readonly string[];
}

/**
 * The figures without and with the excluded responses, side by side (docs/integrity.md,
 * Exclusions).
 */
export interface ReportExclusions<C = number> {
  /** Responses excluded and left out of the report (a campaign-wide total, never suppressed). */
  readonly responses: number;
  /** The headline figures had they been kept; null when nothing is excluded. */
  readonly withExcluded: {
    readonly rows: number;
    readonly satisfaction: AnalysisReport<C>["satisfaction"];
    readonly awareness: AnalysisReport<C>["awareness"];
  } | null;
}

const areaTypes: readonly AreaType[] = ["urban", "town", "rural"];

export function analysisReport(input: ReportInput): AnalysisReport {
  const { config, items, ...report } = reportOf(input);
  const excludedCells = input.excludedCells ?? [];
  const responses = excludedCells.reduce((sum, cell) => sum + cell.rows, 0);
  let withExcluded: ReportExclusions["withExcluded"] = null;
  if (responses > 0) {
    const all = reportOf({ ...input, cells: mergeCellLists(input.cells, excludedCells) });
    withExcluded = {
      rows: all.sample.rows,
      satisfaction: all.satisfaction,
      awareness: all.awareness,
    };
  }
  const byVersion = [...(input.versions ?? [])]
    .filter((v) => v.responses > 0)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.version - b.version))
    .map(({ key, version, responses }) => ({ key, version, responses }));
  return {
    ...report,
    sample: { ...report.sample, byVersion },
    exclusions: { responses, withExcluded },
    config,
    items,
  };
}

type ReportPart = Omit<AnalysisReport, "exclusions" | "sample"> & {
  readonly sample: Omit<AnalysisReport["sample"], "byVersion">;
};

function reportOf(input: ReportInput): ReportPart {
  const { cells, schools, channels, config } = input;
  const items = [...new Set(config.items ?? input.items)];
  const scale = definitionScale(config.definition);
  const measure: Measure = config.definition;
  const itemMeasure: Measure = scale === "score" ? "item_score" : "item_favourable";
  const tables = reportTables(
    cells,
    { schools: schools.map((s) => s.code), channels: channels.map((c) => c.id) },
    items,
  );
  const { groups, schoolCodes, days, channelIds, columns, bySchool, byDay, byChannel } = tables;

  // Weights per (group, school): one row of bySchool each (the weight is constant within).
  const pairs = Array.from(bySchool.group, (g, r) => ({
    group: groups[g]!,
    school: schoolCodes[bySchool.school[r]!] ?? null,
    rows: bySchool.rows[r]!,
  }));
  const weighting = reportWeighting(pairs, groups, schools, config);
  const schoolSlots = schoolCodes.length + 1;
  const pairWeight = new Float64Array(groups.length * schoolSlots);
  pairs.forEach((_, r) => {
    pairWeight[bySchool.group[r]! * schoolSlots + bySchool.school[r]!] =
      weighting.design.weight[r]!;
  });
  const designsOf = (table: CellTable): Designs => ({
    weighted: tableDesign(table, groups.length, (g, s) => pairWeight[g * schoolSlots + s]!),
    unweighted: tableDesign(table, groups.length, null),
  });
  const school = designsOf(bySchool);
  const day = designsOf(byDay);
  const channel = designsOf(byChannel);

  const schoolByCode = new Map(schools.map((s) => [s.code, s]));
  const towns = [...new Set(schools.map((s) => s.town))];
  const areas = areaTypes.filter((type) => schools.some((s) => s.areaType === type));
  // A key of each bySchool row through its school (−1: no school, or one outside the list).
  const throughSchool = (keyOf: (school: ReportSchool) => number): Int32Array => {
    const ofSchool = schoolCodes.map((code) => {
      const listed = schoolByCode.get(code);
      return listed === undefined ? -1 : keyOf(listed);
    });
    return Int32Array.from(bySchool.school, (s) => ofSchool[s] ?? -1);
  };
  const by = {
    group: partition(bySchool.group, groups),
    school: partition(
      throughSchool((s) => schoolCodes.indexOf(s.code)),
      schoolCodes,
    ),
    town: partition(
      throughSchool((s) => towns.indexOf(s.town)),
      towns,
    ),
    areaType: partition(
      throughSchool((s) => areas.indexOf(s.areaType)),
      areas,
    ),
    day: partition(byDay.key, days),
    channel: partition(byChannel.key, channelIds),
  };
  const schoolName = (code: string) => schoolByCode.get(code)?.name ?? null;
  const channelLabels = new Map(channels.map((c) => [c.id, c.label]));
  const channelLabel = (id: string) => channelLabels.get(id) ?? null;

  type Rows = (
    designs: Designs,
    table: CellTable,
    by: Partition,
    label?: (key: string) => string | null,
  ) => ReportBreakdownRow[];
  const satisfactionBy: Rows = (designs, table, domains, label) =>
    breakdownRows(
      designs,
      tableValues(table, columns.satisfaction),
      domains,
      measure,
      scale,
      label,
    );
  const awarenessBy: Rows = (designs, table, domains, label) =>
    breakdownRows(
      designs,
      tableValues(table, columns.awareness),
      domains,
      "awareness",
      "proportion",
      label,
    );
  // A figure over the whole design from one column of the (group, school) table.
  const whole = (column: number, m: ReportMeasure, sc: Scale) =>
    entry(school, tableValues(bySchool, column), null, m, sc)[0]!;
  const overall = cellEstimates(
    school.weighted,
    tableValues(bySchool, columns.satisfaction),
    null,
  )[0]!;
  const satisfactionByGroup = satisfactionBy(school, bySchool, by.group);
  const awarenessByGroup = awarenessBy(school, bySchool, by.group);

  return {
    satisfaction: {
      ...whole(columns.satisfaction, measure, scale),
      verdict: verdict(overall, scale, config.threshold),
      byGroup: byKey(satisfactionByGroup),
    },
    awareness: {
      ...whole(columns.awareness, "awareness", "proportion"),
      byGroup: byKey(awarenessByGroup),
    },
    breakdowns: {
      satisfaction: {
        group: satisfactionByGroup,
        school: satisfactionBy(school, bySchool, by.school, schoolName),
        town: satisfactionBy(school, bySchool, by.town),
        areaType: satisfactionBy(school, bySchool, by.areaType),
        day: satisfactionBy(day, byDay, by.day),
        item: columns.items.map(({ key, column }) => ({
          key,
          label: null,
          ...whole(column, itemMeasure, scale),
        })),
        channel: satisfactionBy(channel, byChannel, by.channel, channelLabel),
      },
      awareness: {
        channel: awarenessBy(channel, byChannel, by.channel, channelLabel),
        source: columns.sources.map(({ key, column }) => ({
          key,
          label: null,
          ...whole(column, "source_share", "proportion"),
        })),
        day: awarenessBy(day, byDay, by.day),
        group: awarenessByGroup,
      },
    },
    weights: { ...cellWeightAudit(weighting.design), byGroup: weighting.byGroup },
    sample: sampleSection(pairs, groups, schools),
    warnings: weighting.warnings,
    config,
    items,
  };
}

interface Designs {
  readonly weighted: CellDesign;
  readonly unweighted: CellDesign;
}

type Partition = Domains & { readonly labels: readonly string[] };

function partition(key: Int32Array, labels: readonly string[]): Partition {
  return { key, count: labels.length, labels };
}

/** Weighted and unweighted figures for each domain (one domain when `domains` is null). */
function entry(
  designs: Designs,
  values: CellValues,
  domains: Domains | null,
  measure: ReportMeasure,
  scale: Scale,
): ReportEntry[] {
  const weighted = cellEstimates(designs.weighted, values, domains);
  const unweighted = cellEstimates(designs.unweighted, values, domains);
  return weighted.map((stats, k) => ({
    ...reportFigure(stats, measure, scale),
    unweighted: reportFigure(unweighted[k]!, measure, scale),
  }));
}

function breakdownRows(
  designs: Designs,
  values: CellValues,
  partition: Partition,
  measure: ReportMeasure,
  scale: Scale,
  label: (key: string) => string | null = () => null,
): ReportBreakdownRow[] {
  return entry(designs, values, partition, measure, scale).map((figures, k) => {
    const key = partition.labels[k]!;
    return { key, label: label(key), ...figures };
  });
}

function reportFigure(stats: DomainEstimate, measure: ReportMeasure, scale: Scale): ReportFigure {
  const figure = estimateFigure(stats, measure === "source_share" ? "awareness" : measure, scale);
  const empty = figure.estimate === null;
  return {
    definition: measure,
    scale,
    estimate: figure.estimate,
    se: figure.se,
    df: figure.df,
    ci: reportCi(figure.interval, figure.kornGraubard, scale),
    lowerBound: empty ? null : lowerBound(stats, scale).value,
    nEff: figure.nEff,
    n: figure.n,
    rows: figure.rows,
    smallSample: figure.smallSample,
  };
}

function reportCi(
  interval: Interval | null,
  kornGraubard: Interval | null,
  scale: Scale,
): ReportCi | null {
  if (interval === null) return null;
  if (scale === "score") {
    return { t: [interval.lower, interval.upper], method: { t: interval.method } };
  }
  const beta = kornGraubard ?? interval;
  return {
    logit: [interval.lower, interval.upper],
    beta: [beta.lower, beta.upper],
    method: { logit: interval.method, beta: beta.method },
  };
}

function sampleSection(
  pairs: readonly Pick<Cell, "group" | "school" | "rows">[],
  groups: readonly string[],
  schools: readonly ReportSchool[],
): ReportPart["sample"] {
  const areaOf = new Map(schools.map((school) => [school.code, school.areaType]));
  const byGroup = new Map(groups.map((g) => [g, 0]));
  const byAreaType = new Map<AreaType | "none", number>([
    ["urban", 0],
    ["town", 0],
    ["rural", 0],
    ["none", 0],
  ]);
  const bySchool = new Map(schools.map((s) => [s.code, 0]));
  let rows = 0;
  for (const pair of pairs) {
    rows += pair.rows;
    byGroup.set(pair.group, (byGroup.get(pair.group) ?? 0) + pair.rows);
    const area = pair.school === null ? "none" : (areaOf.get(pair.school) ?? "none");
    byAreaType.set(area, byAreaType.get(area)! + pair.rows);
    if (pair.school !== null)
      bySchool.set(pair.school, (bySchool.get(pair.school) ?? 0) + pair.rows);
  }
  return {
    rows,
    byGroup: Object.fromEntries(byGroup),
    byAreaType: Object.fromEntries(byAreaType) as Record<AreaType | "none", number>,
    bySchool: Object.fromEntries(bySchool),
  };
}

function byKey(rows: readonly ReportBreakdownRow[]): Record<string, ReportEntry> {
  return Object.fromEntries(rows.map(({ key, label: _label, ...figures }) => [key, figures]));
}
