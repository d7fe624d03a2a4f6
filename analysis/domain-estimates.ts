/**
 * Weighted means (proportions are means of 0/1) and their linearisation variance under the
 * stratified design of R's survey package,
 *   svydesign(ids = ~1, strata = ~group, weights = ~w)
 *   svymean(~y, subset(design, domain == k), na.rm = TRUE)   (survey 4.1: svymean.survey.design2,
 *   svyrecvar → onestage → onestrat, `[.survey.design2`, degf.survey.design2)
 * with options(survey.lonely.psu = "adjust"). R is the referee; tests/analysis/r-comparison
 * checks this file against it on random data.
 *
 * For domain D (a subset of respondents and, within it, those with a value y_i; every other
 * respondent stays in the design with z_i = 0, as subsetting a survey.design2 keeps each
 * stratum's full sample size n_h):
 *   est  = Σ_D w_i y_i / W_D,                      W_D = Σ_D w_i
 *   z_i  = w_i (y_i − est) / W_D   (i ∈ D),  0 otherwise
 *   var  = Σ_h n_h / (n_h − 1) · Σ_(i∈h) (z_i − z̄_h)²,   z̄_h = Σ_(i∈h) z_i / n_h   (n_h ≥ 2)
 *        + Σ_(h: n_h = 1) z_i²          (lonely stratum, "adjust": deviation from est, uncentred)
 *   df   = rows of the subset − strata present in it          (R's degf on the subset design)
 * Without domains and missing values this reduces to (docs/intervals.md, Linearisation variance):
 *   SE² = Σ_g (W_g/B_g)² n_g/(n_g−1) Σ_(i∈g) [b_i (y_i − ȳ_g) + (b_i − B_g/n_g)(ȳ_g − est)]².
 * Two passes over the respondents; the second accumulates per (domain, stratum) cell with
 * Welford's update, so nothing cancels when a stratum's mean is far from the estimate.
 */
export interface SurveyDesign {
  /** Stratum (respondent group) index per respondent, 0 … strataCount − 1: everyone, valued or not. */
  readonly stratum: ArrayLike<number>;
  /** Weight per respondent (> 0); null gives every respondent weight 1 (unweighted figures). */
  readonly weight: ArrayLike<number> | null;
  readonly strataCount: number;
}

/** A partition of respondents into domains: index 0 … count − 1 per respondent, −1 for none. */
export interface Domains {
  readonly key: ArrayLike<number>;
  readonly count: number;
}

export interface DomainEstimate {
  /** Respondents in the domain with a value: the estimate's n. */
  readonly n: number;
  /** Respondents in the domain, with or without a value (R's nrow of the subset design). */
  readonly rows: number;
  /** Strata with at least one respondent in the domain. */
  readonly strata: number;
  /** Σ w over respondents with a value. */
  readonly sumWeights: number;
  /** Kish's (Σ w)² / Σ w² over respondents with a value. */
  readonly kishNEff: number;
  /** NaN when n = 0. */
  readonly estimate: number;
  readonly variance: number;
  readonly se: number;
  /** rows − strata */
  readonly df: number;
}

/** One estimate over every respondent (domain = the whole design). */
export function stratifiedEstimate(
  design: SurveyDesign,
  values: ArrayLike<number>,
): DomainEstimate {
  return domainEstimates(design, values, null)[0]!;
}

/** Estimates for every domain at once: two passes whatever the number of domains. */
export function domainEstimates(
  design: SurveyDesign,
  values: ArrayLike<number>,
  domains: Domains | null,
): DomainEstimate[] {
  const { stratum, weight, strataCount: h } = design;
  const size = stratum.length;
  if (values.length !== size || (weight !== null && weight.length !== size)) {
    throw new RangeError("design and values differ in length");
  }
  if (domains !== null && domains.key.length !== size) {
    throw new RangeError("domains and design differ in length");
  }
  const count = domains === null ? 1 : domains.count;
  const key = domains === null ? null : domains.key;
  const stratumSize = new Float64Array(h);
  const rows = new Float64Array(count * h);
  const valued = new Float64Array(count * h);
  const sumW = new Float64Array(count);
  const sumWY = new Float64Array(count);
  const sumWW = new Float64Array(count);

  for (let i = 0; i < size; i++) {
    const s = stratum[i]!;
    if (!(s >= 0 && s < h)) throw new RangeError(`respondent ${i}: stratum ${s} out of range`);
    stratumSize[s]! += 1;
    const k = key === null ? 0 : key[i]!;
    if (k < 0) continue;
    if (!(k < count)) throw new RangeError(`respondent ${i}: domain ${k} out of range`);
    const cell = k * h + s;
    rows[cell]! += 1;
    const y = values[i]!;
    if (Number.isNaN(y)) continue;
    const w = weight === null ? 1 : weight[i]!;
    if (!(w > 0 && w < Infinity) || !Number.isFinite(y)) {
      throw new RangeError(`respondent ${i}: weight ${w} or value ${y} is not usable`);
    }
    valued[cell]! += 1;
    sumW[k]! += w;
    sumWY[k]! += w * y;
    sumWW[k]! += w * w;
  }

  const estimate = new Float64Array(count);
  for (let k = 0; k < count; k++) estimate[k] = sumWY[k]! / sumW[k]!;

  // Second pass: u_i = w_i (y_i − est), running mean and sum of squared deviations per cell.
  const seen = new Float64Array(count * h);
  const mean = new Float64Array(count * h);
  const squares = new Float64Array(count * h);
  for (let i = 0; i < size; i++) {
    const k = key === null ? 0 : key[i]!;
    const y = values[i]!;
    if (k < 0 || Number.isNaN(y)) continue;
    const cell = k * h + stratum[i]!;
    const u = (weight === null ? 1 : weight[i]!) * (y - estimate[k]!);
    const c = (seen[cell]! += 1);
    const delta = u - mean[cell]!;
    mean[cell]! += delta / c;
    squares[cell]! += delta * (u - mean[cell]!);
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
 * Per (domain, stratum) accumulators, flattened as domain · strata + stratum: respondents
 * (`rows`), those with a value (`valued`), and the mean and centred sum of squares of their
 * linearised values u = w (y − est); per domain Σ w, Σ w² and the estimate. Shared by the
 * per-respondent path and the cell path (cell-estimates.ts), which differ only in how they fill it.
 */
export interface DomainAccumulators {
  readonly count: number;
  readonly strata: number;
  readonly stratumSize: Float64Array;
  readonly rows: Float64Array;
  readonly valued: Float64Array;
  readonly sumW: Float64Array;
  readonly sumWW: Float64Array;
  readonly estimate: Float64Array;
  readonly mean: Float64Array;
  readonly squares: Float64Array;
}

/** The variance of each domain's estimate from its accumulators (the formula at the top). */
export function domainResults(acc: DomainAccumulators): DomainEstimate[] {
  const { count, strata: h, stratumSize, rows, valued, sumW, sumWW, estimate, mean, squares } = acc;
  const results: DomainEstimate[] = [];
  for (let k = 0; k < count; k++) {
    let total = 0;
    let rowCount = 0;
    let strataPresent = 0;
    let valuedCount = 0;
    for (let s = 0; s < h; s++) {
      const cell = k * h + s;
      if (rows[cell]! > 0) strataPresent += 1;
      rowCount += rows[cell]!;
      const d = valued[cell]!;
      valuedCount += d;
      if (d === 0) continue;
      const nh = stratumSize[s]!;
      const m = mean[cell]!;
      if (nh === 1) {
        total += m * m; // lonely stratum, "adjust": not centred
        continue;
      }
      // Σ over the stratum's n_h rows (d valued, n_h − d zeros) of (u − ū)², ū = d·m / n_h.
      const centre = (d * m) / nh;
      const spread = squares[cell]! + d * (m - centre) ** 2 + (nh - d) * centre * centre;
      total += (nh / (nh - 1)) * spread;
    }
    const w = sumW[k]!;
    const variance = valuedCount === 0 ? Number.NaN : total / (w * w);
    results.push({
      n: valuedCount,
      rows: rowCount,
      strata: strataPresent,
      sumWeights: w,
      kishNEff: valuedCount === 0 ? 0 : (w * w) / sumWW[k]!,
      estimate: valuedCount === 0 ? Number.NaN : estimate[k]!,
      variance,
      se: Math.sqrt(variance),
      df: rowCount - strataPresent,
    });
  }
  return results;
}
