import { Model, type Question, type QuestionRadiogroupModel } from "survey-core";

/**
 * The questions a respondent sees first, worked out on the server with the same survey-core the
 * browser runs, so the page can show them as plain HTML before the ~290 KB renderer has arrived and
 * started (so that the first question is interactive at once on a slow phone). A tap there is kept
 * and handed to the renderer when it mounts (survey-web/respondent/first-questions.ts).
 *
 * Only what plain HTML shows exactly as survey-core would: the leading visible questions of
 * the first page that are single-choice lists in a fixed order, without "other" or "none"
 * items, whose values are strings (a radio button carries text). The first question of another
 * kind ends the list; the renderer shows the rest.
 */
export interface FirstQuestion {
  name: string;
  /** survey-core's number ("1."), empty when the questionnaire does not number questions. */
  number: string;
  title: string;
  description: string;
  required: boolean;
  choices: { value: string; text: string }[];
}

export interface FirstPage {
  surveyTitle: string;
  surveyDescription: string;
  pageTitle: string;
  questions: FirstQuestion[];
}

export interface FirstPageVariables {
  presetGroup: string;
  channelSchool: string;
  /** The campaign's words for `{district}`, `{area}`, … (questionnaire-wording.ts). */
  wording?: Readonly<Record<string, string>>;
}

function isPlainSingleChoice(question: Question): question is QuestionRadiogroupModel {
  if (question.getType() !== "radiogroup") return false;
  const radio = question as QuestionRadiogroupModel;
  return (
    radio.choicesOrder === "none" &&
    !radio.showOtherItem &&
    !radio.showNoneItem &&
    !radio.showClearButton &&
    !radio.readOnly &&
    radio.visibleChoices.every((c) => typeof c.value === "string")
  );
}

/** The first page's leading plain questions in the questionnaire's default (Chinese) texts. */
export function firstPageOf(
  definition: Record<string, unknown>,
  variables: FirstPageVariables,
): FirstPage | null {
  const survey = new Model(definition);
  // As the browser does before the answers arrive (survey-view.ts createModel).
  survey.setVariable("presetGroup", variables.presetGroup);
  survey.setVariable("channelSchool", variables.channelSchool);
  for (const [name, value] of Object.entries(variables.wording ?? {}))
    survey.setVariable(name, value);
  const page = survey.visiblePages[0];
  if (!page) return null;
  const questions: FirstQuestion[] = [];
  for (const question of page.questions) {
    if (!question.isVisible) continue;
    if (!isPlainSingleChoice(question)) break;
    questions.push({
      name: question.name,
      number: question.no,
      title: question.locTitle.renderedHtml,
      description: question.locDescription.renderedHtml,
      required: question.isRequired,
      choices: question.visibleChoices.map((c) => ({
        value: String(c.value),
        text: c.locText.renderedHtml,
      })),
    });
  }
  if (questions.length === 0) return null;
  return {
    // The rendered texts, with the wording variables filled in as the renderer shows them
    // (the plain getters answer the texts as written).
    surveyTitle: survey.locTitle.renderedHtml,
    surveyDescription: survey.locDescription.renderedHtml,
    pageTitle: page.locTitle.renderedHtml,
    questions,
  };
}

/**
 * `firstPageOf` kept per questionnaire version and variables: a version never changes once
 * it is in use, and one model per page view would cost more than the rest of the page.
 */
export class FirstPageCache {
  readonly #entries = new Map<string, FirstPage | null>();
  constructor(private readonly max = 500) {}

  get(
    versionId: number,
    definition: Record<string, unknown>,
    variables: FirstPageVariables,
  ): FirstPage | null {
    const key = JSON.stringify([
      versionId,
      variables.presetGroup,
      variables.channelSchool,
      variables.wording ?? {},
    ]);
    if (this.#entries.has(key)) return this.#entries.get(key)!;
    const page = firstPageOf(definition, variables);
    if (this.#entries.size >= this.max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, page);
    return page;
  }
}
