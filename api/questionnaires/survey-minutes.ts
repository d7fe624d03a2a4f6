import { surveyQuestions } from "./questionnaire-questions.ts";

/** A tap on a choice question takes a phone user about this long, reading included. */
const secondsPerQuestion = 10;

/**
 * About how long a questionnaire takes, as the respondent page says before the first
 * question: ~10 s per question, in whole minutes, never less than one.
 */
export function surveyMinutes(definition: Readonly<Record<string, unknown>>): number {
  return Math.max(1, Math.round((surveyQuestions(definition).length * secondsPerQuestion) / 60));
}
