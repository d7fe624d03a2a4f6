import { readFileSync, readdirSync } from "node:fs";
import { Model, type Question, QuestionSelectBase } from "survey-core";
import { describe, expect, it } from "vitest";
import { type SatisfactionScale, respondentCategories, scaleValues } from "../../analysis/index.ts";
import { AnswerValidator } from "../../api/responses/answer-validator.ts";
import {
  type QuestionnaireFile,
  checkedQuestionnaire,
  loadQuestionnaireLibrary,
  questionnairesForScheme,
} from "../../api/questionnaires/questionnaire-library.ts";
import { questionnaireWording } from "../../api/questionnaires/questionnaire-wording.ts";
import {
  commonScale,
  defaultScale,
  scaleChoices,
  withScale,
} from "../../api/questionnaires/satisfaction-scale.ts";

const library = loadQuestionnaireLibrary();
const folder = new URL("../../survey-web/questionnaires/", import.meta.url);
const machineValue = /^[a-z0-9_]+$/;
const identifying = /姓名|电话|手机|身份证|\bname\b|phone|\bID\b|identity card/i;
const threePoints = ["satisfied", "basically_satisfied", "dissatisfied"];
const fourPointsAndUnknown = [
  "satisfied",
  "fairly_satisfied",
  "basically_satisfied",
  "dissatisfied",
  "unknown",
];
const allScales: SatisfactionScale[] = [3, 4, 5].flatMap((points) =>
  [false, true].map((dontKnow) => ({ points: points as 3 | 4 | 5, dontKnow })),
);

const labelOf = (f: QuestionnaireFile) => `${f.scheme}/${f.key}`;

function rawFile(file: QuestionnaireFile): Record<string, unknown> {
  const text = readFileSync(new URL(`${file.scheme}/${file.key}.json`, folder), "utf8");
  return JSON.parse(text) as Record<string, unknown>;
}

function fileOf(scheme: string, key: string): QuestionnaireFile {
  const file = library.find((f) => f.scheme === scheme && f.key === key);
  if (!file) throw new Error(`no ${scheme}/${key}`);
  return file;
}

function modelOf(survey: object, variables: Record<string, string> = {}): Model {
  const model = new Model(survey);
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
function findElement(node: unknown, name: string): Record<string, unknown> | undefined {
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

/** A question's Chinese title as a respondent of a 县 under `scheme` reads it. */
function readTitle(file: QuestionnaireFile, name: string): string {
  const wording = questionnaireWording({
    districtName: "清河县",
    level: "county",
    scheme: file.scheme,
  });
  const model = modelOf(file.survey, { ...wording });
  return question(model, name).locTitle.renderedHtml;
}

describe("the questionnaire library, one folder per scheme", () => {
  it("holds the 2012 A卷 and staff questionnaire, and the 2017 社会卷, 校长教师卷 and 学生卷", () => {
    expect(library.map(labelOf)).toEqual([
      "basic_2012/social",
      "basic_2012/staff",
      "quality_2017/social",
      "quality_2017/staff",
      "quality_2017/student",
    ]);
    expect(readdirSync(folder).filter((name) => name.endsWith(".json"))).toEqual([
      "scale-options.json",
    ]);
    for (const file of library) {
      expect(Object.keys(rawFile(file)).sort(), labelOf(file)).toEqual(
        ["itemRoles", "key", "respondentGroups", "scheme", "survey", "title"].sort(),
      );
      expect(file.title["zh-cn"]).toMatch(/[\u4e00-\u9fff]/);
      expect(file.title.en).toMatch(/[a-z]/i);
    }
  });

  it("gives each scheme its own files: students only under the 2017 method", () => {
    expect(questionnairesForScheme("basic_2012").map(labelOf)).toEqual([
      "basic_2012/social",
      "basic_2012/staff",
    ]);
    expect(questionnairesForScheme("quality_2017").map(labelOf)).toEqual([
      "quality_2017/social",
      "quality_2017/staff",
      "quality_2017/student",
    ]);
  });

  it("hands out copies, so a caller cannot change the library", () => {
    const [first] = loadQuestionnaireLibrary();
    if (first) first.respondentGroups.push("student");
    expect(loadQuestionnaireLibrary()[0]?.respondentGroups).not.toContain("student");
  });

  it("refuses a file whose place, roles or scale do not fit, naming every problem", () => {
    const social = rawFile(fileOf("basic_2012", "social"));
    const where = { scheme: "basic_2012", key: "social", source: "x.json" } as const;
    expect(checkedQuestionnaire(social, where).key).toBe("social");
    expect(() => checkedQuestionnaire(social, { ...where, scheme: "quality_2017" })).toThrow(
      /scheme "basic_2012" is not its folder's/,
    );
    expect(() => checkedQuestionnaire(social, { ...where, key: "staff" })).toThrow(
      /key "social" does not match the file name/,
    );
    expect(() => checkedQuestionnaire({ ...social, schemes: ["basic_2012"] }, where)).toThrow(
      /x\.json/,
    );
    // One item on another scale than the rest.
    const mixed = structuredClone(social);
    const item = findElement(mixed.survey, "sat_teacher_gap");
    if (!item) throw new Error("no sat_teacher_gap");
    item.choices = scaleChoices({ points: 4, dontKnow: false });
    expect(() => checkedQuestionnaire(mixed, where)).toThrow(/do not all offer one of the scales/);
    // The scale's values with other words: a campaign's scale would silently change them.
    const relabelled = structuredClone(social);
    const relabelledItem = findElement(relabelled.survey, "sat_overall");
    if (!relabelledItem) throw new Error("no sat_overall");
    relabelledItem.choices = scaleChoices({ points: 3, dontKnow: false }).map((c) => ({
      ...c,
      text: { default: `${c.text.default}！`, en: c.text.en },
    }));
    expect(() => checkedQuestionnaire(relabelled, where)).toThrow(
      /"sat_overall" labels its options otherwise than the scale/,
    );
    // Awareness kept apart from satisfaction.
    const blended = structuredClone(social) as { itemRoles: Record<string, unknown> };
    blended.itemRoles.awareness = ["aware_campaign", "sat_overall"];
    expect(() => checkedQuestionnaire(blended, where)).toThrow(
      /"sat_overall" is both awareness and satisfaction/,
    );
  });
});

describe.each(library.map((f) => [labelOf(f), f] as const))("the %s questionnaire", (_l, file) => {
  const model = modelOf(file.survey);
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
    const {
      satisfaction = [],
      overall,
      awareness = [],
      awarenessSource,
      background = [],
    } = file.itemRoles;
    expect(satisfaction.length).toBeGreaterThanOrEqual(6);
    for (const name of [...satisfaction, ...awareness, ...background]) {
      expect(names).toContain(name);
    }
    expect(overall).toBe("sat_overall");
    expect(satisfaction).toContain(overall);
    const scored = new Set(satisfaction);
    for (const name of [...awareness, ...background, ...(awarenessSource ? [awarenessSource] : [])])
      expect(scored.has(name), name).toBe(false);
    // Questionnaire order, as ItemRoles promises.
    expect([...satisfaction].sort((a, b) => names.indexOf(a) - names.indexOf(b))).toEqual(
      satisfaction,
    );
  });

  it("asks satisfaction items as required vertical radio groups on its scheme's default scale", () => {
    const scale = file.scheme === "basic_2012" ? threePoints : fourPointsAndUnknown;
    expect(scaleValues(defaultScale(file.scheme))).toEqual(scale);
    for (const name of file.itemRoles.satisfaction ?? []) {
      const q = question(model, name);
      expect(q.getType(), name).toBe("radiogroup");
      expect(q.isRequired, name).toBe(true);
      expect((q as unknown as { colCount: number }).colCount, name).toBe(1);
      expect(choiceValues(q), name).toEqual(scale);
    }
  });

  it("words every satisfaction item neutrally: one plain question, no praise to agree with", () => {
    const loaded = /成效显著|显著|大力|有力|扎实|积极|不断|明显|巨大|非常好|全面提升|切实/;
    for (const name of file.itemRoles.satisfaction ?? []) {
      const title = question(model, name).locTitle.getLocaleText("");
      expect(title, name).not.toMatch(loaded);
      expect(title, name).not.toMatch(/差距的状况/);
      // Adults are asked 是否满意; students read a statement and say how satisfied they are.
      expect(title, name).toMatch(file.key === "student" ? /你满意吗？$|满意吗？$/ : /是否满意？$/);
      expect(title.match(/[？?]/g)?.length, name).toBe(1);
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
    expect(question(model, "school").getType()).toBe("dropdown");
    expect(findElement(file.survey, "school")).toMatchObject({
      type: "dropdown",
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
      const preset = modelOf(file.survey, { presetGroup: first ?? "", channelSchool: "" });
      expect(preset.getVariable("group")).toBe(first);
      return;
    }
    const preset = modelOf(file.survey, { presetGroup: second, channelSchool: "" });
    preset.setValue("identity", first);
    expect(preset.getVariable("group")).toBe(second);
    expect(question(preset, "identity").isVisible).toBe(false);
    const open = modelOf(file.survey, { presetGroup: "", channelSchool: "" });
    open.setValue("identity", first);
    expect(open.getVariable("group")).toBe(first);
  });

  it.each(allScales)("can be answered completely by every group it serves on %o", (scale) => {
    const survey = withScale(file.survey, file.itemRoles.satisfaction ?? [], scale);
    const validator = new AnswerValidator(survey);
    const last = scaleValues(scale).at(-1);
    // A questionnaire serving one group asks no identity: its links preset the group.
    const presetGroup = (group: string) => (file.respondentGroups.length === 1 ? group : "");
    for (const group of file.respondentGroups) {
      const answers: Record<string, unknown> = presetGroup(group)
        ? { school: "S01" }
        : { identity: group, school: "S01" };
      const m = modelOf(survey, { presetGroup: presetGroup(group), channelSchool: "" });
      if (!presetGroup(group)) m.setValue("identity", group);
      for (const q of m.getAllQuestions()) {
        if (!q.isVisible || !q.isParentVisible || q.name in answers) continue;
        const values = choiceValues(q);
        const pick = (file.itemRoles.satisfaction ?? []).includes(q.name) ? last : values[0];
        if (q.getType() === "checkbox") answers[q.name] = [pick];
        else if (pick !== undefined) answers[q.name] = pick;
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

describe("a campaign's scale applied to the library", () => {
  it.each(library.map((f) => [labelOf(f), f] as const))(
    "%s: each scale swaps exactly the satisfaction items' options, nothing else",
    (_l, file) => {
      const items = file.itemRoles.satisfaction ?? [];
      const strip = (survey: Record<string, unknown>) => {
        const copy = structuredClone(survey);
        for (const name of items) delete findElement(copy, name)?.choices;
        return copy;
      };
      for (const scale of allScales) {
        const survey = withScale(file.survey, items, scale);
        expect(commonScale([{ survey, names: items }])).toEqual(scale);
        expect(strip(survey)).toEqual(strip(file.survey));
        const model = modelOf(survey);
        for (const name of items) {
          const q = question(model, name);
          expect(choiceValues(q)).toEqual(scaleValues(scale));
          expect(q instanceof QuestionSelectBase && q.choices.map((c) => c.text)).toEqual(
            scaleChoices(scale).map((c) => c.text.default),
          );
        }
        // The server refuses what the scale does not offer.
        const validator = new AnswerValidator(survey);
        for (const value of ["fairly_satisfied", "very_dissatisfied", "unknown"]) {
          const offered = scaleValues(scale).includes(value as never);
          const result = validator.validate(
            { [items[0]!]: value },
            { variables: { presetGroup: "", channelSchool: "" }, externalChoices: {} },
          );
          const refused = !result.ok && result.issues.some((i) => i.code === "not_a_choice");
          expect(refused, `${value} on ${JSON.stringify(scale)}`).toBe(!offered);
        }
      }
      // The library itself is untouched.
      expect(commonScale([{ survey: file.survey, names: items }])).toEqual(
        defaultScale(file.scheme),
      );
    },
  );

  it("labels the five-point scale 满意 / 比较满意 / 基本满意 / 不满意 / 很不满意, 不了解 last", () => {
    expect(scaleChoices({ points: 5, dontKnow: true }).map((c) => c.text.default)).toEqual([
      "满意",
      "比较满意",
      "基本满意",
      "不满意",
      "很不满意",
      "不了解",
    ]);
    expect(scaleChoices({ points: 3, dontKnow: false }).map((c) => c.text.en)).toEqual([
      "Satisfied",
      "Basically satisfied",
      "Dissatisfied",
    ]);
  });
});

describe("the 2012 A卷 (basic_2012/social)", () => {
  const aForm = fileOf("basic_2012", "social");
  const model = modelOf(aForm.survey, { presetGroup: "", channelSchool: "" });

  it("lists the A卷's identity categories in its order, each kind of respondent apart", () => {
    const identity = question(model, "identity");
    expect(
      identity instanceof QuestionSelectBase &&
        identity.choices.map((c) => [c.value, c.locText.getLocaleText("")]),
    ).toEqual([
      ["deputy", "人大代表"],
      ["cppcc_member", "政协委员"],
      ["principal", "义务教育学校校长"],
      ["teacher", "义务教育学校教师"],
      ["parent", "学生家长"],
      ["resident", "群众代表"],
    ]);
    // Counted as the A卷's four categories: 人大代表、政协委员 / 义务教育学校校长、教师 / 学生家长 / 群众代表.
    expect(respondentCategories(aForm.respondentGroups)).toEqual([
      { key: "deputy_cppcc", groups: ["deputy", "cppcc_member"] },
      { key: "principal_teacher", groups: ["principal", "teacher"] },
      { key: "parent", groups: ["parent"] },
      { key: "resident", groups: ["resident"] },
    ]);
  });

  it("asks the six items, an open comment and awareness apart from them", () => {
    expect(aForm.itemRoles).toEqual({
      satisfaction: [
        "sat_nearby_enrolment",
        "sat_facility_gap",
        "sat_teacher_gap",
        "sat_school_choice",
        "sat_government_effort",
        "sat_overall",
      ],
      overall: "sat_overall",
      awareness: ["aware_campaign"],
      awarenessSource: "aware_source",
      background: ["child_level"],
    });
    expect(readTitle(aForm, "sat_facility_gap")).toBe(
      "您对本县缩小学校之间办学条件（校舍、设施设备、图书等）差距的情况是否满意？",
    );
    expect(readTitle(aForm, "sat_school_choice")).toBe(
      "您对本县规范招生、治理择校的情况是否满意？",
    );
    expect(readTitle(aForm, "sat_government_effort")).toBe(
      "您对本县政府推进义务教育基本均衡发展的努力程度是否满意？",
    );
    // The 2012 title of the recognition: 义务教育发展基本均衡县.
    expect(readTitle(aForm, "aware_campaign")).toBe(
      "您是否知道本县正在创建义务教育发展基本均衡县？",
    );
    expect(choiceValues(question(model, "aware_campaign"))).toEqual(["know", "heard", "unaware"]);
    expect(choiceValues(question(model, "aware_source"))).toEqual([
      "parent_meeting",
      "letter",
      "wechat_account",
      "school_board",
      "media",
      "other",
    ]);
    expect(question(model, "comment").getType()).toBe("comment");
  });

  it("asks the school of parents, principals and teachers, and the child's level of parents", () => {
    for (const [group, channelSchool, shown] of [
      ["parent", "", true],
      ["teacher", "", true],
      ["principal", "", true],
      ["parent", "S01", false],
      ["resident", "", false],
      ["deputy", "", false],
    ] as const) {
      const m = modelOf(aForm.survey, { presetGroup: "", channelSchool });
      m.setValue("identity", group);
      expect(question(m, "school").isVisible, `${group} ${channelSchool}`).toBe(shown);
      expect(question(m, "child_level").isVisible, group).toBe(group === "parent");
    }
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

  it("has a staff questionnaire asking the same six items by the same names, and more", () => {
    const staff = fileOf("basic_2012", "staff");
    expect(staff.respondentGroups).toEqual(["principal", "teacher"]);
    expect(staff.itemRoles.satisfaction).toEqual(
      expect.arrayContaining(aForm.itemRoles.satisfaction ?? []),
    );
    expect(staff.itemRoles.satisfaction).toEqual(
      expect.arrayContaining(["sat_teacher_exchange", "sat_training", "sat_workload"]),
    );
  });
});

describe("the 2017 questionnaires", () => {
  const social = fileOf("quality_2017", "social");
  const staff = fileOf("quality_2017", "staff");
  const student = fileOf("quality_2017", "student");

  it("serve the 2017 groups: 社会卷 parents, deputies, CPPCC members, residents; 校长教师卷; 学生卷", () => {
    expect([...social.respondentGroups].sort()).toEqual(
      ["cppcc_member", "deputy", "parent", "resident"].sort(),
    );
    expect([...staff.respondentGroups].sort()).toEqual(["principal", "teacher"]);
    expect(student.respondentGroups).toEqual(["student"]);
  });

  it("cover the social-recognition topics of the 2017 method", () => {
    // Fairness policies, sharing good resources, lawful running, all-round education, exam and
    // assessment reform, quality, 立德树人 and homework burden.
    expect(social.itemRoles.satisfaction).toEqual(
      expect.arrayContaining([
        "sat_fairness_policy",
        "sat_quality_sharing",
        "sat_lawful_running",
        "sat_all_round",
        "sat_exam_reform",
        "sat_quality",
        "sat_virtue",
        "sat_homework",
      ]),
    );
    expect(staff.itemRoles.satisfaction).toEqual(
      expect.arrayContaining([
        "sat_fairness_policy",
        "sat_quality_sharing",
        "sat_lawful_running",
        "sat_all_round",
        "sat_exam_reform",
        "sat_virtue",
        "sat_homework",
        "sat_teacher_exchange",
        "sat_workload",
      ]),
    );
    expect(student.itemRoles.satisfaction).toEqual(
      expect.arrayContaining(["sat_fairness", "sat_virtue", "sat_all_round", "sat_homework"]),
    );
    expect(readTitle(social, "sat_school_choice")).toBe(
      "您对本县规范招生、治理择校的情况是否满意？",
    );
    expect(readTitle(social, "aware_campaign")).toBe(
      "您是否知道本县正在创建义务教育优质均衡发展县？",
    );
    expect(readTitle(social, "sat_government_effort")).toContain("优质均衡");
  });

  it("keep a question's name only where it asks the same thing", () => {
    // Items both schemes' social questionnaires ask read the same, but for the scheme's words.
    const aForm = fileOf("basic_2012", "social");
    const shared = (social.itemRoles.satisfaction ?? []).filter((n) =>
      (aForm.itemRoles.satisfaction ?? []).includes(n),
    );
    expect(shared).toEqual([
      "sat_nearby_enrolment",
      "sat_school_choice",
      "sat_government_effort",
      "sat_overall",
    ]);
    for (const name of shared) {
      expect(readTitle(social, name).replace("优质均衡", "基本均衡"), name).toBe(
        readTitle(aForm, name),
      );
    }
  });

  it("ask students in statements a child reads at once, and never who they are", () => {
    const model = modelOf(student.survey, { presetGroup: "student", channelSchool: "" });
    expect(model.getQuestionByName("identity")).toBeNull();
    expect(choiceValues(question(model, "grade"))).toEqual(["3", "4", "5", "6", "7", "8", "9"]);
    expect(question(model, "school").isVisible).toBe(true);
    expect(student.itemRoles.background).toEqual(["grade"]);
    expect(readTitle(student, "sat_fairness")).toBe(
      "老师能公平对待班上每一位同学，你对这一点满意吗？",
    );
    for (const name of student.itemRoles.satisfaction ?? []) {
      expect(readTitle(student, name).length, name).toBeLessThanOrEqual(30);
      expect(readTitle(student, name), name).not.toMatch(/您/);
    }
    // The title a student reads names the campaign's kind of balance.
    const wording = { balance: "优质均衡", district: "清河县" };
    expect(modelOf(student.survey, wording).locTitle.renderedHtml).toBe(
      "清河县义务教育优质均衡发展调查（学生问卷）",
    );
  });
});
