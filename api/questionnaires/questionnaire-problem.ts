import type { MessageParams } from "../http/messages.ts";
import { type QuestionnaireMessageKey, questionnaireText } from "./messages.ts";

/**
 * One reason a questionnaire (an edit or an imported SurveyJS JSON) is refused: where in the
 * JSON (`survey.pages[1].elements[3].choices[2].value`, `itemRoles.overall`; "" for the whole
 * document), the question it concerns, and why in Chinese and in English.
 */
export interface QuestionnaireProblem {
  readonly path: string;
  readonly question: string | null;
  readonly code: QuestionnaireMessageKey;
  readonly zh: string;
  readonly en: string;
}

export function problem(
  code: QuestionnaireMessageKey,
  path: string,
  params: MessageParams = {},
  question: string | null = null,
): QuestionnaireProblem {
  return { path, question, code, ...questionnaireText(code, params) };
}

/** A path one step further: `at(path, "choices")`, `at(path, 2)`. */
export function at(path: string, step: string | number): string {
  if (typeof step === "number") return `${path}[${step}]`;
  return path === "" ? step : `${path}.${step}`;
}
