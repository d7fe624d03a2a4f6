import type { Cell, ValueStats } from "./cells.ts";
import { type DomainEstimate, type Domains, domainResults } from "./domain-estimates.ts";
import type { WeightAudit } from "./weight-audit.ts";

/**
 * The estimates of domain-estimates.ts computed from cells (cells.ts) instead of respondents:
 * the same DomainEstimate, equal to it up to rounding (tests/analysis/cell-estimates.test.ts
 * checks 1e-10 relative), so R's survey package stays the referee.
 *
 * The design weight is constant within a (group, school) pair, hence within a cell c with
 * weight w_c, count d_c of respondents with a value, their mean ȳ_c and m2_c = Σ_(i∈c) (y_i − ȳ_c)².
 * For domain D and stratum h (reference/design-weights.ts and domain-estimates.ts give the
 * formulas):
 *   est   = Σ_(c∈D) w_c d_c ȳ_c / Σ_(c∈D) w_c d_c
 *   u_i   = w_c (y_i − est): per cell, d_c values of mean w_c (ȳ_c − est) and spread w_c² m2_c
 * and the cells of (D, h) merge by Chan's pairwise update (the cell form of Welford's), so
 *   Σ_(i∈D∩h) (u_i − ū)² = Σ_c [w_c² m2_c + d_c (w_c (ȳ_c − est) − ū)²]
 * is found without cancellation; the stratum's rows n_h, the lonely-stratum rule and
 * df = rows − strata follow as in domain-estimates.ts. Two passes over the cells per call,
 * whatever the number of domains.
 */
export interface CellDesign {
  /** Stratum (group) index per cell, 0 … strataCount − 1. */
  readonly stratum: Int32Array;
  /** Respondents per cell, with or without a value. */
  readonly rows: Float64Array;
  /** Design weight per cell (> 0); null gives every respondent weight 1. */
  readonly weight: Float64Array | null;
  readonly strataCount: number;
}

/** One value's statistics per cell, as typed arrays (read once from the cells). */
export interface CellValues {
  readonly count: Float64Array;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
}

/** Reads one value's statistics out of every cell; a missing entry counts as no value. */
export function cellValues(
  cells: readonly Cell[],
  pick: (cell: Cell, index: number) => ValueStats | undefined,
): CellValues {
  const count = new Float64Array(cells.length);
  const mean = new Float64Array(cells.length);
  const m2 = new Float64Array(cells.length);
  for (let c = 0; c < cells.length; c++) {
    const stats = pick(cells[c]!, c);
    if (stats === undefined || stats.count === 0) continue;
    if (!(stats.count > 0 && stats.count <= cells[c]!.rows && Number.isFinite(stats.mean))) {
      throw new RangeError(`cell ${c}: statistics ${JSON.stringify(stats)} are not usable`);
    }
    count[c] = stats.count;
    mean[c] = stats.mean;
    m2[c] = Math.max(0, stats.m2);
  }
  return { count, mean, m2 };
}

/**
 * A partition of cells by a key (null: in no domain): the `known` keys first, in their order
 * (domains that may be empty, e.g. schools without respondents), then other keys in order of
 * first appearance.
 */
export function cellPartition<T>(
  cells: readonly T[],
  keyOf: (cell: T) => string | null,
  known: readonly string[] = [],
): Domains & { readonly labels: readonly string[] } {
  const index = new Map<string, number>();
  for (const k of known) if (!index.has(k)) index.set(k, index.size);
  const key = new Int32Array(cells.length);
  for (let c = 0; c < cells.length; c++) {
    const k = keyOf(cells[c]!);
    if (k === null) {
      key[c] = -1;
      continue;
    }
    let i = index.get(k);
    if (i === undefined) index.set(k, (i = index.size));
    key[c] = i;
  }
  return { key, count: index.size, labels: [...index.keys()] };
}

export function cellEstimates(
  design: CellDesign,
  values: CellValues,
  domains: Domains | null,
): DomainEstimate[] {
  const { stratum, rows: cellRows, weight, strataCount: h } = design;
  const size = stratum.length;
  const count = domains === null ? 1 : domains.count;
  const key = domains === null ? null : domains.key;
  if (values.count.length !== size || (key !== null && key.length !== size)) {
    throw new RangeError("cells, values and domains differ in length");
  }
  const stratumSize = new Float64Array(h);
  const rows = new Float64Array(count * h);
  const valued = new Float64Array(count * h);
  const sumW = new Float64Array(count);
  const sumWY = new Float64Array(count);
  const sumWW = new Float64Array(count);

  for (let c = 0; c < size; c++) {
    const s = stratum[c]!;
    if (!(s >= 0 && s < h)) throw new RangeError(`cell ${c}: stratum ${s} out of range`);
    stratumSize[s]! += cellRows[c]!;
    const k = key === null ? 0 : key[c]!;
    if (k < 0) continue;
    if (!(k < count)) throw new RangeError(`cell ${c}: domain ${k} out of range`);
    rows[k * h + s]! += cellRows[c]!;
    const d = values.count[c]!;
    if (d === 0) continue;
    const w = weight === null ? 1 : weight[c]!;
    if (!(w > 0 && w < Infinity)) throw new RangeError(`cell ${c}: weight ${w} is not usable`);
    valued[k * h + s]! += d;
    const wd = w * d;
    sumW[k]! += wd;
    sumWY[k]! += wd * values.mean[c]!;
    sumWW[k]! += w * wd;
  }

  const estimate = new Float64Array(count);
  for (let k = 0; k < count; k++) estimate[k] = sumWY[k]! / sumW[k]!;

  // Second pass: merge the cells' u statistics per (domain, stratum) (Chan et al. 1979).
  const seen = new Float64Array(count * h);
  const mean = new Float64Array(count * h);
  const squares = new Float64Array(count * h);
  for (let c = 0; c < size; c++) {
    const d = values.count[c]!;
    const k = key === null ? 0 : key[c]!;
    if (d === 0 || k < 0) continue;
    const cell = k * h + stratum[c]!;
    const w = weight === null ? 1 : weight[c]!;
    const u = w * (values.mean[c]! - estimate[k]!);
    const before = seen[cell]!;
    const after = (seen[cell] = before + d);
    const delta = u - mean[cell]!;
    mean[cell]! += (delta * d) / after;
    squares[cell]! += w * w * values.m2[c]! + (delta * delta * before * d) / after;
  }

  return domainResults({
    count,
    strata: h,
    stratumSize,
    rows,
    valued,
    sumW,
    sumWW,
    estimate,
    mean,
    squares,
  });
}

/**
 * weight-audit.ts over every respondent of the cells: min, max, ratio and Kish's
 * n_eff = (Σ w)² / Σ w², each cell's weight counted once per row.
 */
export function cellWeightAudit(design: CellDesign): WeightAudit {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let c = 0; c < design.rows.length; c++) {
    const r = design.rows[c]!;
    if (r === 0) continue;
    const w = design.weight === null ? 1 : design.weight[c]!;
    n += r;
    sum += w * r;
    sumSquares += w * w * r;
    if (w < min) min = w;
    if (w > max) max = w;
  }
  if (n === 0) return { n: 0, sum: 0, min: 0, max: 0, ratio: 1, kishNEff: 0, designEffect: 1 };
  const kishNEff = (sum * sum) / sumSquares;
  return { n, sum, min, max, ratio: max / min, kishNEff, designEffect: n / kishNEff };
}

/**
 * reference/design-weights.ts for cells: groups are strata; within a group with known school
 * shares (and `poststratify`), b_c = share'_s · n_g / n_(g,s) with the shares renormalised
 * over the schools that have respondents of the group; else b_c = 1. With group weights,
 * normalised over the groups present, w_c = b_c · W'_g · n / B_g; without them w_c = b_c.
 */
export interface CellWeightingInput {
  /** Known school shares by group key, then by school code (any positive scale). */
  readonly schoolShares: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly poststratify: boolean;
  readonly groupWeights: Readonly<Record<string, number>> | null;
}

export interface CellGroupWeighting {
  readonly key: string;
  readonly respondents: number;
  /** W'_g, or null without group weights. */
  readonly groupWeight: number | null;
  readonly poststratified: boolean;
  /** Codes of schools with a positive share and no respondent of the group. */
  readonly emptySchools: readonly string[];
}

export interface WeightedCellDesign extends CellDesign {
  /** Group key per stratum index. */
  readonly groups: readonly string[];
  /** b per cell */
  readonly base: Float64Array;
  /** w per cell */
  readonly weight: Float64Array;
  readonly weighting: readonly CellGroupWeighting[];
}

export function cellDesign(
  cells: readonly Pick<Cell, "group" | "school" | "rows">[],
  input: CellWeightingInput,
): WeightedCellDesign {
  const partition = cellPartition(cells, (cell) => cell.group);
  const groups = partition.labels;
  const stratum = Int32Array.from(partition.key);
  const rows = Float64Array.from(cells, (cell) => cell.rows);
  const counts = new Float64Array(groups.length);
  const schoolRows = groups.map(() => new Map<string, number>());
  for (let c = 0; c < cells.length; c++) {
    const r = rows[c]!;
    if (!(r >= 0 && Number.isInteger(r))) throw new RangeError(`cell ${c}: rows ${r}`);
    counts[stratum[c]!]! += r;
    const school = cells[c]!.school ?? "";
    const perSchool = schoolRows[stratum[c]!]!;
    perSchool.set(school, (perSchool.get(school) ?? 0) + r);
  }
  const shares = groups.map((key) => (input.poststratify ? input.schoolShares[key] : undefined));
  // b per (group, school)
  const schoolBase = groups.map((key, g) => {
    const share = shares[g];
    if (share === undefined) return null;
    let covered = 0;
    for (const [school, r] of schoolRows[g]!) {
      const s = Object.hasOwn(share, school) ? share[school]! : 0;
      if (r > 0 && !(s > 0 && Number.isFinite(s))) {
        throw new RangeError(`respondents of group "${key}" at school "${school}" have no share`);
      }
      if (r > 0) covered += s;
    }
    const base = new Map<string, number>();
    for (const [school, r] of schoolRows[g]!) {
      if (r > 0) base.set(school, ((share[school]! / covered) * counts[g]!) / r);
    }
    return base;
  });
  const base = new Float64Array(cells.length);
  const baseTotals = new Float64Array(groups.length);
  for (let c = 0; c < cells.length; c++) {
    const g = stratum[c]!;
    const b = schoolBase[g]?.get(cells[c]!.school ?? "") ?? 1;
    base[c] = b;
    baseTotals[g]! += b * rows[c]!;
  }
  const normalised = normalisedGroupWeights(groups, counts, input.groupWeights);
  let weight = base;
  if (normalised !== null) {
    const n = counts.reduce((a, b) => a + b, 0);
    const factor = groups.map((_, g) => (normalised[g]! * n) / baseTotals[g]!);
    weight = Float64Array.from(base, (b, c) => b * factor[stratum[c]!]!);
  }
  return {
    stratum,
    rows,
    weight,
    base,
    strataCount: groups.length,
    groups,
    weighting: groups.map((key, g) => ({
      key,
      respondents: counts[g]!,
      groupWeight: normalised === null ? null : normalised[g]!,
      poststratified: shares[g] !== undefined,
      emptySchools: Object.entries(shares[g] ?? {})
        .filter(([school, share]) => share > 0 && !((schoolRows[g]!.get(school) ?? 0) > 0))
        .map(([school]) => school),
    })),
  };
}

function normalisedGroupWeights(
  groups: readonly string[],
  counts: Float64Array,
  groupWeights: Readonly<Record<string, number>> | null,
): Float64Array | null {
  if (groupWeights === null) return null;
  const normalised = new Float64Array(groups.length);
  let total = 0;
  groups.forEach((key, g) => {
    if (counts[g] === 0) return;
    const w = Object.hasOwn(groupWeights, key) ? groupWeights[key] : undefined;
    if (w === undefined || !(w > 0)) throw new RangeError(`group "${key}" has no group weight`);
    normalised[g] = w;
    total += w;
  });
  for (let g = 0; g < groups.length; g++) normalised[g]! /= total;
  return normalised;
}
