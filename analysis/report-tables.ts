import { type CellTable, type PutValue, mergeCells } from "./cell-table.ts";
import type { Cell, ValueStats } from "./cells.ts";

/**
 * The report's view of the cells (analysis-report.ts): every cell read once and merged into
 * three tables (cell-table.ts) —
 *   bySchool   (group, school):           every value
 *   byDay      (group, school, day):      satisfaction and awareness
 *   byChannel  (group, school, channel):  satisfaction and awareness
 * Values are numbered 0 satisfaction, 1 awareness, 2 … the items, then the source options.
 * School index `schoolCodes.length` stands for "no school".
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
  /** Source options seen, in code order. */
  readonly sources: readonly string[];
  readonly bySchool: CellTable;
  readonly byDay: CellTable;
  readonly byChannel: CellTable;
}

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
  const { sources } = index;
  // Keys that are not Object.prototype's ("constructor" …) can be read without hasOwn.
  const plainItems = items.map((key) => !(key in Object.prototype));
  const plainSources = sources.map((key) => !(key in Object.prototype));
  const found: (ValueStats | undefined)[] = new Array<ValueStats | undefined>(sources.length);
  const read = (cell: Cell, put: PutValue): void => {
    put(0, cell.satisfaction);
    put(1, cell.awareness);
    const cellItems = cell.items;
    for (let k = 0; k < items.length; k++) {
      put(2 + k, plainItems[k] ? cellItems[items[k]!] : own(cellItems, items[k]!));
    }
    const cellSources = cell.sources;
    let answerers = 0;
    for (let k = 0; k < sources.length; k++) {
      const stats = plainSources[k] ? cellSources[sources[k]!] : own(cellSources, sources[k]!);
      found[k] = stats;
      if (stats !== undefined && stats.count > answerers) answerers = stats.count;
    }
    if (answerers === 0) return;
    for (let k = 0; k < sources.length; k++) {
      put(2 + items.length + k, found[k] ?? { count: answerers, mean: 0, m2: 0 });
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
      { key: null, keys: 1, valueCount: 2 + items.length + sources.length },
      { key: index.day, keys: index.days.length, valueCount: 2 },
      { key: index.channel, keys: index.channelIds.length, valueCount: 2 },
    ],
    read,
  ) as [CellTable, CellTable, CellTable];
  const { groups, schoolCodes, days, channelIds } = index;
  return { groups, schoolCodes, days, channelIds, sources, bySchool, byDay, byChannel };
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
