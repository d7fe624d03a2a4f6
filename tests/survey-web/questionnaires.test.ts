import { readFileSync } from "node:fs";
import { Model, type Question, QuestionSelectBase } from "survey-core";
import { describe, expect, it } from "vitest";
import { AnswerValidator } from "../../api/responses/answer-validator.ts";
import {
  type QuestionnaireFile,
  loadQuestionnaireLibrary,
  questionnairesForScheme,
} from "../../api/questionnaires/questionnaire-library.ts";
import { questionnaireWording } from "../../api/questionnaires/questionnaire-wording.ts";

const library = loadQuestionnaireLibrary();
const machineValue = /^[a-z0-9_]+$/;
const identifying = /姓名|电话|手机|身份证|\bname\b|phone|\bID\b|identity card/i;
const fourPointScale = ["satisfied", "basically_satisfied", "dissatisfied", "unknown"];
const fivePointScale = [
  "satisfied",
  "fairly_satisfied",
  "basically_satisfied",
  "dissatisfied",
  "unknown",
];

function rawFile(key: string): Record<string, unknown> {
  const text = readFileSync(
    new URL(`../../survey-web/questionnaires/${key}.json`, import.meta.url),
    "utf8",
  );
  return JSON.parse(text) as Record<string, unknown>;
}

function modelOf(file: QuestionnaireFile, variables: Record<string, string> = {}): Model {
  const model = new Model(file.survey);
  for (const [name, value] of Object.entries(variables)) model.setVariable(name, value);
  return model;
}

function question(model: Model, name: string): Question {
  const q = model.getQuestionByName(name);
  if (!q) throw new Error(`no question ${name}`);
  return q;
}

function choiceValues(q: Question): unknown[] {
  return q instanceof QuestionSelectBase ? q.choices.map((c) => c.value as unknown) : [];
}

/** The element named `name` in the shipped JSON, wherever it is nested. */
function findElement(node: unknown, name: string): unknown {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findElement(child, name);
      if (found) return found;
    }
  } else if (typeof node === "object" && node !== null) {
    const record = node as Record<string, unknown>;
    if (record.name === name && typeof record.type === "string") return record;
    return findElement(Object.values(record), name);
  }
  return undefined;
}

/** Every localisable text in the JSON: objects with a "default" (Chinese) key. */
function localisedTexts(
  node: unknown,
  path = "survey",
  out: [string, Record<string, unknown>][] = [],
) {
  if (Array.isArray(node)) node.forEach((child, i) => localisedTexts(child, `${path}[${i}]`, out));
  else if (typeof node === "object" && node !== null) {
    const record = node as Record<string, unknown>;
    if ("default" in record) out.push([path, record]);
    else
      for (const [key, child] of Object.entries(record))
        localisedTexts(child, `${path}.${key}`, out);
  }
  return out;
}

describe("the questionnaire library", () => {
  it("loads the three questionnaires, each with exactly the documented top-level keys", () => {
    expect(library.map((f) => f.key)).toEqual(["social", "staff", "student"]);
    for (const file of library) {
      expect(Object.keys(rawFile(file.key)).sort()).toEqual(
        ["itemRoles", "key", "respondentGroups", "schemes", "survey", "title"].sort(),
      );
      expect(file.title["zh-cn"]).toMatch(/[\u4e00-\u9fff]/);
      expect(file.title.en).toMatch(/[a-z]/i);
    }
  });

  it("gives each scheme its questionnaires: students only under the 2017 method", () => {
    expect(questionnairesForScheme("basic_2012").map((f) => f.key)).toEqual(["social", "staff"]);
    expect(questionnairesForScheme("quality_2017").map((f) => f.key)).toEqual([
      "social",
      "staff",
      "student",
    ]);
  });

  it("hands out copies, so a caller cannot change the library", () => {
    const [first] = loadQuestionnaireLibrary();
    if (first) first.respondentGroups.push("student");
    expect(loadQuestionnaireLibrary()[0]?.respondentGroups).not.toContain("student");
  });
});

describe.each(library.map((f) => [f.key, f] as const))("the %s questionnaire", (_key, file) => {
  const model = modelOf(file);
  const questions = model.getAllQuestions();

  it("has a Chinese and an English text for every title, description, label and choice", () => {
    const texts = localisedTexts(file.survey);
    expect(texts.length).toBeGreaterThan(20);
    for (const [path, text] of texts) {
      expect(Object.keys(text).sort(), path).toEqual(["default", "en"]);
      expect(text.default, path).toMatch(/[\u4e00-\u9fff]/);
      expect(text.en, path).toMatch(/[a-z]/i);
    }
    for (const q of questions) {
      expect(q.locTitle.getLocaleText(""), q.name).not.toBe("");
      expect(q.locTitle.getLocaleText("en"), q.name).not.toBe("");
    }
  });

  it("leaves the district and the scheme to the campaign's words, never written in", () => {
    const wordingNames = Object.keys(
      questionnaireWording({ districtName: "某区", level: "district", scheme: "basic_2012" }),
    );
    for (const [path, text] of localisedTexts(file.survey)) {
      for (const locale of ["default", "en"] as const) {
        const words = String(text[locale]);
        // Texts name only the campaign's words: survey-core fills them in on the page.
        for (const [, name] of words.matchAll(/\{([^{}]*)\}/g)) {
          expect(wordingNames, `${path}.${locale}`).toContain(name);
        }
      }
      expect(text.default, path).not.toMatch(/本区|本县|本市|基本均衡|优质均衡/);
      expect(text.en, path).not.toMatch(/this district|basically balanced/i);
    }
  });

  it("gives every option a stable machine value with both labels", () => {
    for (const q of questions.filter((x) => x instanceof QuestionSelectBase)) {
      if (q.name === "school") continue; // filled at run time from the campaign's schools
      expect(q.choices.length, q.name).toBeGreaterThan(0);
      for (const choice of q.choices) {
        expect(String(choice.value), q.name).toMatch(machineValue);
        expect(typeof choice.value, q.name).toBe("string");
        expect(choice.locText.getLocaleText(""), `${q.name}.${choice.value}`).toMatch(
          /[\u4e00-\u9fff]/,
        );
        expect(choice.locText.getLocaleText("en"), `${q.name}.${choice.value}`).toMatch(
          /[a-z0-9]/i,
        );
      }
    }
  });

  it("names only real questions in itemRoles, with overall among the satisfaction items", () => {
    const names = questions.map((q) => q.name);
    const { satisfaction = [], overall, awareness = [] } = file.itemRoles;
    expect(satisfaction.length).toBeGreaterThanOrEqual(5);
    for (const name of [...satisfaction, ...awareness]) expect(names).toContain(name);
    expect(overall).toBe("sat_overall");
    expect(satisfaction).toContain(overall);
    expect(satisfaction.filter((n) => awareness.includes(n))).toEqual([]);
    // Questionnaire order, as ItemRoles promises.
    expect([...satisfaction].sort((a, b) => names.indexOf(a) - names.indexOf(b))).toEqual(
      satisfaction,
    );
  });

  it("asks satisfaction items as required vertical radio groups on the product's scale", () => {
    const scale = file.key === "student" ? fivePointScale : fourPointScale;
    for (const name of file.itemRoles.satisfaction ?? []) {
      const q = question(model, name);
      expect(q.getType(), name).toBe("radiogroup");
      expect(q.isRequired, name).toBe(true);
      expect((q as unknown as { colCount: number }).colCount, name).toBe(1);
      expect(choiceValues(q), name).toEqual(scale);
    }
  });

  it("asks nobody for a name, phone number or ID number", () => {
    for (const q of questions) {
      expect(q.locTitle.getLocaleText(""), q.name).not.toMatch(identifying);
      expect(q.locTitle.getLocaleText("en"), q.name).not.toMatch(identifying);
      expect(["tel", "email"]).not.toContain((q as unknown as { inputType?: string }).inputType);
    }
    const commentBoxes = questions.filter(
      (q) => q.getType() === "comment" || q.getType() === "text",
    );
    expect(commentBoxes.map((q) => q.name)).toEqual(["comment"]);
    const comment = question(model, "comment");
    expect(comment.isRequired).toBe(false);
    expect((comment as unknown as { maxLength: number }).maxLength).toBeLessThanOrEqual(500);
  });

  it("follows the page conventions: identity, a searchable school list and the computed group", () => {
    const survey = file.survey;
    expect(survey).toMatchObject({
      showProgressBar: "top",
      showCompletedPage: false,
      showQuestionNumbers: "on",
    });
    expect(survey.completedHtml).toBeUndefined();
    expect(model.pages.map((p) => p.name)).toEqual(
      file.key === "social"
        ? ["intro", "items", "awareness", "comment"]
        : ["intro", "items", "comment"],
    );
    if (file.respondentGroups.length === 1) {
      // One group (students): the link presets it, so there is nothing to ask.
      expect(model.getQuestionByName("identity")).toBeNull();
    } else {
      const identity = question(model, "identity");
      expect(identity.visibleIf).toBe("{presetGroup} empty");
      expect(identity.isRequired).toBe(true);
      expect(choiceValues(identity)).toEqual(file.respondentGroups);
    }
    const school = question(model, "school");
    expect(school.getType()).toBe("dropdown");
    const schoolJson = model.pages.flatMap((p) => p.toJSON().elements as unknown[]);
    expect(schoolJson).toContainEqual(
      expect.objectContaining({ name: "school", isRequired: true }),
    );
    // toJSON() drops defaults, so read the shipped JSON for the run-time-filled, searchable list.
    expect(JSON.stringify(rawFile(file.key))).toContain(
      JSON.stringify({ type: "dropdown", name: "school" }).slice(1, -1),
    );
    expect(findElement(file.survey, "school")).toMatchObject({
      choices: [],
      searchEnabled: true,
      isRequired: true,
    });
    expect(survey.calculatedValues).toEqual([
      file.respondentGroups.length === 1
        ? { name: "group", expression: "{presetGroup}" }
        : { name: "group", expression: "iif({presetGroup} notempty, {presetGroup}, {identity})" },
    ]);
  });

  it("computes {group} in survey-core from the link's preset group, or else from identity", () => {
    const [first, second] = file.respondentGroups;
    if (!second) {
      const preset = modelOf(file, { presetGroup: first ?? "", channelSchool: "" });
      expect(preset.getVariable("group")).toBe(first);
      return;
    }
    const preset = modelOf(file, { presetGroup: second ?? first ?? "", channelSchool: "" });
    preset.setValue("identity", first);
    expect(preset.getVariable("group")).toBe(second ?? first);
    expect(question(preset, "identity").isVisible).toBe(false);
    const open = modelOf(file, { presetGroup: "", channelSchool: "" });
    open.setValue("identity", first);
    expect(open.getVariable("group")).toBe(first);
  });

  it("can be answered completely by a respondent of every group it serves", () => {
    const validator = new AnswerValidator(file.survey);
    // A questionnaire serving one group asks no identity: its links preset the group.
    const presetGroup = (group: string) => (file.respondentGroups.length === 1 ? group : "");
    for (const group of file.respondentGroups) {
      const answers: Record<string, unknown> = presetGroup(group)
        ? { school: "S01" }
        : { identity: group, school: "S01" };
      const m = modelOf(file, { presetGroup: presetGroup(group), channelSchool: "" });
      if (!presetGroup(group)) m.setValue("identity", group);
      for (const q of m.getAllQuestions()) {
        if (!q.isVisible || !q.isParentVisible || q.name in answers) continue;
        const [firstChoice] = choiceValues(q);
        if (q.getType() === "checkbox") answers[q.name] = [firstChoice];
        else if (firstChoice !== undefined) answers[q.name] = firstChoice;
        m.setValue(q.name, answers[q.name]);
      }
      if (!question(m, "school").isVisible) delete answers.school;
      const result = validator.validate(answers, {
        variables: { presetGroup: presetGroup(group), channelSchool: "" },
        externalChoices: { school: new Set(["S01"]) },
      });
      expect(result.ok ? [] : result.issues, group).toEqual([]);
    }
  });
});

describe("the social questionnaire's own rules", () => {
  const social = library.find((f) => f.key === "social");
  if (!social) throw new Error("no social questionnaire");
  const model = modelOf(social, { presetGroup: "", channelSchool: "" });

  it("asks the six 2012 items and keeps awareness apart from them", () => {
    expect(social.itemRoles.satisfaction).toEqual([
      "sat_nearby_enrolment",
      "sat_facility_gap",
      "sat_teacher_gap",
      "sat_school_choice",
      "sat_government_effort",
      "sat_overall",
    ]);
    expect(social.itemRoles.awareness).toEqual(["aware_campaign", "aware_source"]);
    expect(choiceValues(question(model, "aware_campaign"))).toEqual(["know", "heard", "unaware"]);
    expect(choiceValues(question(model, "aware_source"))).toEqual([
      "parent_meeting",
      "letter",
      "wechat_account",
      "school_board",
      "media",
      "other",
    ]);
  });

  it("asks only parents for the school and the child's level, and only if the link has no school", () => {
    for (const [group, channelSchool, shown] of [
      ["parent", "", true],
      ["parent", "S01", false],
      ["resident", "", false],
    ] as const) {
      const m = modelOf(social, { presetGroup: "", channelSchool });
      m.setValue("identity", group);
      expect(question(m, "school").isVisible, `${group} ${channelSchool}`).toBe(shown);
      expect(question(m, "child_level").isVisible, group).toBe(group === "parent");
    }
    expect(choiceValues(question(model, "child_level"))).toEqual([
      "primary_low",
      "primary_high",
      "junior",
    ]);
  });

  it("shows where people heard of the campaign only to those who did", () => {
    for (const [answer, shown] of [
      ["know", true],
      ["heard", true],
      ["unaware", false],
    ] as const) {
      model.setValue("aware_campaign", answer);
      expect(question(model, "aware_source").isVisible, answer).toBe(shown);
    }
  });
});

describe("the student questionnaire", () => {
  it("serves grades 3 to 9 and always ties the student to a school", () => {
    const student = library.find((f) => f.key === "student");
    if (!student) throw new Error("no student questionnaire");
    const model = modelOf(student, { presetGroup: "student", channelSchool: "" });
    expect(choiceValues(question(model, "grade"))).toEqual(["3", "4", "5", "6", "7", "8", "9"]);
    expect(question(model, "school").isVisible).toBe(true);
    expect(student.schemes).toEqual(["quality_2017"]);
  });
});
