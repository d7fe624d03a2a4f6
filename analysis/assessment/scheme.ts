import { z } from "zod";
import type { CheckedItem } from "./checked-items.ts";
import type { SchemeExclusions } from "./exclusions.ts";
import type { Level } from "./school-data.ts";

/**
 * An assessment scheme as data (docs/assessment.md, The two schemes): which indicators get a
 * difference coefficient and how they are judged, the school basic standard, the split of
 * multi-level schools, exclusions, vetoes, the items decided by entries and figures, and
 * thresholds. The built-in schemes are in schemes.ts; provinces change them with
 * `applySchemeOverrides` (scheme-overrides.ts). Items are records keyed by id so an override
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
  /**
   * What must *not* happen, worded so that "存在 / 不存在" reads right after it: the veto fires
   * when the item is not met.
   */
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
  /** Schools left out of the coefficients (exclusions.ts). */
  readonly exclusions: SchemeExclusions;
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
  /**
   * "三个增长": a veto when missed in more than `maxMissedYears` of the last `window` years; null
   * when the scheme does not ask for it (2017: no source makes it a condition).
   */
  readonly threeGrowths: { readonly window: number; readonly maxMissedYears: number } | null;
  readonly vetoes: Readonly<Record<string, VetoItem>>;
  /** Conditions for applying at all (2017: basic recognition three years ago …). */
  readonly applicationConditions: Readonly<Record<string, CheckedItem>>;
  /** Education quality (2017: nine items). */
  readonly qualityItems: Readonly<Record<string, CheckedItem>>;
  /** Government guarantee (2017: fifteen items). */
  readonly guaranteeItems: Readonly<Record<string, CheckedItem>>;
}

/** The three lists of checked items, in the order readiness shows them. */
export const checkedItemLists = [
  "applicationConditions",
  "guaranteeItems",
  "qualityItems",
] as const;
export type CheckedItemList = (typeof checkedItemLists)[number];

const positive = z.number().positive().finite();
const share = z.number().gt(0).lte(1);
const label = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const perLevel = <T extends z.ZodType>(value: T) =>
  z.strictObject({ primary: value, junior: value });
const basis = z.enum(["sourced", "unconfirmed", "province"]);
const itemId = z.string().regex(/^[a-z0-9_]{1,64}$/, "ids are a–z, 0–9 and _ (at most 64)");

const checkedItem = z.strictObject({
  label,
  departments: z.array(z.string().min(1)),
  basis,
  check: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("manual") }),
    z.strictObject({
      kind: z.literal("figures"),
      figures: z.record(
        itemId,
        z.strictObject({
          label,
          unit: z.enum(["share", "level", "number"]),
          comparison: z.enum(["at_least", "at_most", "below"]),
          threshold: z.number().min(0).finite(),
          basis: basis.optional(),
        }),
      ),
    }),
    z.strictObject({
      kind: z.literal("school_share"),
      numerator: z.string().min(1),
      denominator: z.string().min(1),
      atLeast: share,
    }),
    z.strictObject({ kind: z.literal("disabled_enrolment") }),
  ]),
});
const checkedItems = z.record(itemId, checkedItem).default({});

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
      excludeAllTeachingPoints: z.boolean().default(false),
      excludeSpecialEducation: z.boolean(),
      excludeVocational: z.boolean().default(false),
      excludePrivate: z.boolean().default(false),
      excludeNonCounty: z.boolean().default(false),
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
    threeGrowths: z
      .strictObject({
        window: z.number().int().positive(),
        maxMissedYears: z.number().int().min(0),
      })
      .nullable()
      .default(null),
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
    applicationConditions: checkedItems,
    qualityItems: checkedItems,
    guaranteeItems: checkedItems,
  })
  .refine((s) => Object.keys(s.indicators).length > 0, { message: "a scheme needs indicators" })
  .refine(
    (s) => {
      // Entries are stored per item id, so one id names one item across the lists.
      const ids = [s.vetoes, s.applicationConditions, s.qualityItems, s.guaranteeItems].flatMap(
        (list) => Object.keys(list),
      );
      return new Set(ids).size === ids.length;
    },
    { message: "an item id is used in two lists (vetoes, conditions, quality, guarantee)" },
  );

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

function sumOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
