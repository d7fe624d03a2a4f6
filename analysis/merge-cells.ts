import type { Cell, ValueStats } from "./cells.ts";
import { emptyValueStats } from "./cells.ts";

/**
 * Cells of two disjoint sets of respondents merged into the cells of their union: the same
 * (group, school, channel, day) cell in both becomes one, with each value's statistics
 * combined by Chan's parallel update (exact, and as accurate as Welford's for any means).
 * Used to add newly counted responses to counted ones (api/analysis/analysis-cell-cache.ts)
 * and to show figures with excluded responses put back (analysis-report.ts).
 *
 * A source option missing from one side's cell while that cell lists other options counts
 * as not chosen by that side's answerers (cells.ts): every answerer chose some listed
 * option, so any listed option's count is the cell's number of answerers.
 *
 * Result in the reference order (cells-from-respondents.ts): by (group, school with null
 * first, channel, day) in code units, every cell listing every source option of either side
 * (as cellsFromRespondents lists every option chosen by anyone).
 */
export function mergeCellLists(a: readonly Cell[], b: readonly Cell[]): Cell[] {
  if (b.length === 0) return sortCells(a);
  if (a.length === 0) return sortCells(b);
  const merged = new Map<string, Cell>();
  for (const cell of a) merged.set(cellKey(cell), cell);
  for (const cell of b) {
    const key = cellKey(cell);
    const other = merged.get(key);
    merged.set(key, other === undefined ? cell : mergeCell(other, cell));
  }
  return sortCells(withEverySource([...merged.values()]));
}

/** Cells listing every source option listed by any of them (not chosen where missing). */
function withEverySource(cells: readonly Cell[]): Cell[] {
  const options = new Set<string>();
  for (const cell of cells) for (const option in cell.sources) options.add(option);
  return cells.map((cell) => {
    const missing = [...options].filter((option) => !Object.hasOwn(cell.sources, option));
    if (missing.length === 0) return cell;
    const absent = notChosen(answerers(cell));
    const sources = { ...cell.sources };
    for (const option of missing) sources[option] = absent;
    return { ...cell, sources };
  });
}

/** One cell from two cells of the same key over disjoint respondents. */
export function mergeCell(a: Cell, b: Cell): Cell {
  const items: Record<string, ValueStats> = {};
  for (const item of new Set([...Object.keys(a.items), ...Object.keys(b.items)])) {
    items[item] = mergeStats(a.items[item] ?? emptyValueStats, b.items[item] ?? emptyValueStats);
  }
  const answerersA = answerers(a);
  const answerersB = answerers(b);
  const sources: Record<string, ValueStats> = {};
  for (const option of new Set([...Object.keys(a.sources), ...Object.keys(b.sources)])) {
    sources[option] = mergeStats(
      a.sources[option] ?? notChosen(answerersA),
      b.sources[option] ?? notChosen(answerersB),
    );
  }
  return {
    group: a.group,
    school: a.school,
    channel: a.channel,
    day: a.day,
    rows: a.rows + b.rows,
    satisfaction: mergeStats(a.satisfaction, b.satisfaction),
    awareness: mergeStats(a.awareness, b.awareness),
    items,
    sources,
  };
}

/** Chan et al.'s combination of two sets' count, mean and Σ(y − mean)². */
export function mergeStats(a: ValueStats, b: ValueStats): ValueStats {
  if (b.count === 0) return a;
  if (a.count === 0) return b;
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  return {
    count,
    mean: a.mean + (delta * b.count) / count,
    m2: a.m2 + b.m2 + (delta * delta * a.count * b.count) / count,
  };
}

function answerers(cell: Cell): number {
  for (const stats of Object.values(cell.sources)) return stats.count;
  return 0;
}

function notChosen(answerers: number): ValueStats {
  return answerers === 0 ? emptyValueStats : { count: answerers, mean: 0, m2: 0 };
}

/**
 * A cell's key, which also sorts cells in the reference order: the separator sorts below
 * every character of a code or key, and a null school below every school.
 */
export function cellKey(cell: Pick<Cell, "group" | "school" | "channel" | "day">): string {
  const school = cell.school === null ? "" : `\u0001${cell.school}`;
  return `${cell.group}\u0000${school}\u0000${cell.channel}\u0000${cell.day}`;
}

/** Cells in the reference order (a new array). */
export function sortCells(cells: readonly Cell[]): Cell[] {
  const keyed = cells.map((cell) => ({ key: cellKey(cell), cell }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return keyed.map(({ cell }) => cell);
}
