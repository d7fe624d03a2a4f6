import { type BilingualText, bilingualMessages } from "../http/messages.ts";
import strings from "./paper-text.json" with { type: "json" };
import type { AnswerValue, Bilingual, PaperCondition } from "./types.ts";

export type PaperTextKey = keyof typeof strings;

/** The paper sheet's own words (tick-box items survey-core names in English, instructions). */
export const { text: paperText } = bilingualMessages<PaperTextKey>(strings);

export interface ConditionWords {
  /** The printed number of a question, when it is printed. */
  numberOf(name: string): number | undefined;
  /** An option's words, by question and value. */
  optionText(name: string, value: AnswerValue): Bilingual;
}

type Lang = keyof BilingualText;

class Unstatable extends Error {}

function options(
  lang: Lang,
  name: string,
  values: readonly AnswerValue[],
  joiner: "optionOr" | "optionAnd",
  words: ConditionWords,
): string {
  const quoted = values.map(
    (v) => paperText("option", { text: words.optionText(name, v)[lang] })[lang],
  );
  if (quoted.length <= 1) return quoted.join("");
  const last = quoted.pop()!;
  return `${quoted.join(paperText("optionList")[lang])}${paperText(joiner)[lang]}${last}`;
}

const comparisonKeys = {
  "<": "less",
  "<=": "lessOrEqual",
  ">": "greater",
  ">=": "greaterOrEqual",
} as const;

function describe(lang: Lang, c: PaperCondition, words: ConditionWords): string {
  if ("unknown" in c) throw new Unstatable();
  if ("all" in c || "any" in c) {
    const parts = "all" in c ? c.all : c.any;
    return parts
      .map((p) => describe(lang, p, words))
      .join(paperText("all" in c ? "and" : "or")[lang]);
  }
  if ("not" in c) {
    const inner = c.not;
    if ("question" in inner && "anyOf" in inner) {
      const question = questionWords(lang, inner.question, words);
      const list = options(lang, inner.question, inner.anyOf, "optionOr", words);
      return paperText("noneOf", { question, options: list })[lang];
    }
    if ("question" in inner && "answered" in inner) {
      return describe(lang, { question: inner.question, answered: !inner.answered }, words);
    }
    return paperText("not", { condition: describe(lang, inner, words) })[lang];
  }
  const question = questionWords(lang, c.question, words);
  if ("anyOf" in c) {
    const list = options(lang, c.question, c.anyOf, "optionOr", words);
    return paperText("anyOf", { question, options: list })[lang];
  }
  if ("allOf" in c) {
    const list = options(lang, c.question, c.allOf, "optionAnd", words);
    return paperText("allOf", { question, options: list })[lang];
  }
  if ("answered" in c) return paperText(c.answered ? "answered" : "unanswered", { question })[lang];
  return paperText(comparisonKeys[c.compare], { question, value: c.value })[lang];
}

function questionWords(lang: Lang, name: string, words: ConditionWords): string {
  const number = words.numberOf(name);
  if (number === undefined) throw new Unstatable();
  return paperText("question", { number })[lang];
}

/**
 * The instruction printed under a conditional question, e.g. 如第7题选“知道”或“听说过”，请回答本题；
 * 否则请跳过本题。 A condition with a part that cannot be put in words gets the general one.
 */
export function conditionInstruction(condition: PaperCondition, words: ConditionWords): Bilingual {
  try {
    const zh = describe("zh", condition, words);
    const en = describe("en", condition, words);
    return {
      zh: paperText("instruction", { condition: zh }).zh,
      en: paperText("instruction", { condition: en }).en,
    };
  } catch (error) {
    if (!(error instanceof Unstatable)) throw error;
    return paperText("instructionUnknown");
  }
}
