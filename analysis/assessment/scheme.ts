import { z } from "zod";
import type { Level } from "./school-data.ts";

/**
 * An assessment scheme as data (docs/assessment.md, The two schemes): which indicators get a
 * difference coefficient and how they are judged, the school basic standard, the split of
 * multi-level schools, exclusions, vetoes and thresholds. The built-in schemes are in schemes.ts;
 * provinces change them with `applySchemeOverrides`. Items are records keyed by id so an override
 * can reach one of them; their key order is the display order.
 */

/** Text for people, Chinese first (data, not code). */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

export type PerLevel<T> = Readonly<Record<Level, T>>;

/** An indicator whose difference coefficient is computed: x_i = resource_i / students_i · scale. */
export interface CoefficientIndicator {
  readonly label: Label;
  /** The key in `SchoolData.resources` (see `standardResources` in schemes.ts). */
  readonly resource: string;
  /** 100 for "per 100 students" indicators. */
  readonly scale: number;
  /** Facility indicators are split across the parts of multi-level schools; teacher ones are not. */
  readonly kind: "facility" | "teacher";
  readonly unit: string;
}

/** A school basic standard indicator: a per-student ratio or a value reported directly. */
export type StandardMeasure =
  | { readonly kind: "per_student"; readonly resource: string; readonly scale: number }
  | { readonly kind: "direct"; readonly resource: string };

export interface StandardIndicator {
  readonly label: Label;
  readonly measure: StandardMeasure;
  /** at_least: value ≥ threshold meets it (floor areas); at_most: value ≤ threshold (class size). */
  readonly comparison: "at_least" | "at_most";
  /** null: does not apply at that level. */
  readonly threshold: PerLevel<number | null>;
  /**
   * True while the figure is a stand-in that the province must set (docs/assessment.md,
   * Placeholders and configurable figures).
   */
  readonly placeholder: boolean;
}

/**
 * When a school fails its basic standard (is a veto):
 * - max_missed: more than `maxMissed` indicators missed (seed plan: 4 or more of 13 → maxMissed 3);
 * - min_met: fewer than `minMet` met ("≥ 7 of 9 met");
 * - min_met_with_floor: fewer than `minMet` met, or a missed one below `floorShare` of its
 *   threshold (2017: ≥ 6 of 7, the missed one ≥ 85 %).
 */
export type SchoolStandardRule =
  | { readonly kind: "max_missed"; readonly maxMissed: number }
  | { readonly kind: "min_met"; readonly minMet: number }
  | { readonly kind: "min_met_with_floor"; readonly minMet: number; readonly floorShare: number };

/**
 * Multi-level schools (docs/assessment.md, Multi-level schools): the `splitResources` are shared
 * out by weighted students, primary : junior : senior = 1 : 1.1 : 1.32, a complete middle school's
 * junior : senior = 1 : 1.2. Every other resource (teacher counts, direct values) must be reported
 * per part.
 */
export interface SplitRule {
  readonly weights: Readonly<{ primary: number; junior: number; senior: number }>;
  readonly completeMiddleWeights: Readonly<{ junior: number; senior: number }>;
  readonly splitResources: readonly string[];
}

/** How a veto item is decided: by hand with evidence, or from data the product computes. */
export type VetoEvaluation =
  "manual" | "satisfaction" | "disabled_enrolment" | "three_growths" | "school_standards";

export interface VetoItem {
  /** What must *not* happen (the veto fires when the item is not met). */
  readonly label: Label;
  /** Responsible departments from the seed plan's task list (区财政局, 区编办 …). */
  readonly departments: readonly string[];
  readonly evaluation: VetoEvaluation;
}

export interface GovernmentIndicator {
  readonly aspect: string;
  readonly label: Label;
  readonly maxPoints: number;
}

export interface Scheme {
  readonly id: string;
  readonly label: Label;
  readonly indicators: Readonly<Record<string, CoefficientIndicator>>;
  readonly balance: {
    /** composite_mean: the mean of all CVs vs the threshold (2012); each: every CV (2017). */
    readonly aggregation: "composite_mean" | "each";
    readonly threshold: PerLevel<number>;
    readonly borderlineMargin: number;
  };
  readonly exclusions: {
    /** Teaching points (教学点) with fewer students are left out; null keeps them. */
    readonly teachingPointMinStudents: number | null;
    readonly excludeSpecialEducation: boolean;
  };
  readonly split: SplitRule;
  readonly schoolStandard: {
    readonly rule: SchoolStandardRule;
    readonly indicators: Readonly<Record<string, StandardIndicator>>;
  };
  /** Proportion scale: 0.85. */
  readonly satisfactionThreshold: number;
  /** Proportion scale: 0.80 (2012-era tables) or 0.95 (2017). */
  readonly disabledEnrolmentThreshold: number;
  /** The county government's work score (2012: 17 indicators, 100 points, pass ≥ 85); null if none. */
  readonly governmentScore: {
    readonly passMark: number;
    readonly indicators: Readonly<Record<string, GovernmentIndicator>>;
  } | null;
  /** "三个增长": a veto when missed in more than `maxMissedYears` of the last `window` years. */
  readonly threeGrowths: { readonly window: number; readonly maxMissedYears: number };
  readonly vetoes: Readonly<Record<string, VetoItem>>;
}

const positive = z.number().positive().finite();
const share = z.number().gt(0).lte(1);
const label = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const perLevel = <T extends z.ZodType>(value: T) =>
  z.strictObject({ primary: value, junior: value });

const schemeSchema = z
  .strictObject({
    id: z.string().min(1),
    label,
    indicators: z.record(
      z.string(),
      z.strictObject({
        label,
        resource: z.string().min(1),
        scale: positive,
        kind: z.enum(["facility", "teacher"]),
        unit: z.string(),
      }),
    ),
    balance: z.strictObject({
      aggregation: z.enum(["composite_mean", "each"]),
      threshold: perLevel(positive),
      borderlineMargin: z.number().min(0).finite(),
    }),
    exclusions: z.strictObject({
      teachingPointMinStudents: z.number().int().min(0).nullable(),
      excludeSpecialEducation: z.boolean(),
    }),
    split: z.strictObject({
      weights: z.strictObject({ primary: positive, junior: positive, senior: positive }),
      completeMiddleWeights: z.strictObject({ junior: positive, senior: positive }),
      splitResources: z.array(z.string().min(1)),
    }),
    schoolStandard: z.strictObject({
      rule: z.discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("max_missed"), maxMissed: z.number().int().min(0) }),
        z.strictObject({ kind: z.literal("min_met"), minMet: z.number().int().min(0) }),
        z.strictObject({
          kind: z.literal("min_met_with_floor"),
          minMet: z.number().int().min(0),
          floorShare: share,
        }),
      ]),
      indicators: z.record(
        z.string(),
        z.strictObject({
          label,
          measure: z.discriminatedUnion("kind", [
            z.strictObject({
              kind: z.literal("per_student"),
              resource: z.string().min(1),
              scale: positive,
            }),
            z.strictObject({ kind: z.literal("direct"), resource: z.string().min(1) }),
          ]),
          comparison: z.enum(["at_least", "at_most"]),
          threshold: perLevel(z.number().min(0).finite().nullable()),
          placeholder: z.boolean(),
        }),
      ),
    }),
    satisfactionThreshold: share,
    disabledEnrolmentThreshold: share,
    governmentScore: z
      .strictObject({
        passMark: positive,
        indicators: z.record(
          z.string(),
          z.strictObject({ aspect: z.string().min(1), label, maxPoints: positive }),
        ),
      })
      .refine(
        (g) => Math.abs(sumOf(Object.values(g.indicators).map((i) => i.maxPoints)) - 100) < 1e-9,
        { message: "government score indicators must sum to 100 points" },
      )
      .nullable()
      .default(null),
    threeGrowths: z.strictObject({
      window: z.number().int().positive(),
      maxMissedYears: z.number().int().min(0),
    }),
    vetoes: z.record(
      z.string(),
      z.strictObject({
        label,
        departments: z.array(z.string().min(1)),
        evaluation: z.enum([
          "manual",
          "satisfaction",
          "disabled_enrolment",
          "three_growths",
          "school_standards",
        ]),
      }),
    ),
  })
  .refine((s) => Object.keys(s.indicators).length > 0, { message: "a scheme needs indicators" });

// Keeps the interfaces above and the schema in step: this fails to compile when they drift.
const checkedSchema: z.ZodType<Scheme> = schemeSchema;

export type SchemeIssue = { readonly path: string; readonly message: string };
export type SchemeResult =
  | { readonly ok: true; readonly scheme: Scheme }
  | { readonly ok: false; readonly issues: readonly SchemeIssue[] };

/** Checks a whole scheme (e.g. one stored as JSON). */
export function parseScheme(value: unknown): SchemeResult {
  const parsed = checkedSchema.safeParse(value);
  if (parsed.success) return { ok: true, scheme: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  };
}

/**
 * A province's changes on top of a scheme: a plain deep merge, then the whole result is checked.
 * Objects merge key by key; arrays and numbers replace; `null` removes an item that is an object
 * (an indicator, a veto, the government score) and otherwise sets the value to null (a threshold
 * that does not apply at a level); an object with a different `kind` (a rule, a measure)
 * replaces the old one whole. Example: `{ schoolStandard: { indicators: { class_size:
 * { threshold: { primary: 45 } } } } }`.
 */
export function applySchemeOverrides(base: Scheme, overrides: unknown): SchemeResult {
  if (!isPlainObject(overrides)) {
    return { ok: false, issues: [{ path: "", message: "overrides must be an object" }] };
  }
  return parseScheme(deepMerge(base, overrides));
}

function deepMerge(base: unknown, patch: Readonly<Record<string, unknown>>): unknown {
  const merged: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(patch)) {
    const current = Object.hasOwn(merged, key) ? merged[key] : undefined;
    if (value === null && isPlainObject(current)) delete merged[key];
    else {
      const next =
        isPlainObject(value) && !changesKind(current, value) ? deepMerge(current, value) : value;
      // defineProperty: a "__proto__" key from JSON stays a plain (and rejected) key.
      Object.defineProperty(merged, key, {
        value: next,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return merged;
}

/** A rule or measure of another kind replaces the old one instead of mixing their fields. */
function changesKind(current: unknown, value: Readonly<Record<string, unknown>>): boolean {
  return isPlainObject(current) && "kind" in value && value.kind !== current.kind;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sumOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
