/**
 * The answer scale of a campaign's satisfaction items (docs/satisfaction.md, Answer scales):
 * three, four or five points, each with or without 不了解. The machine values never change
 * with the scale, so answers under different scales (and versions) add up by value.
 */
export type ScalePoints = 3 | 4 | 5;

export interface SatisfactionScale {
  readonly points: ScalePoints;
  /** Whether 不了解 (`unknown`) is offered after the points. */
  readonly dontKnow: boolean;
}

export const scalePoints: readonly ScalePoints[] = [3, 4, 5];

/** Every option value a scale can offer, in the order a scale lists them. */
export const scaleOptionValues = [
  "satisfied",
  "fairly_satisfied",
  "basically_satisfied",
  "dissatisfied",
  "very_dissatisfied",
  "unknown",
] as const;
export type ScaleOptionValue = (typeof scaleOptionValues)[number];

const pointValues: Readonly<Record<ScalePoints, readonly ScaleOptionValue[]>> = {
  // The 2012 A卷: 满意 / 基本满意 / 不满意.
  3: ["satisfied", "basically_satisfied", "dissatisfied"],
  // Some provinces add 比较满意.
  4: ["satisfied", "fairly_satisfied", "basically_satisfied", "dissatisfied"],
  // Five points: 很不满意 below 不满意.
  5: ["satisfied", "fairly_satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied"],
};

/** The favourable options: 满意, 比较满意 and 基本满意, where the scale has them. */
const favourableValues: readonly ScaleOptionValue[] = [
  "satisfied",
  "fairly_satisfied",
  "basically_satisfied",
];

/** The option values a scale offers, in order (不了解 last). */
export function scaleValues(scale: SatisfactionScale): ScaleOptionValue[] {
  return [...pointValues[scale.points], ...(scale.dontKnow ? (["unknown"] as const) : [])];
}

/** The scale whose options are exactly `values` in this order, or null for none. */
export function scaleOfValues(values: readonly unknown[]): SatisfactionScale | null {
  for (const points of scalePoints) {
    for (const dontKnow of [false, true]) {
      const scale = { points, dontKnow };
      const expected = scaleValues(scale);
      if (expected.length === values.length && expected.every((v, i) => v === values[i])) {
        return scale;
      }
    }
  }
  return null;
}

/**
 * The analysis's default favourable and excluded options under a scale: favourable are
 * 满意 + 比较满意 + 基本满意 of those offered; 不了解 is excluded (left out like a blank) when
 * offered, and nothing otherwise.
 */
export function scaleAnalysisDefaults(scale: SatisfactionScale): {
  favourable: ScaleOptionValue[];
  excluded: ScaleOptionValue[];
} {
  const offered = scaleValues(scale);
  return {
    favourable: favourableValues.filter((v) => offered.includes(v)),
    excluded: scale.dontKnow ? ["unknown"] : [],
  };
}
