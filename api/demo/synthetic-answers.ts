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

/**
 * Answers one questionnaire the way a person walking through it would: page
 * by page, only the questions visible at that point, so every generated sheet
 * passes the same validator as a real one. Satisfaction-like questions follow
 * the profile; other choices are uniform.
 */
export function syntheticAnswers(
  surveyJson: object,
  variables: Record<string, string>,
  fixed: Record<string, unknown>,
  satisfactionItems: ReadonlySet<string>,
  profile: AnswerProfile,
  random: () => number,
): Record<string, unknown> {
  const model = new Model(surveyJson);
  for (const [name, value] of Object.entries(variables)) model.setVariable(name, value);
  for (const page of model.pages) {
    for (const q of page.questions) {
      if (!q.isVisible || !page.isVisible) continue;
      if (q.name in fixed) {
        model.setValue(q.name, fixed[q.name]);
        continue;
      }
      const values = choiceValues(q);
      switch (q.getType()) {
        case "radiogroup":
        case "dropdown":
        case "rating": {
          if (values.length === 0) break;
          if (satisfactionItems.has(q.name)) {
            const options = Object.fromEntries(
              values.map((v) => [v, profile.satisfaction[v] ?? 0.02]),
            );
            model.setValue(q.name, weighted(random, options));
          } else {
            model.setValue(q.name, pick(random, values));
          }
          break;
        }
        case "checkbox": {
          if (values.length === 0) break;
          const chosen = values.filter(() => random() < 0.35);
          model.setValue(q.name, chosen.length > 0 ? chosen : [pick(random, values)]);
          break;
        }
        case "comment":
        case "text":
          if (random() < profile.commentRate) model.setValue(q.name, pick(random, profile.comments));
          break;
        default:
          break;
      }
    }
  }
  return { ...model.data };
}
