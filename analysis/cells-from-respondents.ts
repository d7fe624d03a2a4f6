import type { AnalysisConfig } from "./analysis-config.ts";
import { definitionScale } from "./analysis-config.ts";
import { type Cell, type ValueStats, reportDay } from "./cells.ts";
import { itemValue, respondentValue } from "./respondent-value.ts";

/**
 * Cells (cells.ts) from individual respondents: what the CLI does with an export file, and the
 * reference the database's GROUP BY is tested against.
 *
 * Per respondent (docs/satisfaction.md, Satisfaction definitions and Awareness;
 * respondent-value.ts):
 * - satisfaction: respondentValue with `items = config.items ?? items` (never null here: raw
 *   answers also hold identity and school questions, which would count as unfavourable items);
 * - awareness: 1 if the `awarenessItem` answer is one of `aware`, 0 for another answer, none
 *   for a blank (as reference/awareness-values.ts);
 * - items: each item's itemValue on the definition's scale (favourable 1/0, or the score);
 * - sources: for a respondent whose `awarenessSourceItem` answer is a non-empty array of
 *   option values, 1 for each option chosen and 0 for each other option seen in `rows`.
 * Answers arrive as unknown (JSON): a non-string single-choice answer is a blank, non-string
 * elements of the source array are ignored.
 *
 * Key sets are the same in every cell: `items` has every item (count 0 where nobody answered
 * it), `sources` every option chosen by anyone in `rows`. Cells come sorted by (group, school,
 * channel, day), a null school first. Statistics are merged with Welford's update, so m2 is
 * accurate whatever the mean.
 */
export interface RespondentRow {
  readonly group: string;
  readonly school: string | null;
  readonly channel: string;
  readonly completedAt: Date;
  readonly answers: Readonly<Record<string, unknown>>;
}

interface Accumulator {
  count: number;
  mean: number;
  m2: number;
}

interface CellAccumulator {
  readonly group: string;
  readonly school: string | null;
  readonly channel: string;
  readonly day: string;
  rows: number;
  readonly satisfaction: Accumulator;
  readonly awareness: Accumulator;
  readonly items: Accumulator[];
  readonly sources: Map<string, Accumulator>;
}

export function cellsFromRespondents(
  rows: readonly RespondentRow[],
  config: AnalysisConfig,
  items: readonly string[],
): Cell[] {
  const itemList = config.items ?? items;
  const valueConfig: AnalysisConfig = { ...config, items: itemList };
  const itemKeys = [...new Set(itemList)];
  const scale = definitionScale(config.definition);
  const options = sourceOptions(rows, config.awarenessSourceItem);
  const cells = new Map<string, CellAccumulator>();

  for (const row of rows) {
    const day = reportDay(row.completedAt);
    const key = JSON.stringify([row.group, row.school, row.channel, day]);
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = {
        group: row.group,
        school: row.school,
        channel: row.channel,
        day,
        rows: 0,
        satisfaction: accumulator(),
        awareness: accumulator(),
        items: itemKeys.map(accumulator),
        sources: new Map(options.map((option) => [option, accumulator()])),
      };
      cells.set(key, cell);
    }
    cell.rows += 1;
    const answers = singleChoiceAnswers(row.answers, itemList, config);
    add(cell.satisfaction, respondentValue(answers, valueConfig));
    add(cell.awareness, awarenessValue(answers[config.awarenessItem], config.aware));
    itemKeys.forEach((item, k) => add(cell.items[k]!, itemValue(answers[item], config, scale)));
    const chosen = chosenOptions(row.answers, config.awarenessSourceItem);
    if (chosen !== null) {
      for (const [option, stats] of cell.sources) add(stats, chosen.has(option) ? 1 : 0);
    }
  }

  return [...cells.values()].sort(byCellKey).map((cell) => ({
    group: cell.group,
    school: cell.school,
    channel: cell.channel,
    day: cell.day,
    rows: cell.rows,
    satisfaction: frozen(cell.satisfaction),
    awareness: frozen(cell.awareness),
    items: Object.fromEntries(itemKeys.map((item, k) => [item, frozen(cell.items[k]!)])),
    sources: Object.fromEntries([...cell.sources].map(([option, s]) => [option, frozen(s)])),
  }));
}

/** The single-choice answers the values read: strings kept, anything else a blank. */
function singleChoiceAnswers(
  raw: Readonly<Record<string, unknown>>,
  items: readonly string[],
  config: AnalysisConfig,
): Readonly<Record<string, string | undefined>> {
  const answers: Record<string, string | undefined> = {};
  for (const item of [...items, config.overallItem, config.awarenessItem]) {
    const answer = Object.hasOwn(raw, item) ? raw[item] : undefined;
    answers[item] = typeof answer === "string" ? answer : undefined;
  }
  return answers;
}

function awarenessValue(answer: string | undefined, aware: readonly string[]): number | null {
  if (answer === undefined || answer === "") return null;
  return aware.includes(answer) ? 1 : 0;
}

/** The options chosen, or null when the source question has no answer (not a non-empty array). */
function chosenOptions(
  raw: Readonly<Record<string, unknown>>,
  item: string | null,
): Set<string> | null {
  if (item === null || !Object.hasOwn(raw, item)) return null;
  const answer = raw[item];
  if (!Array.isArray(answer)) return null;
  const chosen = new Set<string>();
  for (const option of answer) if (typeof option === "string" && option !== "") chosen.add(option);
  return chosen.size === 0 ? null : chosen;
}

/** Every option chosen by anyone, sorted: the source keys of every cell. */
function sourceOptions(rows: readonly RespondentRow[], item: string | null): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    for (const option of chosenOptions(row.answers, item) ?? []) seen.add(option);
  }
  return [...seen].sort(compareText);
}

function accumulator(): Accumulator {
  return { count: 0, mean: 0, m2: 0 };
}

/** Welford's update. */
function add(stats: Accumulator, value: number | null): void {
  if (value === null) return;
  stats.count += 1;
  const delta = value - stats.mean;
  stats.mean += delta / stats.count;
  stats.m2 += delta * (value - stats.mean);
}

function frozen(stats: Accumulator): ValueStats {
  return { count: stats.count, mean: stats.mean, m2: stats.m2 };
}

function byCellKey(a: CellAccumulator, b: CellAccumulator): number {
  return (
    compareText(a.group, b.group) ||
    compareSchool(a.school, b.school) ||
    compareText(a.channel, b.channel) ||
    compareText(a.day, b.day)
  );
}

function compareSchool(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareText(a, b);
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
