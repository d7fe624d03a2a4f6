import { Model, type Question } from "survey-core";
import { pick, weighted } from "./random.ts";

export interface AnswerProfile {
  /** Weights of the satisfaction options for this respondent's school. */
  satisfaction: Record<string, number>;
  /** Share of respondents who leave a comment. */
  commentRate: number;
  comments: readonly string[];
}

interface ChoiceLike {
  value: unknown;
}

function choiceValues(q: Question): string[] {
  const choices = (q as unknown as { visibleChoices?: ChoiceLike[] }).visibleChoices ?? [];
  return choices.map((c) => c.value).filter((v): v is string => typeof v === "string");
}

export type AnswerGenerator = (
  variables: Record<string, string>,
  fixed: Record<string, unknown>,
  profile: AnswerProfile,
  random: () => number,
) => Record<string, unknown>;

/**
 * Answers one questionnaire as a person would. A candidate answer is drawn for
 * every question, then survey-core decides which questions those answers make
 * visible and the rest are dropped (repeated until stable, for chains of
 * conditions), so every sheet passes the same validator as a real one.
 * Satisfaction items follow the profile; other choices are uniform.
 * One model per questionnaire, reused: setting answers one by one re-runs
 * every condition each time and is ten times slower.
 */
export function answerGenerator(
  surveyJson: object,
  satisfactionItems: ReadonlySet<string>,
): AnswerGenerator {
  const model = new Model(surveyJson);
  const questions = model.getAllQuestions();
  return (variables, fixed, profile, random) => {
    // Each changed variable re-runs every condition: set only what changed.
    for (const [name, value] of Object.entries(variables)) {
      if (model.getVariable(name) !== value) model.setVariable(name, value);
    }
    let answers: Record<string, unknown> = {};
    for (const q of questions) {
      const value =
        q.name in fixed ? fixed[q.name] : candidate(q, satisfactionItems, profile, random);
      if (value !== undefined) answers[q.name] = value;
    }
    for (;;) {
      model.data = answers;
      const visible = Object.fromEntries(
        Object.entries(answers).filter(([name]) => {
          const q = model.getQuestionByName(name);
          return q !== null && q.isVisible && q.page?.isVisible !== false;
        }),
      );
      if (Object.keys(visible).length === Object.keys(answers).length) return visible;
      answers = visible;
    }
  };
}

function candidate(
  q: Question,
  satisfactionItems: ReadonlySet<string>,
  profile: AnswerProfile,
  random: () => number,
): unknown {
  const values = choiceValues(q);
  switch (q.getType()) {
    case "radiogroup":
    case "dropdown": {
      if (values.length === 0) return undefined;
      if (!satisfactionItems.has(q.name)) return pick(random, values);
      return weighted(
        random,
        Object.fromEntries(values.map((v) => [v, profile.satisfaction[v] ?? 0.02])),
      );
    }
    case "checkbox": {
      if (values.length === 0) return undefined;
      const chosen = values.filter(() => random() < 0.35);
      return chosen.length > 0 ? chosen : [pick(random, values)];
    }
    case "comment":
    case "text":
      return random() < profile.commentRate ? pick(random, profile.comments) : undefined;
    default:
      return undefined;
  }
}
