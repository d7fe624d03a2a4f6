import {
  type ItemValue,
  type LocalizableString,
  Model,
  type PanelModelBase,
  type Question,
  QuestionBooleanModel,
  QuestionCheckboxModel,
  QuestionRatingModel,
  QuestionSelectBase,
  QuestionTextModel,
} from "survey-core";
import type { QuestionnaireWording } from "../questionnaires/index.ts";
import { withWording } from "../questionnaires/index.ts";
import { type ConditionWords, conditionInstruction, paperText } from "./condition-text.ts";
import { type ConditionScope, foldCondition } from "./paper-condition.ts";
import type {
  AnswerValue,
  Bilingual,
  PaperCondition,
  PaperForm,
  PaperOption,
  PaperQuestion,
  PaperQuestionKind,
  PaperSection,
} from "./types.ts";

/** What a link fixes before anyone answers: as the respondent's page sets them. */
export interface PaperFormInput {
  questionnaireId: number;
  key: string;
  version: number;
  definition: Record<string, unknown>;
  /** The link's group, or the only group the questionnaire serves; '' when neither. */
  presetGroup: string;
  /** The link's school code; '' for a link of no school. */
  channelSchool: string;
  wording: QuestionnaireWording;
  /** The campaign's schools, the choices of the `school` question. */
  schools: readonly { code: string; name: string; town: string }[];
}

// As the validator (answer-validation/question-specs.ts): limits when a questionnaire sets none.
const defaultMaxLength = { text: 500, comment: 2000, companion: 500 } as const;
const displayOnly = new Set(["html", "image", "expression"]);

function positiveOr(raw: unknown, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function finiteOr(raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

function answerValue(value: unknown): AnswerValue {
  return typeof value === "number" || typeof value === "boolean" ? value : String(value);
}

/**
 * The questionnaire version a paper link serves, as a sheet prints it and the entry page types
 * it: every question the link may ask, in order, numbered from 1, with its options, the words
 * the campaign fills in (本县, 优质均衡) and when it applies. Questions the link never asks (the
 * identity question of a link with a preset group, the school question of a school's link) are
 * left out, as the respondent's page leaves them out.
 */
export function paperForm(input: PaperFormInput): PaperForm {
  const model = new Model(input.definition);
  const words = (loc: LocalizableString, fallback = ""): Bilingual => {
    const zh = loc.getLocaleText("zh-cn") || loc.getLocaleText("") || fallback;
    const en = loc.getLocaleText("en") || zh;
    return { zh: withWording(zh, input.wording), en: withWording(en, input.wording) };
  };
  const answerable = model.getAllQuestions().filter((q) => !displayOnly.has(q.getType()));
  const scope: ConditionScope = {
    known: { ...input.wording, presetGroup: input.presetGroup, channelSchool: input.channelSchool },
    calculated: Object.fromEntries(model.calculatedValues.map((c) => [c.name, c.expression])),
    questions: new Map(
      answerable.map((q) => [q.name, { multiple: q instanceof QuestionCheckboxModel }]),
    ),
  };

  const drafts: { section: number; question: Question; condition: PaperCondition | null }[] = [];
  const sections: PaperSection[] = [];
  for (const page of model.pages) {
    const section = sections.length;
    let any = false;
    for (const question of page.questions) {
      if (displayOnly.has(question.getType())) continue;
      const folded = visibility(question, scope);
      if (folded === false) continue;
      drafts.push({ section, question, condition: folded === true ? null : folded });
      any = true;
    }
    if (any) {
      sections.push({
        title: words(page.locTitle),
        description: words(page.locDescription),
        questions: [],
      });
    }
  }

  const numbers = new Map(drafts.map((d, k) => [d.question.name, k + 1]));
  const built = drafts.map((d, k) => ({
    section: d.section,
    question: questionOf(d.question, k + 1, d.condition, model, words, input),
  }));
  const byName = new Map(built.map((b) => [b.question.name, b.question]));
  const conditionWords: ConditionWords = {
    numberOf: (name) => numbers.get(name),
    optionText: (name, value) =>
      byName.get(name)?.options.find((o) => String(o.value) === String(value)) ?? {
        zh: String(value),
        en: String(value),
      },
  };
  for (const { question } of built) {
    if (!question.condition) continue;
    question.instruction = conditionInstruction(question.condition, conditionWords);
    const source = simpleSource(question.condition);
    const from = source && byName.get(source.question);
    if (!from || from.number >= question.number) continue;
    for (const value of source.anyOf) {
      let lead = from.leadsTo.find((l) => String(l.value) === String(value));
      if (!lead) from.leadsTo.push((lead = { value, numbers: [] }));
      lead.numbers.push(question.number);
    }
  }
  for (const b of built) sections[b.section]!.questions.push(b.question);

  return {
    questionnaireId: input.questionnaireId,
    key: input.key,
    version: input.version,
    title: words(model.locTitle),
    description: words(model.locDescription),
    sections,
  };
}

/** `{question} anyof [...]` alone: the options of that question point to this one. */
function simpleSource(c: PaperCondition): { question: string; anyOf: AnswerValue[] } | undefined {
  return "question" in c && "anyOf" in c ? c : undefined;
}

/** The question's own `visibleIf` and those of the panels and the page around it, all to hold. */
function visibility(question: Question, scope: ConditionScope): boolean | PaperCondition {
  const expressions: string[] = [];
  // survey-core sets `visible` from `visibleIf` as it runs conditions: only an element without
  // one is hidden for good by `visible: false`.
  const hidden = (element: { visible: boolean; visibleIf: string }) => {
    if (element.visibleIf) expressions.push(element.visibleIf);
    return !element.visibleIf && !element.visible;
  };
  if (hidden(question)) return false;
  for (let parent = question.parent as PanelModelBase | null; parent;) {
    if (hidden(parent)) return false;
    parent = (parent.parent as PanelModelBase | null) ?? null;
  }
  return foldCondition(expressions, scope);
}

function kindOf(question: Question): PaperQuestionKind {
  if (question.name === "school" && question instanceof QuestionSelectBase) {
    if (question.choices.length === 0) return "school";
  }
  if (question instanceof QuestionCheckboxModel) return "multiple";
  if (question instanceof QuestionSelectBase) return "single";
  if (question instanceof QuestionRatingModel) return "rating";
  if (question instanceof QuestionBooleanModel) return "boolean";
  if (question instanceof QuestionTextModel) {
    return question.inputType === "number" || question.inputType === "range" ? "number" : "text";
  }
  return question.getType() === "comment" ? "comment" : "text";
}

function specialText(select: QuestionSelectBase, item: ItemValue): Bilingual | undefined {
  if (item === select.otherItem) return paperText("other");
  if (item === select.noneItem) return paperText("none");
  const extra = select as unknown as { refuseItem?: ItemValue; dontKnowItem?: ItemValue };
  if (item === extra.refuseItem) return paperText("refused");
  if (item === extra.dontKnowItem) return paperText("dontKnow");
  return undefined;
}

function optionsOf(
  question: Question,
  kind: PaperQuestionKind,
  words: (loc: LocalizableString, fallback?: string) => Bilingual,
  input: PaperFormInput,
): PaperOption[] {
  if (kind === "school") {
    return input.schools.map((s) => {
      const name = s.town ? `${s.name}（${s.town}）` : s.name;
      return { value: s.code, zh: name, en: name };
    });
  }
  if (question instanceof QuestionSelectBase) {
    const select = question;
    const extra = select as unknown as { selectAllItem?: ItemValue };
    return select.visibleChoices
      .filter((item) => item !== extra.selectAllItem)
      .map((item) => {
        const special = specialText(select, item);
        const own = words(item.locText, String(item.value));
        const text = special && !item.locText.getLocaleText("") ? special : own;
        const option: PaperOption = { value: answerValue(item.value), ...text };
        if (item === select.otherItem) option.other = true;
        else if (special && kind === "multiple") option.exclusive = true;
        return option;
      });
  }
  if (question instanceof QuestionRatingModel) {
    return question.visibleRateValues.map((item) => ({
      value: answerValue(item.value),
      ...words(item.locText, String(item.value)),
    }));
  }
  if (question instanceof QuestionBooleanModel) {
    const yes = words(question.locLabelTrue);
    const no = words(question.locLabelFalse);
    return [
      { value: answerValue(question.valueTrue ?? true), ...(yes.zh ? yes : paperText("yes")) },
      { value: answerValue(question.valueFalse ?? false), ...(no.zh ? no : paperText("no")) },
    ];
  }
  return [];
}

function questionOf(
  question: Question,
  number: number,
  condition: PaperCondition | null,
  model: Model,
  words: (loc: LocalizableString, fallback?: string) => Bilingual,
  input: PaperFormInput,
): PaperQuestion {
  const kind = kindOf(question);
  const select = question instanceof QuestionSelectBase ? question : null;
  const hasOther = Boolean(select?.hasOther);
  const companion =
    hasOther || question.hasComment
      ? {
          key: question.name + model.commentSuffix,
          maxLength: positiveOr(
            hasOther && !question.hasComment ? model.maxOthersLength : model.maxCommentLength,
            defaultMaxLength.companion,
          ),
          onlyWithOther: hasOther && !question.hasComment,
          label: hasOther && !question.hasComment ? paperText("other") : paperText("comment"),
        }
      : null;
  const rating = question instanceof QuestionRatingModel ? question : null;
  const minWords = rating ? words(rating.locMinRateDescription) : null;
  const maxWords = rating ? words(rating.locMaxRateDescription) : null;
  const text = question instanceof QuestionTextModel ? question : null;
  return {
    name: question.name,
    number,
    kind,
    title: words(question.locTitle, question.name),
    description: words(question.locDescription),
    required: question.isRequired,
    options: optionsOf(question, kind, words, input),
    scaleEnds:
      minWords && maxWords && (minWords.zh || maxWords.zh)
        ? { min: minWords, max: maxWords }
        : null,
    companion,
    maxLength:
      kind === "text" || kind === "comment"
        ? positiveOr(
            (question as Question & { getMaxLength(): unknown }).getMaxLength(),
            kind === "comment" ? defaultMaxLength.comment : defaultMaxLength.text,
          )
        : null,
    min: kind === "number" ? finiteOr(text?.min) : null,
    max: kind === "number" ? finiteOr(text?.max) : null,
    maxSelected: question instanceof QuestionCheckboxModel ? question.maxSelectedChoices : 0,
    condition,
    instruction: null,
    leadsTo: [],
  };
}
