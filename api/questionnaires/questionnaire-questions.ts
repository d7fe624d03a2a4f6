/**
 * The answerable questions of stored SurveyJS questionnaires, read from their JSON: what the
 * raw export needs for its columns and codebook, and what the analysis settings are checked
 * against. A plain walk over the JSON (pages → elements → panels), so exporting a million
 * rows never builds a survey-core model.
 */
export interface QuestionOption {
  /** The machine value stored in answers. */
  readonly value: string;
  readonly zh: string;
  readonly en: string;
}

export interface QuestionInfo {
  readonly name: string;
  /** SurveyJS type: radiogroup, dropdown, checkbox, tagbox, rating, boolean, text, comment. */
  readonly type: string;
  readonly zh: string;
  readonly en: string;
  readonly options: readonly QuestionOption[];
  /** True for text and comment questions: people type anything, numbers or formulas included. */
  readonly freeText: boolean;
  /** True when the answer is a list of option values (checkbox, tagbox). */
  readonly multiple: boolean;
  /**
   * The companion free-text answer stored beside it (`<name>-Comment`, SurveyJS's "other,
   * please specify" or comment area), or null.
   */
  readonly companion: string | null;
}

const displayOnly = new Set(["html", "image", "panel", "expression"]);
const multipleTypes = new Set(["checkbox", "tagbox"]);
const freeTextTypes = new Set(["text", "comment"]);
const commentSuffix = "-Comment";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A SurveyJS localizable string: a plain string, or `{ default, en, "zh-cn" }`. */
function localized(value: unknown, fallback: string): { zh: string; en: string } {
  if (typeof value === "string") return { zh: value, en: value };
  if (!isObject(value)) return { zh: fallback, en: fallback };
  const zh = [value["zh-cn"], value.default, value.en].find((v) => typeof v === "string");
  const en = [value.en, value.default].find((v) => typeof v === "string");
  return { zh: (zh as string | undefined) ?? fallback, en: (en as string | undefined) ?? fallback };
}

function optionsOf(element: Json): QuestionOption[] {
  const list = Array.isArray(element.choices)
    ? element.choices
    : Array.isArray(element.rateValues)
      ? element.rateValues
      : [];
  const options: QuestionOption[] = [];
  for (const choice of list) {
    const value = isObject(choice) ? choice.value : choice;
    if (typeof value !== "string" && typeof value !== "number") continue;
    const label = localized(isObject(choice) ? choice.text : undefined, String(value));
    options.push({ value: String(value), ...label });
  }
  if (element.type === "boolean") {
    options.push(
      { value: String(element.valueTrue ?? true), ...localized(element.labelTrue, "是 Yes") },
      { value: String(element.valueFalse ?? false), ...localized(element.labelFalse, "否 No") },
    );
  }
  return options;
}

function walk(elements: unknown, into: QuestionInfo[]): void {
  if (!Array.isArray(elements)) return;
  for (const element of elements) {
    if (!isObject(element)) continue;
    if (Array.isArray(element.elements)) walk(element.elements, into);
    const type = typeof element.type === "string" ? element.type : "";
    const name = typeof element.name === "string" ? element.name : "";
    if (name === "" || displayOnly.has(type) || Array.isArray(element.elements)) continue;
    const hasCompanion =
      element.hasOther === true ||
      element.showOtherItem === true ||
      element.hasComment === true ||
      element.showCommentArea === true;
    into.push({
      name,
      type,
      ...localized(element.title, name),
      options: optionsOf(element),
      freeText: freeTextTypes.has(type),
      multiple: multipleTypes.has(type),
      companion: hasCompanion ? name + commentSuffix : null,
    });
  }
}

/** The questions of one SurveyJS definition, in questionnaire order. */
export function surveyQuestions(definition: Readonly<Record<string, unknown>>): QuestionInfo[] {
  const questions: QuestionInfo[] = [];
  const pages = Array.isArray(definition.pages) ? definition.pages : [];
  for (const page of pages) if (isObject(page)) walk(page.elements, questions);
  walk(definition.elements, questions);
  return questions;
}

/**
 * The questions of several questionnaires (e.g. a campaign's social, staff and student
 * versions, oldest first): each name once, in the order it first appears, with the options of
 * every version that has it (a new version may add an option).
 */
export function questionUnion(
  definitions: readonly Readonly<Record<string, unknown>>[],
): QuestionInfo[] {
  const byName = new Map<string, QuestionInfo>();
  for (const definition of definitions) {
    for (const question of surveyQuestions(definition)) {
      const known = byName.get(question.name);
      if (!known) {
        byName.set(question.name, question);
        continue;
      }
      const values = new Set(known.options.map((o) => o.value));
      byName.set(question.name, {
        ...known,
        options: [...known.options, ...question.options.filter((o) => !values.has(o.value))],
        companion: known.companion ?? question.companion,
      });
    }
  }
  return [...byName.values()];
}
