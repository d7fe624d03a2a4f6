import { z } from "zod";

/**
 * The thresholds of the integrity flags, per campaign (docs/integrity.md, Flag rules). Every field
 * has a default, so a campaign without settings, or a PUT naming only some
 * fields, gets the rest. The defaults are tuned on the scenario tests
 * (tests/api/integrity/integrity-scenarios.test.ts): every attack flagged, under 2 % of
 * an organic evening flagged.
 */
const minutes = z
  .int()
  .min(1)
  .max(24 * 60);

export const integritySettingsSchema = z.strictObject({
  /** Too fast: duration under the floor AND under this fraction of its questionnaire's median. */
  tooFast: z
    .strictObject({
      floorSeconds: z.number().min(0).max(3600).default(30),
      medianFraction: z
        .number()
        .min(0)
        .max(1)
        .default(1 / 3),
    })
    .prefault({}),
  /**
   * Straight-lining: the same option on every satisfaction item, counted only on
   * grids of at least `minItems` items. The shipped grids (6 items social and
   * student, 9 staff) stay below the default: 满意 throughout is what a content
   * parent or teacher answers on a short grid, not a sign of carelessness.
   * Lower it for a campaign with long grids of mixed-direction items.
   */
  straightLining: z.strictObject({ minItems: z.int().min(2).max(200).default(10) }).prefault({}),
  /**
   * One device token completing more than this many times. Two, not one: a
   * parent of two children answers once for each on the same phone.
   */
  repeatDevice: z.strictObject({ maxPerDevice: z.int().min(1).max(1000).default(2) }).prefault({}),
  /**
   * Bursts within any `windowMinutes`: more than `ipMax` completions from one IP
   * hash (a school gate's crowd on one carrier NAT, a few hundred an hour, stays
   * under 60 per 10 minutes), or, on one link, more than the larger of
   * `channelMin` and `channelFactor` × the link's usual count per window (the
   * median over its non-empty windows).
   */
  burst: z
    .strictObject({
      windowMinutes: minutes.default(10),
      ipMax: z.int().min(1).max(1_000_000).default(60),
      channelMin: z.int().min(1).max(1_000_000).default(60),
      channelFactor: z.number().min(1).max(1000).default(4),
    })
    .prefault({}),
  /**
   * Identical answer sheets (every answer equal, including a comment of at least
   * `minCommentChars` characters), at least `minSize` of them within
   * `windowMinutes`: answers handed out to copy. Short comments such as 无 or
   * 很好 are common enough to coincide and do not count.
   */
  identicalCluster: z
    .strictObject({
      windowMinutes: minutes.default(60),
      minSize: z.int().min(2).max(10_000).default(3),
      minCommentChars: z.int().min(1).max(1000).default(6),
    })
    .prefault({}),
  /**
   * Interviewers (interviewer and telephone links), judged over all their responses once they
   * have `minResponses`: implausibly fast when their median duration on a questionnaire version
   * is under `medianFraction` × the campaign's median of it (reading questions aloud takes
   * longer than answering alone, so a real interview is rarely faster than the campaign);
   * implausibly uniform when the share of their responses with one option on every satisfaction
   * item (grids of at least `minItems`) is at least `straightShare` and at least the campaign's
   * share plus `straightMargin` (a content district answers 满意 throughout often, so the bar
   * rises with the campaign's own share).
   */
  interviewer: z
    .strictObject({
      minResponses: z.int().min(2).max(10_000).default(10),
      medianFraction: z.number().min(0).max(1).default(0.5),
      straightShare: z.number().min(0).max(1).default(0.8),
      straightMargin: z.number().min(0).max(1).default(0.3),
      minItems: z.int().min(2).max(200).default(3),
    })
    .prefault({}),
  /**
   * A school's plausible pool: students × `respondentsPerStudent` (two parents)
   * plus teachers × `respondentsPerTeacher`; responses beyond it are flagged.
   */
  overPool: z
    .strictObject({
      respondentsPerStudent: z.number().min(0).max(20).default(2),
      respondentsPerTeacher: z.number().min(0).max(20).default(1),
    })
    .prefault({}),
});

export type IntegritySettings = z.infer<typeof integritySettingsSchema>;

export const defaultIntegritySettings: IntegritySettings = integritySettingsSchema.parse({});

/**
 * Stored settings with the current defaults filled in. A stored value that no
 * longer passes (a later release narrowed a range) falls back to the defaults
 * rather than breaking the report.
 */
export function effectiveIntegritySettings(stored: unknown): IntegritySettings {
  const parsed = integritySettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : defaultIntegritySettings;
}
