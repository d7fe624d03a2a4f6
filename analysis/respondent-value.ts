import type { AnalysisConfig } from "./analysis-config.ts";

/**
 * The value y_i a respondent contributes under the campaign's definition (docs/satisfaction.md,
 * Satisfaction definitions; analysis-config.ts), or null when nothing is left after blanks and
 * `excluded` options (the respondent then stays in the design as outside the estimate).
 *
 *   overall_item:         1[overall answer ∈ favourable]
 *   respondent_share:     f_i / a_i          (f favourable, a answered items)
 *   respondent_satisfied: 1[f_i ≥ share · a_i]
 *   score:                Σ score(answer) / a_i, on 0–100
 */
export type Answers = Readonly<Record<string, string | null | undefined>>;

// 0.7 · 10 is 7.000000000000001 in binary: allow for it when comparing counts with a share.
const shareSlack = 1e-9;

export function respondentValue(answers: Answers, config: AnalysisConfig): number | null {
  if (config.definition === "overall_item") {
    return itemValue(answers[config.overallItem], config, "proportion");
  }
  let answered = 0;
  let total = 0;
  const scale = config.definition === "score" ? "score" : "proportion";
  for (const item of config.items ?? Object.keys(answers)) {
    const value = itemValue(answers[item], config, scale);
    if (value === null) continue;
    answered += 1;
    total += value;
  }
  if (answered === 0) return null;
  if (config.definition === "respondent_satisfied") {
    return total + shareSlack >= config.satisfiedShare * answered ? 1 : 0;
  }
  return total / answered;
}

/**
 * One item's value: on the proportion scale 1 if favourable, else 0; on the score scale the
 * option's score. Null for a blank or an excluded option. An option without a score under the
 * score scale is a configuration error, never silently a zero.
 */
export function itemValue(
  option: string | null | undefined,
  config: AnalysisConfig,
  scale: "proportion" | "score",
): number | null {
  if (option === null || option === undefined || option === "") return null;
  if (config.excluded.includes(option)) return null;
  if (scale === "proportion") return config.favourable.includes(option) ? 1 : 0;
  const score = config.scores[option];
  if (score === undefined) throw new RangeError(`option "${option}" has no score`);
  return score;
}

/** respondentValue for many respondents: NaN marks "no value" (outside the estimate). */
export function respondentValues(rows: ArrayLike<Answers>, config: AnalysisConfig): Float64Array {
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    values[i] = respondentValue(rows[i]!, config) ?? Number.NaN;
  }
  return values;
}

/** itemValue over one item's answers, for the by-item breakdown: NaN marks "no value". */
export function itemValues(
  options: ArrayLike<string | null | undefined>,
  config: AnalysisConfig,
  scale: "proportion" | "score",
): Float64Array {
  const values = new Float64Array(options.length);
  for (let i = 0; i < options.length; i++) {
    values[i] = itemValue(options[i], config, scale) ?? Number.NaN;
  }
  return values;
}
