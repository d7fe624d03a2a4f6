import { Model } from "survey-core";
import { describe, expect, it } from "vitest";
import { conditionInstruction } from "../../../api/paper/condition-text.ts";
import { type ConditionScope, foldCondition } from "../../../api/paper/paper-condition.ts";
import type { PaperCondition } from "../../../api/paper/types.ts";
import { conditionHolds } from "../../../survey-web/staff/pages/paper-condition.ts";

/** A small questionnaire: an identity, a yes/no-ish single choice, a multiple choice, a rating. */
const questions = [
  { type: "radiogroup", name: "identity", choices: ["parent", "resident", "teacher"] },
  { type: "radiogroup", name: "aware", choices: ["know", "heard", "unaware"] },
  { type: "checkbox", name: "source", choices: ["tv", "letter", "other"] },
  { type: "rating", name: "score", rateMin: 1, rateMax: 5 },
];
const calculated = { group: "iif({presetGroup} notempty, {presetGroup}, {identity})" };

function scopeFor(presetGroup: string, channelSchool = ""): ConditionScope {
  return {
    known: { presetGroup, channelSchool, area: "区" },
    calculated,
    questions: new Map(questions.map((q) => [q.name, { multiple: q.type === "checkbox" }])),
  };
}

/** Every answer sheet over the four questions, blanks included (4 × 4 × 8 × 6 = 768). */
function* sheets(): Generator<Record<string, unknown>> {
  const subsets = [
    [],
    ["tv"],
    ["letter"],
    ["other"],
    ["tv", "letter"],
    ["tv", "other"],
    ["letter", "other"],
    ["tv", "letter", "other"],
  ];
  for (const identity of [undefined, "parent", "resident", "teacher"])
    for (const aware of [undefined, "know", "heard", "unaware"])
      for (const source of subsets)
        for (const score of [undefined, 1, 2, 3, 4, 5]) {
          const sheet: Record<string, unknown> = {};
          if (identity) sheet.identity = identity;
          if (aware) sheet.aware = aware;
          if (source.length > 0) sheet.source = source;
          if (score !== undefined) sheet.score = score;
          yield sheet;
        }
}

/** Whether survey-core, as the respondent's page runs it, shows a question with this condition. */
function surveyShows(model: Model, presetGroup: string, sheet: Record<string, unknown>): boolean {
  model.setVariable("presetGroup", presetGroup);
  model.setVariable("channelSchool", "");
  model.data = sheet;
  return model.getQuestionByName("target")!.isVisible;
}

const expressions = [
  "{aware} anyof ['know', 'heard']",
  "{aware} = 'unaware'",
  "{aware} != 'know'",
  "{aware} notempty",
  "{aware} empty",
  "{group} = 'parent'",
  "{group} anyof ['parent', 'teacher'] and {aware} = 'know'",
  "{presetGroup} empty",
  "{channelSchool} empty and {group} = 'parent'",
  "{source} contains 'tv'",
  "{source} notcontains 'other'",
  "{source} allof ['tv', 'letter']",
  "{source} noneof ['tv', 'letter']",
  "{score} >= 4",
  "{score} < 3 or {aware} = 'unaware'",
  "!({aware} = 'know')",
  "{aware} = 'know' or {presetGroup} = 'resident'",
];

describe("skip conditions as a printed sheet states them and the entry page checks them", () => {
  for (const presetGroup of ["", "parent", "resident"]) {
    for (const expression of expressions) {
      it(`agrees with survey-core on every sheet: ${expression} (preset group "${presetGroup}")`, () => {
        const folded = foldCondition([expression], scopeFor(presetGroup));
        expect(JSON.stringify(folded)).not.toContain("unknown");
        const model = new Model({
          calculatedValues: Object.entries(calculated).map(([name, e]) => ({
            name,
            expression: e,
          })),
          elements: [...questions, { type: "text", name: "target", visibleIf: expression }],
        });
        let checked = 0;
        for (const sheet of sheets()) {
          const ours = typeof folded === "boolean" ? folded : conditionHolds(folded, sheet);
          expect(ours, JSON.stringify(sheet)).toBe(surveyShows(model, presetGroup, sheet));
          checked++;
        }
        expect(checked).toBe(768);
      });
    }
  }

  it("puts in what the link fixes and opens up calculated values", () => {
    expect(foldCondition(["{presetGroup} empty"], scopeFor("parent"))).toBe(false);
    expect(foldCondition(["{presetGroup} empty"], scopeFor(""))).toBe(true);
    expect(foldCondition(["{group} = 'parent'"], scopeFor("parent"))).toBe(true);
    expect(foldCondition(["{group} = 'parent'"], scopeFor("resident"))).toBe(false);
    expect(foldCondition(["{group} = 'parent'"], scopeFor(""))).toEqual({
      question: "identity",
      anyOf: ["parent"],
    });
    expect(foldCondition(["{channelSchool} empty", "{aware} = 'know'"], scopeFor("", "S01"))).toBe(
      false,
    );
    expect(foldCondition(["", "{aware} = 'know'"], scopeFor(""))).toEqual({
      question: "aware",
      anyOf: ["know"],
    });
  });

  it("marks what it cannot state as unknown, which the entry page lets through", () => {
    const scope = scopeFor("");
    for (const expression of ["age({score}) > 3", "{score} + 1 > 3", "{nobody} = 1", "{aware} ="]) {
      const folded = foldCondition([expression], scope) as PaperCondition;
      expect(JSON.stringify(folded), expression).toContain("unknown");
      expect(conditionHolds(folded, {})).toBe(true);
    }
  });

  it("words a condition as an instruction, in Chinese and in English", () => {
    const words = {
      numberOf: (name: string) => ({ identity: 1, aware: 10, source: 11, score: 12 })[name],
      optionText: (_: string, value: unknown) =>
        ({ know: { zh: "知道", en: "Yes" }, heard: { zh: "听说过", en: "Heard of it" } })[
          String(value) as "know" | "heard"
        ] ?? { zh: String(value), en: String(value) },
    };
    const anyOf = foldCondition(
      ["{aware} anyof ['know', 'heard']"],
      scopeFor(""),
    ) as PaperCondition;
    expect(conditionInstruction(anyOf, words)).toEqual({
      zh: "如第10题选“知道”或“听说过”，请回答本题；否则请跳过本题。",
      en: "Answer only if you ticked “Yes” or “Heard of it” in question 10; otherwise skip this question.",
    });
    const both = foldCondition(["{score} >= 4 and {source} notcontains 'tv'"], scopeFor(""));
    expect(conditionInstruction(both as PaperCondition, words).zh).toBe(
      "如第12题所填的数不小于 4，且第11题没有选“tv”，请回答本题；否则请跳过本题。",
    );
    expect(conditionInstruction({ unknown: true }, words).zh).toBe(
      "本题是否需要回答取决于前面的回答；不适用时请跳过。",
    );
  });
});
