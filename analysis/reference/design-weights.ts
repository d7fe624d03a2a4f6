/**
 * Respondent weights (docs/weighting.md; who answers: docs/satisfaction.md, Who is surveyed).
 * Respondent groups g are strata. Within a group with known school shares (parents: the school's
 * share of enrolment among the campaign's schools), respondents are post-stratified to those
 * shares:
 *
 *   b_i = share'_s · n_g / n_(g,s),   share'_s = share_s / Σ_(s' with respondents) share_s'
 *
 * and b_i = 1 in other groups (or everywhere when post-stratification is off). Renormalising
 * the shares over the schools that have respondents keeps Σ_(i∈g) b_i = n_g when a school has
 * no respondent yet; with every school answered it is b_i = share_s · n_g / n_(g,s).
 * Schools left out that way are reported in `emptySchools`.
 *
 * With group weights W_g (normalised over the groups present, W'_g = W_g / Σ W):
 *   w_i = b_i · W'_g · n / B_g,   B_g = Σ_(i∈g) b_i
 * so that group g carries the share W'_g of the total weight n; without them w_i = b_i.
 * Weights are relative (they sum to n), which is all the ratio estimators need.
 * Reference for the tests only: cell-estimates.ts `cellDesign` gives cells the same weights.
 */
export interface WeightingInput {
  /** Respondent group index per respondent, 0 … groups.length − 1. */
  readonly group: ArrayLike<number>;
  /** Group keys by index (`parent`, `teacher`, …), to look up shares and group weights. */
  readonly groups: readonly string[];
  /** School index per respondent, −1 for none. */
  readonly school: ArrayLike<number>;
  /** Known school shares by group key, indexed by school index (see enrolmentShares). */
  readonly schoolShares: Readonly<Record<string, ArrayLike<number>>>;
  readonly poststratify: boolean;
  readonly groupWeights: Readonly<Record<string, number>> | null;
}

export interface GroupWeighting {
  readonly key: string;
  readonly respondents: number;
  /** The normalised group weight W'_g, or null without group weights. */
  readonly groupWeight: number | null;
  readonly poststratified: boolean;
  /** Schools with a positive share and no respondent of this group. */
  readonly emptySchools: readonly number[];
}

export interface DesignWeights {
  /** b_i */
  readonly base: Float64Array;
  /** w_i, the weight the estimates use */
  readonly weight: Float64Array;
  readonly groups: readonly GroupWeighting[];
}

/** share_s = enrolment_s / Σ enrolment, over the campaign's schools. */
export function enrolmentShares(enrolment: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let s = 0; s < enrolment.length; s++) {
    const e = enrolment[s]!;
    if (!(e >= 0 && Number.isFinite(e))) throw new RangeError(`enrolment of school ${s}: ${e}`);
    total += e;
  }
  if (!(total > 0)) throw new RangeError("total enrolment must be positive");
  const shares = new Float64Array(enrolment.length);
  for (let s = 0; s < enrolment.length; s++) shares[s] = enrolment[s]! / total;
  return shares;
}

export function designWeights(input: WeightingInput): DesignWeights {
  const { group, school, groups } = input;
  const n = group.length;
  if (school.length !== n) throw new RangeError("group and school arrays differ in length");
  const shares = groups.map((key) => (input.poststratify ? input.schoolShares[key] : undefined));
  const counts = new Float64Array(groups.length);
  const cells = shares.map((s) => (s === undefined ? null : new Float64Array(s.length)));
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (!(g >= 0 && g < groups.length && Number.isInteger(g))) {
      throw new RangeError(`respondent ${i}: group index ${g} out of range`);
    }
    counts[g]! += 1;
    const cell = cells[g];
    if (!cell) continue;
    const s = school[i]!;
    const share = shares[g]![s];
    if (share === undefined || !(share > 0)) {
      throw new RangeError(`respondent ${i} of group "${groups[g]}" has no school share`);
    }
    cell[s]! += 1;
  }
  // b for each (group, school) cell, and the empty schools.
  const cellBase = cells.map((cell, g) => {
    if (!cell) return null;
    const share = shares[g]!;
    let covered = 0;
    for (let s = 0; s < cell.length; s++) if (cell[s]! > 0) covered += share[s]!;
    const base = new Float64Array(cell.length);
    for (let s = 0; s < cell.length; s++) {
      if (cell[s]! > 0) base[s] = ((share[s]! / covered) * counts[g]!) / cell[s]!;
    }
    return base;
  });
  const base = new Float64Array(n);
  const baseTotals = new Float64Array(groups.length);
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    const b = cellBase[g]?.[school[i]!] ?? 1;
    base[i] = b;
    baseTotals[g]! += b;
  }
  const normalised = normalisedGroupWeights(groups, counts, input.groupWeights);
  const weight = normalised === null ? base : new Float64Array(n);
  if (normalised !== null) {
    const factor = groups.map((_, g) => (normalised[g]! * n) / baseTotals[g]!);
    for (let i = 0; i < n; i++) weight[i] = base[i]! * factor[group[i]!]!;
  }
  return {
    base,
    weight,
    groups: groups.map((key, g) => ({
      key,
      respondents: counts[g]!,
      groupWeight: normalised === null ? null : normalised[g]!,
      poststratified: cells[g] !== null,
      emptySchools: emptySchoolsOf(shares[g], cells[g] ?? null),
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
    const w = groupWeights[key];
    if (w === undefined || !(w > 0)) throw new RangeError(`group "${key}" has no group weight`);
    normalised[g] = w;
    total += w;
  });
  for (let g = 0; g < groups.length; g++) normalised[g]! /= total;
  return normalised;
}

function emptySchoolsOf(share: ArrayLike<number> | undefined, cell: Float64Array | null): number[] {
  if (!share || !cell) return [];
  const empty: number[] = [];
  for (let s = 0; s < cell.length; s++) if (share[s]! > 0 && cell[s] === 0) empty.push(s);
  return empty;
}
