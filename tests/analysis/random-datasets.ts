import { seededRandom as random } from "../../api/demo/random.ts";
/**
 * Seeded random survey datasets for the R comparison (tests/analysis/r-comparison.test.ts):
 * varied group sizes including groups of one, weights varying within groups (log-normal, or
 * post-stratified to random school shares with group weights through designWeights),
 * respondents without a value, and domains from empty to large.
 */
import { designWeights, enrolmentShares } from "../../analysis/reference/design-weights.ts";

export interface DatasetSpec {
  readonly name: string;
  readonly seed: number;
  readonly groupSizes: readonly number[];
  /** Probability of a favourable answer, per group. */
  readonly p: readonly number[];
  /** Share of respondents without a value. */
  readonly missing: number;
  readonly weights: "lognormal" | "designed";
  /** Log-normal σ of the weights. */
  readonly spread: number;
  /** Number of domain values (schools, days …); about 8 % of respondents are in none. */
  readonly domains: number;
}

export interface Dataset {
  readonly group: Int32Array;
  readonly weight: Float64Array;
  /** 0/1 or NaN */
  readonly y: Float64Array;
  /** 0, 60, 80, 100 or NaN */
  readonly score: Float64Array;
  readonly domain: Int32Array;
  readonly strataCount: number;
}

export const specs: readonly DatasetSpec[] = [
  {
    name: "five groups incl. a lonely one, log-normal weights",
    seed: 1,
    groupSizes: [1, 2, 5, 40, 300],
    p: [0.9, 0.5, 0.8, 0.85, 0.88],
    missing: 0.1,
    weights: "lognormal",
    spread: 0.5,
    domains: 8,
  },
  {
    name: "post-stratified parents and teachers, group weights",
    seed: 2,
    groupSizes: [400, 60, 1, 25],
    p: [0.87, 0.8, 1, 0.7],
    missing: 0.05,
    weights: "designed",
    spread: 0,
    domains: 12,
  },
  {
    name: "one stratum",
    seed: 3,
    groupSizes: [120],
    p: [0.82],
    missing: 0.02,
    weights: "lognormal",
    spread: 0.8,
    domains: 3,
  },
  {
    name: "large, near-unanimous, heavy weights",
    seed: 4,
    groupSizes: [2000, 500, 300, 1],
    p: [0.97, 0.99, 0.95, 0],
    missing: 0.2,
    weights: "lognormal",
    spread: 1.2,
    domains: 25,
  },
  {
    name: "tiny groups, many lonely",
    seed: 5,
    groupSizes: [3, 1, 2, 1, 4],
    p: [0.6, 1, 0.5, 0, 0.75],
    missing: 0.15,
    weights: "lognormal",
    spread: 0.4,
    domains: 4,
  },
  {
    name: "even split, thirty days",
    seed: 6,
    groupSizes: [700, 150, 150],
    p: [0.5, 0.45, 0.55],
    missing: 0.1,
    weights: "designed",
    spread: 0,
    domains: 30,
  },
];

export function generateDataset(spec: DatasetSpec): Dataset {
  const next = random(spec.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const n = spec.groupSizes.reduce((a, b) => a + b, 0);
  const group = new Int32Array(n);
  const domain = new Int32Array(n);
  const school = new Int32Array(n);
  const y = new Float64Array(n);
  const score = new Float64Array(n);
  let i = 0;
  spec.groupSizes.forEach((size, g) => {
    for (let j = 0; j < size; j++, i++) {
      group[i] = g;
      // Skewed domain sizes: low indices are common, high ones rare or empty.
      school[i] = Math.floor(spec.domains * next() ** 2);
      domain[i] = next() < 0.08 ? -1 : school[i]!;
      const favourable = next() < spec.p[g]!;
      y[i] = next() < spec.missing ? Number.NaN : favourable ? 1 : 0;
      const u = next();
      const s = favourable ? (u < 0.5 ? 100 : u < 0.8 ? 80 : 60) : 0;
      score[i] = next() < spec.missing ? Number.NaN : s;
    }
  });
  const weight =
    spec.weights === "lognormal"
      ? Float64Array.from(group, () => Math.exp(spec.spread * normal()))
      : designed(spec, group, school, next);
  return { group, weight, y, score, domain, strataCount: spec.groupSizes.length };
}

function designed(
  spec: DatasetSpec,
  group: Int32Array,
  school: Int32Array,
  next: () => number,
): Float64Array {
  const groups = spec.groupSizes.map((_, g) => `g${g}`);
  const enrolment = Array.from({ length: spec.domains }, () => 50 + Math.floor(2000 * next()));
  const shares = Array.from({ length: spec.domains }, () => next());
  const total = shares.reduce((a, b) => a + b, 0);
  return designWeights({
    group,
    school,
    groups,
    schoolShares: { g0: enrolmentShares(enrolment), g1: shares.map((s) => s / total) },
    poststratify: true,
    groupWeights: Object.fromEntries(groups.map((key) => [key, 0.5 + next()])),
  }).weight;
}

/**
 * More specs drawn at random from `seed`: 1–7 groups of 1–800 respondents, any mix of
 * probabilities (including 0 and 1), missing shares up to 40 %, either kind of weights.
 * The comparison runs a few by default; R_COMPARISON_EXTRA=200 R_COMPARISON_SEED=… runs more.
 */
export function randomSpecs(count: number, seed: number): DatasetSpec[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  return Array.from({ length: count }, (_, k) => {
    const groups = 1 + Math.floor(next() * 7);
    const groupSizes = Array.from({ length: groups }, () =>
      pick([1, 1, 2, 3, 10, 30, 100, 400, 800]),
    );
    if (groupSizes.length === 1 && groupSizes[0] === 1) groupSizes.push(2); // R needs 2 PSUs
    return {
      name: `random ${seed}/${k}`,
      seed: seed * 1000 + k,
      groupSizes,
      p: groupSizes.map(() => pick([0, 0.3, 0.5, 0.8, 0.85, 0.9, 0.97, 1, next()])),
      missing: pick([0, 0.05, 0.2, 0.4]),
      weights: next() < 0.5 ? "lognormal" : "designed",
      spread: pick([0, 0.3, 1, 1.5]),
      domains: pick([1, 2, 5, 20]),
    };
  });
}
