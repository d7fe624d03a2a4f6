import {
  type Question,
  QuestionBooleanModel,
  QuestionCheckboxModel,
  QuestionRatingModel,
  QuestionSelectBase,
  QuestionTextBase,
  QuestionTextModel,
  type SurveyModel,
} from "survey-core";

/** Default caps when a questionnaire sets no maxLength: enough for a person, not for a payload. */
const defaultMaxLength = { text: 500, comment: 2000, companion: 500 } as const;

interface BaseSpec {
  name: string;
  /** The live survey-core question: visibility, required, choices and number come from it. */
  question: Question;
  /** The free-text box stored beside the answer as `<name><commentSuffix>`. */
  companion?: CompanionSpec;
}

export interface CompanionSpec {
  key: string;
  maxLength: number;
  /** True for an "Other (please specify)" box: allowed, and then required, only with "other". */
  onlyWithOther: boolean;
  otherValue: unknown;
}

export interface ChoiceSpec extends BaseSpec {
  kind: "single_choice" | "multiple_choice";
  select: QuestionSelectBase;
  /** 0 means no limit, as in survey-core. */
  minSelected: number;
  maxSelected: number;
}
export interface ScaleSpec extends BaseSpec {
  kind: "rating" | "boolean";
  /** The exact values the question can store. */
  values: readonly unknown[];
}
export interface TextSpec extends BaseSpec {
  kind: "text";
  maxLength: number;
}
export interface NumberSpec extends BaseSpec {
  kind: "number";
  min: number;
  max: number;
}
export type QuestionSpec = ChoiceSpec | ScaleSpec | TextSpec | NumberSpec;

/** Types that show content but store no answer. */
const displayOnly = new Set(["html", "image"]);

function bound(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null || raw === "") return fallback;
  const n = Number(raw);
  return Number.isFinite(n) ? n : fallback;
}

function positiveOr(raw: unknown, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function companionOf(q: Question, survey: SurveyModel): CompanionSpec | undefined {
  const hasOther = q instanceof QuestionSelectBase && q.hasOther;
  if (!hasOther && !q.hasComment) return undefined;
  const maxLength = hasOther && !q.hasComment ? survey.maxOthersLength : survey.maxCommentLength;
  return {
    key: q.name + survey.commentSuffix,
    maxLength: positiveOr(maxLength, defaultMaxLength.companion),
    onlyWithOther: hasOther && !q.hasComment,
    otherValue: q instanceof QuestionSelectBase ? q.otherItem.value : undefined,
  };
}

function specOf(q: Question, survey: SurveyModel): QuestionSpec {
  const base = { name: q.name, question: q, companion: companionOf(q, survey) };
  if (q instanceof QuestionCheckboxModel) {
    return {
      ...base,
      kind: "multiple_choice",
      select: q,
      minSelected: q.minSelectedChoices,
      maxSelected: q.maxSelectedChoices,
    };
  }
  if (q instanceof QuestionSelectBase) {
    return { ...base, kind: "single_choice", select: q, minSelected: 0, maxSelected: 0 };
  }
  if (q instanceof QuestionRatingModel) {
    return {
      ...base,
      kind: "rating",
      values: q.visibleRateValues.map((item) => item.value as unknown),
    };
  }
  if (q instanceof QuestionBooleanModel) {
    return { ...base, kind: "boolean", values: [q.valueTrue ?? true, q.valueFalse ?? false] };
  }
  if (q instanceof QuestionTextModel && (q.inputType === "number" || q.inputType === "range")) {
    return { ...base, kind: "number", min: bound(q.min, -Infinity), max: bound(q.max, Infinity) };
  }
  if (q instanceof QuestionTextBase) {
    const cap = q.getType() === "comment" ? defaultMaxLength.comment : defaultMaxLength.text;
    return { ...base, kind: "text", maxLength: positiveOr(q.getMaxLength(), cap) };
  }
  throw new Error(`unsupported question type "${q.getType()}"`);
}

/** What the validator cannot check exactly; refused up front rather than half-checked. */
function unsupportedFeatures(q: Question): string[] {
  const problems: string[] = [];
  const type = q.getType();
  if (
    ![
      "radiogroup",
      "dropdown",
      "checkbox",
      "tagbox",
      "rating",
      "boolean",
      "text",
      "comment",
    ].includes(type)
  ) {
    problems.push(`type "${type}"`);
  }
  if (q.valueName) problems.push("valueName");
  if (q.validators.length > 0) problems.push("validators");
  if (q instanceof QuestionSelectBase) {
    if (q.choicesByUrl.url) problems.push("choicesByUrl");
    if (q.choicesFromQuestion) problems.push("choicesFromQuestion");
    if (q.hasOther && !q.getStoreOthersAsComment()) problems.push("storeOthersAsComment: false");
  }
  return problems.map((p) => `question "${q.name}": ${p}`);
}

/**
 * One spec per answerable question, in questionnaire order. Throws, naming
 * every problem, when the questionnaire uses something the validator does not
 * check: a questionnaire the server cannot validate must not go live.
 */
export function questionSpecs(survey: SurveyModel): QuestionSpec[] {
  const questions = survey.getAllQuestions().filter((q) => !displayOnly.has(q.getType()));
  const problems = questions.flatMap(unsupportedFeatures);
  const names = questions.map((q) => q.name);
  for (const [i, n] of names.entries()) {
    if (names.indexOf(n) !== i) problems.push(`question name "${n}" is used twice`);
  }
  for (const calculated of survey.calculatedValues) {
    if (calculated.includeIntoResult)
      problems.push(`calculated value "${calculated.name}": includeIntoResult`);
    if (names.includes(calculated.name))
      problems.push(`calculated value "${calculated.name}" shadows a question`);
  }
  if (problems.length > 0)
    throw new Error(`questionnaire not supported by the answer validator: ${problems.join("; ")}`);
  return questions.map((q) => specOf(q, survey));
}
