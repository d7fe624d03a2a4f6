import type { CellDesign, CellValues } from "./cell-estimates.ts";
import type { Cell, ValueStats } from "./cells.ts";

/**
 * Cells merged to coarser keys as typed arrays, so that a report over hundreds of thousands
 * of cells reads each cell once and estimates on a few thousand rows.
 *
 * Why merging is exact: the design weight depends only on (group, school) (cell-estimates.ts),
 * and the estimates need, per (domain, stratum), only sums of w·d, w·d·ȳ and the merged spread.
 * So cells that agree on (group, school) and on the breakdown's key (day, channel, or nothing)
 * merge into one row with Chan et al.'s pairwise update (1979):
 *   d = d_a + d_b,   ȳ = ȳ_a + (ȳ_b − ȳ_a) d_b / d,   m2 = m2_a + m2_b + (ȳ_b − ȳ_a)² d_a d_b / d
 * and every estimate, variance and df from the merged rows equals the one from the cells.
 */
export interface CellTable {
  readonly size: number;
  /** Group (stratum) index per row. */
  readonly group: Int32Array;
  /** School index per row (the caller's numbering; one index stands for "no school"). */
  readonly school: Int32Array;
  /** The row's breakdown key (day or channel index), 0 without one. */
  readonly key: Int32Array;
  readonly rows: Float64Array;
  /**
   * Values per row, side by side: value v of row r sits at r · valueCount + v (a cell's
   * values share cache lines while merging; tableValues gathers one value).
   */
  readonly valueCount: number;
  readonly count: Float64Array;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
}

/** Stores a value's statistics for the cell being read; undefined is no value. */
export type PutValue = (value: number, stats: ValueStats | undefined) => void;

export interface TableSpec {
  /** Breakdown key per cell (indices below `keys`), or null to merge by (group, school) only. */
  readonly key: Int32Array | null;
  readonly keys: number;
  /** The table keeps values 0 … valueCount − 1 (a breakdown by day needs no item values). */
  readonly valueCount: number;
}

/**
 * Cells merged straight into one table per spec: a row per (group, school, key) present, in
 * order of first appearance. `read` puts each value of a cell; each cell is read once.
 * Group and school indices lie below `groups` and `schools`.
 */
export function mergeCells(
  cells: readonly Cell[],
  index: {
    readonly group: Int32Array;
    readonly school: Int32Array;
    readonly groups: number;
    readonly schools: number;
  },
  specs: readonly TableSpec[],
  read: (cell: Cell, put: PutValue) => void,
): CellTable[] {
  const slots = specs.map((spec) => slotsOf(index, spec));
  const tables = specs.map((spec, t) => emptyTable(index, spec, slots[t]!));
  // A cell's values land in a small buffer first, then merge table by table in tight loops.
  const valueCount = Math.max(0, ...specs.map((spec) => spec.valueCount));
  const count = new Float64Array(valueCount);
  const mean = new Float64Array(valueCount);
  const m2 = new Float64Array(valueCount);
  let c = 0;
  let cellRows = 0;
  const put: PutValue = (v, stats) => {
    if (stats === undefined || stats.count === 0 || !(v >= 0 && v < valueCount)) return;
    const { count: d, mean: y, m2: spread } = stats;
    if (!(d > 0 && d <= cellRows && Number.isFinite(y) && Number.isFinite(spread))) {
      throw new RangeError(`cell ${c}: statistics ${JSON.stringify(stats)} are not usable`);
    }
    count[v] = d;
    mean[v] = y;
    m2[v] = spread > 0 ? spread : 0;
  };
  for (; c < cells.length; c++) {
    const cell = cells[c]!;
    cellRows = cell.rows;
    if (!(cellRows >= 0 && Number.isInteger(cellRows))) {
      throw new RangeError(`cell ${c}: rows ${cellRows}`);
    }
    count.fill(0);
    read(cell, put);
    for (let t = 0; t < tables.length; t++) {
      const table = tables[t]!;
      const row = slots[t]!.slot[c]!;
      table.rows[row]! += cellRows;
      const base = row * table.valueCount;
      for (let v = 0; v < table.valueCount; v++) {
        const d = count[v]!;
        if (d > 0) merge(table, base + v, d, mean[v]!, m2[v]!);
      }
    }
  }
  return tables;
}

/** Value v of every row, gathered into the arrays cell-estimates.ts reads. */
export function tableValues(table: CellTable, v: number): CellValues {
  const { size, valueCount } = table;
  if (!(v >= 0 && v < valueCount)) throw new RangeError(`value ${v} is not in the table`);
  const count = new Float64Array(size);
  const mean = new Float64Array(size);
  const m2 = new Float64Array(size);
  for (let r = 0, at = v; r < size; r++, at += valueCount) {
    count[r] = table.count[at]!;
    mean[r] = table.mean[at]!;
    m2[r] = table.m2[at]!;
  }
  return { count, mean, m2 };
}

/** The design of a table: strata are groups, the weight is looked up per (group, school). */
export function tableDesign(
  table: CellTable,
  strataCount: number,
  weightOf: ((group: number, school: number) => number) | null,
): CellDesign {
  let weight: Float64Array | null = null;
  if (weightOf !== null) {
    weight = new Float64Array(table.size);
    for (let r = 0; r < table.size; r++) weight[r] = weightOf(table.group[r]!, table.school[r]!);
  }
  return { stratum: table.group, rows: table.rows, weight, strataCount };
}

interface Slots {
  /** Table row per cell. */
  readonly slot: Int32Array;
  /** A cell of each table row. */
  readonly first: Int32Array;
}

function slotsOf(
  index: { group: Int32Array; school: Int32Array; groups: number; schools: number },
  spec: TableSpec,
): Slots {
  const { group, school } = index;
  const { key, keys } = spec;
  const lookup = new Int32Array(index.groups * index.schools * keys).fill(-1);
  const slot = new Int32Array(group.length);
  const first: number[] = [];
  for (let c = 0; c < group.length; c++) {
    const at = (group[c]! * index.schools + school[c]!) * keys + (key === null ? 0 : key[c]!);
    if (lookup[at] === -1) {
      lookup[at] = first.length;
      first.push(c);
    }
    slot[c] = lookup[at]!;
  }
  return { slot, first: Int32Array.from(first) };
}

function emptyTable(
  index: { group: Int32Array; school: Int32Array },
  spec: TableSpec,
  { first }: Slots,
): CellTable {
  const size = first.length;
  const group = new Int32Array(size);
  const school = new Int32Array(size);
  const key = new Int32Array(size);
  for (let r = 0; r < size; r++) {
    const c = first[r]!;
    group[r] = index.group[c]!;
    school[r] = index.school[c]!;
    key[r] = spec.key === null ? 0 : spec.key[c]!;
  }
  const values = spec.valueCount * size;
  return {
    size,
    group,
    school,
    key,
    rows: new Float64Array(size),
    valueCount: spec.valueCount,
    count: new Float64Array(values),
    mean: new Float64Array(values),
    m2: new Float64Array(values),
  };
}

/** Chan et al.'s update of the statistics at `at` with d values of mean y and spread m2. */
function merge(table: CellTable, at: number, d: number, y: number, m2: number): void {
  const before = table.count[at]!;
  const after = before + d;
  const delta = y - table.mean[at]!;
  table.count[at] = after;
  table.mean[at]! += (delta * d) / after;
  table.m2[at]! += m2 + (delta * delta * before * d) / after;
}
