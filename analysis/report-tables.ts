import { type CellTable, type PutValue, mergeCells } from "./cell-table.ts";
import type { Cell, ValueStats } from "./cells.ts";

/**
 * The report's view of the cells (analysis-report.ts): every cell read once and merged into
 * three tables (cell-table.ts) —
 *   bySchool   (group, school):           every value
 *   byDay      (group, school, day):      satisfaction and awareness
 *   byChannel  (group, school, channel):  satisfaction and awareness
 * Each table's values sit in columns named by `columns` (satisfaction, awareness, each item,
 * each source option). School index `schoolCodes.length` stands for "no school".
 *
 * Sources: a cell carries, per option, the share choosing it among its respondents who
 * answered the source question. A cell without an option that another cell has counts its
 * answerers (the largest count among its options: all options of a cell have the same
 * answerers) as not choosing it, so cells listing only the options chosen in them (what a
 * GROUP BY over chosen options gives) read the same as cells listing every option.
 */
export interface ReportTables {
  /** Groups in report order (reportGroupOrder, then code order). */
  readonly groups: readonly string[];
  /** The listed schools, then other codes seen in the cells. */
  readonly schoolCodes: readonly string[];
  /** Days in calendar order. */
  readonly days: readonly string[];
  /** The listed channels, then other channels seen in the cells. */
  readonly channelIds: readonly string[];
  /** Which value column holds what; byDay and byChannel hold satisfaction and awareness only. */
  readonly columns: ValueColumns;
  readonly bySchool: CellTable;
  readonly byDay: CellTable;
  readonly byChannel: CellTable;
}

/** The tables' value columns (`tableValues(table, column)`) by what they hold. */
export interface ValueColumns {
  readonly satisfaction: number;
  readonly awareness: number;
  /** A column per satisfaction item, in the order the items were asked for. */
  readonly items: readonly NamedColumn[];
  /** A column per source-of-information option seen, in code order. */
  readonly sources: readonly NamedColumn[];
}

export interface NamedColumn {
  readonly key: string;
  readonly column: number;
}

/** Satisfaction and awareness come first, so the day and channel tables keep only those. */
const headline = { satisfaction: 0, awareness: 1, count: 2 } as const;

/** Groups in the order reports show them; others follow in code order. */
export const reportGroupOrder: readonly string[] = [
  "parent",
  "student",
  "teacher",
  "principal",
  "deputy",
  "cppcc_member",
  "resident",
];

export function reportTables(
  cells: readonly Cell[],
  listed: { readonly schools: readonly string[]; readonly channels: readonly string[] },
  items: readonly string[],
): ReportTables {
  const index = cellIndex(cells, listed);
  const columns = valueColumns(items, index.sources);
  const { satisfaction, awareness } = columns;
  const itemColumns = columns.items;
  const sourceColumns = columns.sources;
  // Keys that are not Object.prototype's ("constructor" …) can be read without hasOwn.
  const plainItems = itemColumns.map(({ key }) => !(key in Object.prototype));
  const plainSources = sourceColumns.map(({ key }) => !(key in Object.prototype));
  const found = new Array<ValueStats | undefined>(sourceColumns.length);
  const read = (cell: Cell, put: PutValue): void => {
    put(satisfaction, cell.satisfaction);
    put(awareness, cell.awareness);
    const cellItems = cell.items;
    for (let k = 0; k < itemColumns.length; k++) {
      const { key, column } = itemColumns[k]!;
      put(column, plainItems[k] ? cellItems[key] : own(cellItems, key));
    }
    const cellSources = cell.sources;
    let answerers = 0;
    for (let k = 0; k < sourceColumns.length; k++) {
      const key = sourceColumns[k]!.key;
      const stats = plainSources[k] ? cellSources[key] : own(cellSources, key);
      found[k] = stats;
      if (stats !== undefined && stats.count > answerers) answerers = stats.count;
    }
    if (answerers === 0) return;
    for (let k = 0; k < sourceColumns.length; k++) {
      put(sourceColumns[k]!.column, found[k] ?? { count: answerers, mean: 0, m2: 0 });
    }
  };
  const [bySchool, byDay, byChannel] = mergeCells(
    cells,
    {
      group: index.group,
      school: index.school,
      groups: index.groups.length,
      schools: index.schoolCodes.length + 1,
    },
    [
      { key: null, keys: 1, valueCount: headline.count + items.length + index.sources.length },
      { key: index.day, keys: index.days.length, valueCount: headline.count },
      { key: index.channel, keys: index.channelIds.length, valueCount: headline.count },
    ],
    read,
  ) as [CellTable, CellTable, CellTable];
  const { groups, schoolCodes, days, channelIds } = index;
  return { groups, schoolCodes, days, channelIds, columns, bySchool, byDay, byChannel };
}

/** Satisfaction, awareness, then the items, then the source options. */
function valueColumns(items: readonly string[], sources: readonly string[]): ValueColumns {
  const firstItem = headline.count;
  const firstSource = firstItem + items.length;
  return {
    satisfaction: headline.satisfaction,
    awareness: headline.awareness,
    items: items.map((key, k) => ({ key, column: firstItem + k })),
    sources: sources.map((key, k) => ({ key, column: firstSource + k })),
  };
}

/** Each cell's index under every key, and the keys in report order. */
function cellIndex(
  cells: readonly Cell[],
  listed: { readonly schools: readonly string[]; readonly channels: readonly string[] },
) {
  const groupIndex = new Map<string, number>();
  const schoolIndex = new Map<string, number>();
  const channelIndex = new Map<string, number>();
  const dayIndex = new Map<string, number>();
  for (const code of listed.schools) indexOf(schoolIndex, code);
  for (const id of listed.channels) indexOf(channelIndex, id);
  const sourceSet = new Set<string>();
  const group = new Int32Array(cells.length);
  const school = new Int32Array(cells.length);
  const day = new Int32Array(cells.length);
  const channel = new Int32Array(cells.length);
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c]!;
    group[c] = indexOf(groupIndex, cell.group);
    day[c] = indexOf(dayIndex, cell.day);
    channel[c] = indexOf(channelIndex, cell.channel);
    // −1 for now: "no school" is the index after every code, known once all are seen.
    school[c] = cell.school === null ? -1 : indexOf(schoolIndex, cell.school);
    for (const option in cell.sources) sourceSet.add(option);
  }
  const schoolCodes = [...schoolIndex.keys()];
  const groups = sortGroups([...groupIndex.keys()]);
  const days = [...dayIndex.keys()].sort(compareText);
  const groupRank = Int32Array.from(groupIndex.keys(), (g) => groups.indexOf(g));
  const dayRank = Int32Array.from(dayIndex.keys(), (d) => days.indexOf(d));
  for (let c = 0; c < cells.length; c++) {
    group[c] = groupRank[group[c]!]!;
    day[c] = dayRank[day[c]!]!;
    if (school[c] === -1) school[c] = schoolCodes.length;
  }
  return {
    groups,
    schoolCodes,
    days,
    channelIds: [...channelIndex.keys()],
    sources: [...sourceSet].sort(compareText),
    group,
    school,
    day,
    channel,
  };
}

/** The key's index, numbering new keys in order of first appearance. */
function indexOf(index: Map<string, number>, key: string): number {
  let k = index.get(key);
  if (k === undefined) index.set(key, (k = index.size));
  return k;
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function sortGroups(groups: readonly string[]): string[] {
  const rank = (group: string) => {
    const r = reportGroupOrder.indexOf(group);
    return r === -1 ? reportGroupOrder.length : r;
  };
  return [...groups].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
