import { z } from "zod";
import {
  type AnalysisConfig,
  analysisConfig,
  defaultAnalysisConfig,
} from "../../analysis/analysis-config.ts";
import {
  type SatisfactionScale,
  scaleAnalysisDefaults,
} from "../../analysis/satisfaction-scale.ts";
import { respondentGroups } from "../db/database.ts";
import { analysisMessage } from "./messages.ts";
import type { QuestionInfo } from "../questionnaires/index.ts";

/**
 * A campaign's analysis settings: the JSON the bureau stores with
 * `PUT /api/campaigns/:id/analysis-settings` and the `--config` file of `npm run analyze`,
 * checked by this one schema (docs/satisfaction.md, Campaign settings). Every key is optional
 * (a missing key takes the default of analysis/analysis-config.ts); unknown keys are refused,
 * so a misspelt key can never be silently ignored.
 *
 * Question names end up as jsonb keys in the cells query: they must look like the
 * questionnaires' names (`^[a-z][a-z0-9_]{0,62}$`); option values like the questionnaires'
 * machine values (`^[a-z0-9_]+$`).
 */
export const itemNamePattern = /^[a-z][a-z0-9_]{0,62}$/;
const optionPattern = /^[a-z0-9_]{1,63}$/;

const itemName = z.string().regex(itemNamePattern, "a question name: a-z, 0-9, _ (≤ 63)");
const option = z.string().regex(optionPattern, "an option value: a-z, 0-9, _ (≤ 63)");
const unique = <T extends z.ZodType<string>>(element: T, min: number) =>
  z
    .array(element)
    .min(min)
    .max(100)
    .refine((list) => new Set(list).size === list.length, { message: "values repeat" });
const score = z.number().min(0).max(100);
const positive = z
  .number()
  .positive()
  .refine((n) => Number.isFinite(n) && n <= 1e6, { message: "at most 1000000" });

export const analysisSettingsSchema = z
  .strictObject({
    definition: z
      .enum(["overall_item", "respondent_share", "respondent_satisfied", "score"])
      .optional(),
    items: unique(itemName, 1).nullable().optional(),
    overallItem: itemName.optional(),
    favourable: unique(option, 1).optional(),
    excluded: unique(option, 0).optional(),
    scores: z
      .record(option, score)
      .refine((s) => Object.keys(s).length <= 100, { message: "at most 100 options" })
      .optional(),
    satisfiedShare: z.number().gt(0).max(1).optional(),
    groupWeights: z
      .partialRecord(z.enum(respondentGroups as [string, ...string[]]), positive)
      .refine((w) => Object.keys(w).length > 0, { message: "name at least one group" })
      .nullable()
      .optional(),
    poststratify: z.boolean().optional(),
    threshold: z.number().gt(0).lt(1).optional(),
    awarenessItem: itemName.optional(),
    aware: unique(option, 1).optional(),
    awarenessSourceItem: itemName.nullable().optional(),
  })
  .superRefine((settings, ctx) => {
    const excluded = new Set(settings.excluded ?? defaultAnalysisConfig.excluded);
    for (const value of settings.favourable ?? []) {
      if (excluded.has(value)) {
        ctx.addIssue({
          code: "custom",
          path: ["favourable"],
          message: `"${value}" is also excluded`,
        });
      }
    }
  });

export type AnalysisSettings = z.infer<typeof analysisSettingsSchema>;

/**
 * The AnalysisConfig the settings stand for: `base` (the product's defaults, or a campaign's,
 * see `scaleDefaults`) for the keys not given.
 */
export function settingsConfig(
  settings: AnalysisSettings,
  base: AnalysisConfig = defaultAnalysisConfig,
): AnalysisConfig {
  const overrides: Partial<AnalysisConfig> = { ...base };
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined) Object.assign(overrides, { [key]: value });
  }
  return analysisConfig(overrides);
}

/**
 * A campaign's defaults: its scale decides the favourable and excluded options (满意 + 比较满意
 * + 基本满意 of those offered; 不了解 excluded when offered). A campaign without a scale (older
 * than scales, its questionnaires differing) keeps the product's defaults. docs/satisfaction.md,
 * Answer scales and favourable options.
 */
export function scaleDefaults(scale: SatisfactionScale | null): AnalysisConfig {
  return scale ? analysisConfig(scaleAnalysisDefaults(scale)) : defaultAnalysisConfig;
}

/**
 * The config a report runs with: `items` resolved to the campaign's satisfaction items when
 * the settings leave them out, so the report's `config` (and the CLI's, from the same file)
 * names exactly the items read.
 */
export function resolvedConfig(config: AnalysisConfig, items: readonly string[]): AnalysisConfig {
  return Object.freeze({ ...config, items: Object.freeze([...(config.items ?? items)]) });
}

/**
 * What makes a config unusable with these questions, in Chinese and English (empty when
 * fine): a named question the questionnaires lack, a source item that is not multiple
 * choice, and under the `score` definition an option of an item without a score (the
 * analysis would refuse it at report time instead).
 */
export function settingsProblems(
  config: AnalysisConfig,
  questions: readonly QuestionInfo[],
): string[] {
  const byName = new Map(questions.map((q) => [q.name, q]));
  const problems: string[] = [];
  const items = config.items ?? [];
  const named = [
    ...items.map((name) => ["items", name] as const),
    ...(config.definition === "overall_item" ? [["overallItem", config.overallItem] as const] : []),
    ["awarenessItem", config.awarenessItem] as const,
    ...(config.awarenessSourceItem === null
      ? []
      : [["awarenessSourceItem", config.awarenessSourceItem] as const]),
  ];
  for (const [key, name] of named) {
    if (!byName.has(name)) problems.push(analysisMessage("unknownQuestion", { key, name }));
  }
  const source = config.awarenessSourceItem && byName.get(config.awarenessSourceItem);
  if (source && !source.multiple) {
    problems.push(analysisMessage("sourceNotMultiple", { name: source.name }));
  }
  if (config.definition === "score") {
    for (const name of items) {
      for (const o of byName.get(name)?.options ?? []) {
        if (!config.excluded.includes(o.value) && config.scores[o.value] === undefined) {
          problems.push(analysisMessage("optionWithoutScore", { name, option: o.value }));
        }
      }
    }
  }
  return problems;
}
