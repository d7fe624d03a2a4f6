import type { Kysely } from "kysely";
import type { AnalysisConfig } from "../../analysis/analysis-config.ts";
import type { Cell, ValueStats } from "../../analysis/cells.ts";
import { sortCells } from "../../analysis/merge-cells.ts";
import { type VersionRows, versionRows } from "./questionnaire-versions-repository.ts";
import type { Database } from "../db/database.ts";
import {
  type CellPlan,
  type CellRow,
  compareText,
  countCells,
  isBinary,
  sourceOptionsInData,
  tallyUnit,
} from "./cell-count-sql.ts";

/**
 * The analysis cells (analysis/cells.ts) of a campaign, counted by the database: the
 * responses GROUP BY (respondent group, school, channel, day in UTC+8 of
 * coalesce(completed_at, received_at)) with each value's count, mean and Σ(y − mean)²
 * (var_pop · count, or S(n − S)/n from the sum S of a 0/1 value). The values reproduce
 * analysis/cells-from-respondents.ts (the reference the tests hold this to) row for row:
 * - an item's value: a blank, a non-string answer, "" or an `excluded` option → none;
 *   otherwise 1/0 (`favourable`) or, under the `score` definition, the option's score;
 * - satisfaction y (respondent-value.ts): the overall item's value; or over the items with a
 *   value, their mean (respondent_share, score) or 1[favourable + 1e-9 ≥ share · answered]
 *   (respondent_satisfied); none when no item has a value;
 * - awareness: 1/0 for a non-empty string answer (in `aware` or not), none otherwise;
 * - sources: for a respondent whose source answer is an array with a non-empty string, 1/0
 *   per option chosen by anyone, none otherwise.
 *
 * Cost, measured at 1,000,000 responses on PostgreSQL 15 (bench/analysis-scale.ts; CPU time of
 * the backend): the scan alone 0.14 s; pulling 11 answers out of the jsonb 0.6 s; grouping by
 * the four keys, the day included, 0.7 s; values and sums the rest, 2.8 s in all. So each answer
 * is pulled out once per row (the nested `offset 0` subqueries keep the planner from inlining
 * them and repeating the work per reference), read as text and mapped by one CASE over the
 * options the questionnaires offer. Anything that CASE does not know (a string outside the
 * options, a number where an option belongs: only data written around the validator) comes
 * out NaN, and the query runs again in an exact form that checks each answer's JSON type
 * (6.6 s at a million). PostgreSQL does not run the nested form in parallel workers; a flat
 * form does, but repeats each extraction per reference and cost more in all. `partitions`
 * splits a campaign into concurrent queries by channel (cells never span channels) for a
 * server with cores to spare; each still scans the whole table.
 *
 * Question names and option values are bound parameters, never spliced into the SQL; the
 * names are checked against the questionnaires' pattern before use all the same.
 */
export interface CellQuery {
  readonly campaignId: number;
  /** With `items` resolved (api/analysis/analysis-settings.ts resolvedConfig). */
  readonly config: AnalysisConfig;
  /** The options the questionnaires offer per question (items, awareness, source). */
  readonly options: Readonly<Record<string, readonly string[]>>;
  /** Concurrent queries, each over the channels with id ≡ k (mod partitions); default 1. */
  readonly partitions?: number;
  /** Told of each counting pass (for tests and benchmarks: which form ran, how often). */
  readonly onPass?: (pass: CellPass) => void;
  /** Only responses received at or after this instant. */
  readonly receivedFrom?: Date | null;
  /** Only responses received before this instant. */
  readonly receivedBefore?: Date | null;
  /** Whether the campaign has any exclusion decision, when the caller knows (else looked up). */
  readonly anyExclusion?: boolean;
}

/** Cells of the responses counted in the report, and of those staff excluded. */
export interface CountedCells {
  readonly included: readonly Cell[];
  readonly excluded: readonly Cell[];
  /** The same responses per questionnaire version (the report's count per version). */
  readonly versions: VersionRows;
}

/** Responses in the cells (each in exactly one). */
export function countedRows(counted: CountedCells): number {
  let rows = 0;
  for (const cell of counted.included) rows += cell.rows;
  for (const cell of counted.excluded) rows += cell.rows;
  return rows;
}

export interface CellPass {
  /** `text`: the CASE over answer texts; `exact`: JSON types checked per answer. */
  readonly mode: "text" | "exact";
  /** Where the source options came from: the questionnaires, a scan of the data, or none asked. */
  readonly sources: "questionnaires" | "data" | "none";
  readonly ms: number;
}

const namePattern = /^[a-z][a-z0-9_]{0,62}$/;
/** Option texts `->>` could also return for a number or boolean: the text CASE cannot be used. */
const ambiguousText = /^(-|[0-9]|true$|false$)/;

/** The cells of every response, excluded or not. */
export async function analysisCells(db: Kysely<Database>, query: CellQuery): Promise<Cell[]> {
  return [...(await count(db, query, false)).included];
}

/** The cells of the included responses and, apart, of the excluded ones. */
export function countedCells(db: Kysely<Database>, query: CellQuery): Promise<CountedCells> {
  return count(db, query, true);
}

async function count(
  db: Kysely<Database>,
  query: CellQuery,
  splitExcluded: boolean,
): Promise<CountedCells> {
  const { config, campaignId } = query;
  const items = [...new Set(config.items ?? [])];
  const source = config.awarenessSourceItem;
  for (const name of [...items, config.overallItem, config.awarenessItem, source ?? "ok"]) {
    if (!namePattern.test(name)) throw new RangeError(`not a question name: ${name}`);
  }
  let sources = source === null ? [] : [...new Set(query.options[source] ?? [])].sort(compareText);
  let exactSources = source === null;
  if (source !== null && sources.length === 0) {
    sources = await sourceOptionsInData(db, campaignId, source);
    exactSources = true;
  }
  let plan: CellPlan = {
    campaignId,
    config,
    items,
    options: query.options,
    sources,
    exactSources,
    mode: textCaseFits(config, items, query.options) ? "text" : "exact",
    // Without any exclusion decision there is nothing to split (and no lookup per row).
    splitExcluded: splitExcluded && (query.anyExclusion ?? (await anyExclusion(db, campaignId))),
    received: { from: query.receivedFrom ?? null, before: query.receivedBefore ?? null },
  };
  const partitions = Math.max(1, Math.floor(query.partitions ?? 1));
  let rows = await countAll(db, plan, partitions, query.onPass);
  if (source !== null && rows.some((row) => Number(row.unknown_sources) > 0)) {
    // A source option the questionnaires lack: count again with the options in the data.
    plan = {
      ...plan,
      sources: await sourceOptionsInData(db, campaignId, source),
      exactSources: true,
    };
    rows = await countAll(db, plan, partitions, query.onPass);
  }
  const codes = await schoolCodes(db, rows);
  let cells = toCells(rows, plan, codes);
  if (cells.nan && plan.mode === "text") {
    plan = { ...plan, mode: "exact" };
    cells = toCells(await countAll(db, plan, partitions, query.onPass), plan, codes);
  }
  // Left NaN by the exact form: an answer's option has no score (the reference refuses it too).
  if (cells.nan) throw new RangeError("an answer's option has no score");
  return {
    included: sortCells(cells.cells.filter((_, k) => !cells.excluded[k])),
    excluded: sortCells(cells.cells.filter((_, k) => cells.excluded[k])),
    versions: await versionRows(db, campaignId, plan.received, plan.splitExcluded),
  };
}

async function anyExclusion(db: Kysely<Database>, campaignId: number): Promise<boolean> {
  const row = await db
    .selectFrom("exclusion")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether every option a CASE over `->>` text would name is unambiguous. */
function textCaseFits(
  config: AnalysisConfig,
  items: readonly string[],
  options: Readonly<Record<string, readonly string[]>>,
): boolean {
  const named = [
    ...[...items, config.overallItem, config.awarenessItem].flatMap((q) => options[q] ?? []),
    ...config.favourable,
    ...config.excluded,
    ...config.aware,
    ...Object.keys(config.scores),
  ];
  return !named.some((option) => ambiguousText.test(option));
}

async function countAll(
  db: Kysely<Database>,
  plan: CellPlan,
  partitions: number,
  onPass: CellQuery["onPass"],
): Promise<CellRow[]> {
  const start = performance.now();
  const part = (k: number) => countCells(db, plan, partitions === 1 ? null : [partitions, k]);
  const rows: CellRow[] = [];
  if (db.isTransaction) {
    // One connection: the parts one after another.
    for (let k = 0; k < partitions; k++) rows.push(...(await part(k)));
  } else {
    const parts = await Promise.all(Array.from({ length: partitions }, (_, k) => part(k)));
    for (const partRows of parts) rows.push(...partRows);
  }
  onPass?.({
    mode: plan.mode,
    sources:
      plan.config.awarenessSourceItem === null
        ? "none"
        : plan.exactSources
          ? "data"
          : "questionnaires",
    ms: performance.now() - start,
  });
  return rows;
}

/** One value's columns in a result row (named once, not per row: 44,000 rows at a million). */
interface ValueColumns {
  readonly binary: boolean;
  readonly tally: string;
  readonly n: string;
  readonly mean: string;
  readonly variance: string;
}

function valueColumns(prefix: string, binary: boolean): ValueColumns {
  return {
    binary,
    tally: `${prefix}_tally`,
    n: `${prefix}_n`,
    mean: `${prefix}_mean`,
    variance: `${prefix}_var`,
  };
}

function readStats(row: CellRow, c: ValueColumns): ValueStats {
  if (c.binary) {
    // NaN (an answer the text CASE did not know) stays NaN: the exact form runs then.
    const tallied = row[c.tally] === null ? 0 : Number(row[c.tally]);
    const n = tallied % tallyUnit;
    const sum = (tallied - n) / tallyUnit;
    if (n === 0) return { count: 0, mean: 0, m2: 0 };
    return { count: n, mean: sum / n, m2: (sum * (n - sum)) / n };
  }
  const n = Number(row[c.n]);
  if (n === 0) return { count: 0, mean: 0, m2: 0 };
  return { count: n, mean: Number(row[c.mean]), m2: Number(row[c.variance]) * n };
}

/** The cells of the result rows, whether each is of excluded responses, and whether any value came out NaN. */
function toCells(
  rows: readonly CellRow[],
  plan: CellPlan,
  codes: ReadonlyMap<number, string>,
): { cells: Cell[]; excluded: boolean[]; nan: boolean } {
  const { config, items, sources } = plan;
  const y = valueColumns("y", isBinary("y", config));
  const w = valueColumns("w", true);
  const itemColumns = items.map((_, k) => valueColumns(`v${k}`, isBinary("item", config)));
  const sourceColumns = sources.map((_, k) => valueColumns(`s${k}`, true));
  // Options nobody chose are no source (cells-from-respondents.ts keys: options seen), on
  // each side of the exclusions apart (the report and the CLI see each side alone).
  const keptWhere = (excluded: boolean) =>
    sources
      .map((option, k) => ({ option, columns: sourceColumns[k]! }))
      .filter(({ columns }) =>
        rows.some(
          (row) => (row.excluded === true) === excluded && readStats(row, columns).mean > 0,
        ),
      );
  const kept = { included: keptWhere(false), excluded: keptWhere(true) };
  let nan = false;
  const cells = rows.map((row) => {
    const itemStats: Record<string, ValueStats> = {};
    items.forEach((item, k) => {
      const stats = readStats(row, itemColumns[k]!);
      if (Number.isNaN(stats.mean)) nan = true;
      itemStats[item] = stats;
    });
    const sourceStats: Record<string, ValueStats> = {};
    for (const { option, columns } of row.excluded === true ? kept.excluded : kept.included) {
      sourceStats[option] = readStats(row, columns);
    }
    const satisfaction = readStats(row, y);
    const awareness = readStats(row, w);
    if (Number.isNaN(satisfaction.mean) || Number.isNaN(awareness.mean)) nan = true;
    return {
      group: String(row.grp),
      school:
        row.school_id === null ? null : (codes.get(Number(row.school_id)) ?? String(row.school_id)),
      channel: String(row.channel_id),
      day: String(row.day),
      rows: Number(row.rows),
      satisfaction,
      awareness,
      items: itemStats,
      sources: sourceStats,
    };
  });
  return { cells, excluded: rows.map((row) => row.excluded === true), nan };
}

/** The codes of the schools the rows name (by id). */
async function schoolCodes(
  db: Kysely<Database>,
  rows: readonly CellRow[],
): Promise<Map<number, string>> {
  const ids = [...new Set(rows.map((row) => row.school_id).filter((id) => id !== null))];
  const codes = new Map<number, string>();
  if (ids.length === 0) return codes;
  const schools = await db
    .selectFrom("school")
    .select(["id", "code"])
    .where("id", "in", ids.map(Number))
    .execute();
  for (const school of schools) codes.set(school.id, school.code);
  return codes;
}
