import type { SchoolChoice } from "../schools/index.ts";

type Json = Record<string, unknown>;

function questionsOf(node: unknown, visit: (q: Json) => void): void {
  if (!node || typeof node !== "object") return;
  const { pages, elements } = node as { pages?: unknown; elements?: unknown };
  for (const list of [pages, elements]) {
    if (!Array.isArray(list)) continue;
    for (const child of list as Json[]) {
      visit(child);
      questionsOf(child, visit);
    }
  }
}

export function hasSchoolQuestion(survey: Json): boolean {
  let found = false;
  questionsOf(survey, (q) => {
    if (q.name === "school") found = true;
  });
  return found;
}

/**
 * The questionnaire as a respondent's page renders it: a copy with the
 * campaign's schools as the choices of the `school` question (value = code).
 */
export function surveyWithSchools(survey: Json, schools: readonly SchoolChoice[]): Json {
  const copy = structuredClone(survey);
  questionsOf(copy, (q) => {
    if (q.name === "school") {
      q.choices = schools.map((s) => ({
        value: s.code,
        text: s.town ? `${s.name}（${s.town}）` : s.name,
      }));
    }
  });
  return copy;
}
