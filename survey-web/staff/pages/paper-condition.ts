import type {
  AnswerValue,
  PaperCondition,
  PaperForm,
  PaperQuestion,
} from "../../../api/paper/types.ts";

/** Answers as the entry page holds them: by answer key, absent when blank. */
export type SheetAnswers = Record<string, unknown>;

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0)
  );
}

const same = (a: unknown, b: AnswerValue) => String(a) === String(b);

/**
 * Whether a question applies, given the answers so far: the condition the API worked out from
 * the questionnaire's `visibleIf` for this link (api/paper/paper-condition.ts). A part it could
 * not state (`unknown`) counts as applying; the server's check has the last word.
 */
export function conditionHolds(condition: PaperCondition | null, answers: SheetAnswers): boolean {
  if (condition === null || "unknown" in condition) return true;
  if ("all" in condition) return condition.all.every((c) => conditionHolds(c, answers));
  if ("any" in condition) return condition.any.some((c) => conditionHolds(c, answers));
  if ("not" in condition) {
    return "unknown" in condition.not ? true : !conditionHolds(condition.not, answers);
  }
  const value = answers[condition.question];
  if ("answered" in condition) return isBlank(value) !== condition.answered;
  if (isBlank(value)) return false;
  const given = Array.isArray(value) ? (value as unknown[]) : [value];
  if ("anyOf" in condition) return given.some((v) => condition.anyOf.some((w) => same(v, w)));
  if ("allOf" in condition) return condition.allOf.every((w) => given.some((v) => same(v, w)));
  const n = Number(value);
  if (Array.isArray(value) || !Number.isFinite(n)) return false;
  switch (condition.compare) {
    case "<":
      return n < condition.value;
    case "<=":
      return n <= condition.value;
    case ">":
      return n > condition.value;
    case ">=":
      return n >= condition.value;
  }
}

export function formQuestions(form: PaperForm): PaperQuestion[] {
  return form.sections.flatMap((s) => s.questions);
}

/**
 * The answers with those of questions that no longer apply taken out, in questionnaire order,
 * as the respondent's page drops an answer when its question is hidden (a later question's
 * condition may read an earlier one, never the other way round).
 */
export function applicableAnswers(form: PaperForm, answers: SheetAnswers): SheetAnswers {
  const kept: SheetAnswers = {};
  for (const q of formQuestions(form)) {
    if (!conditionHolds(q.condition, kept)) continue;
    if (!isBlank(answers[q.name])) kept[q.name] = answers[q.name];
    const companion = q.companion;
    if (!companion || isBlank(answers[companion.key])) continue;
    // An "other, please specify" text goes with the "other" option only.
    const other = q.options.find((o) => o.other);
    const ticked = Array.isArray(kept[q.name]) ? (kept[q.name] as unknown[]) : [kept[q.name]];
    if (!companion.onlyWithOther || (other && ticked.some((v) => same(v, other.value)))) {
      kept[companion.key] = answers[companion.key];
    }
  }
  return kept;
}
