import { describe, expect, it } from "vitest";
import {
  type AnswerIssue,
  AnswerValidator,
  AnswerValidatorCache,
  type ValidationContext,
  type ValidationResult,
} from "../../../api/responses/answer-validator.ts";
import { loadQuestionnaireLibrary } from "../../../api/questionnaires/questionnaire-library.ts";
import { withScale } from "../../../api/questionnaires/satisfaction-scale.ts";

const library = loadQuestionnaireLibrary();
/** The first library file of `key` (the 2012 one), on a scale with 不了解 as the sheets answer it. */
function surveyOf(key: string): Record<string, unknown> {
  const file = library.find((f) => f.key === key);
  if (!file) throw new Error(`no ${key} questionnaire`);
  const scale = { points: key === "student" ? 4 : 3, dontKnow: true } as const;
  return withScale(file.survey, file.itemRoles.satisfaction ?? [], scale);
}
const social = new AnswerValidator(surveyOf("social"));
const staff = new AnswerValidator(surveyOf("staff"));
const schoolCodes = new Set(["S01", "S02", "S03"]);

function ctx(presetGroup = "", channelSchool = ""): ValidationContext {
  return { variables: { presetGroup, channelSchool }, externalChoices: { school: schoolCodes } };
}
const posterLink = ctx("", "S01");
const districtLink = ctx();

/** A parent answering through a school's poster: the school comes from the link. */
function parentAnswers(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const answers: Record<string, unknown> = {
    identity: "parent",
    child_level: "primary_high",
    sat_nearby_enrolment: "satisfied",
    sat_facility_gap: "basically_satisfied",
    sat_teacher_gap: "satisfied",
    sat_school_choice: "unknown",
    sat_government_effort: "dissatisfied",
    sat_overall: "satisfied",
    aware_campaign: "heard",
    aware_source: ["letter", "wechat_account"],
    comment: "希望增加课后服务。",
    ...overrides,
  };
  for (const [key, value] of Object.entries(answers)) if (value === undefined) delete answers[key];
  return answers;
}

function issuesOf(result: ValidationResult): Pick<AnswerIssue, "question" | "code">[] {
  return result.ok ? [] : result.issues.map(({ question, code }) => ({ question, code }));
}

describe("AnswerValidator on the social questionnaire", () => {
  it("accepts a complete answer set and returns exactly the validated answers", () => {
    const answers = parentAnswers({ comment: "  希望增加课后服务。\n" });
    const result = social.validate(answers, posterLink);
    expect(result).toEqual({ ok: true, answers: parentAnswers() });
    if (result.ok) expect(result.answers).not.toBe(answers);
  });

  it("reports a visible required question left empty, and whitespace counts as empty", () => {
    expect(
      issuesOf(social.validate(parentAnswers({ sat_overall: undefined }), posterLink)),
    ).toEqual([{ question: "sat_overall", code: "required" }]);
    expect(issuesOf(social.validate(parentAnswers({ sat_overall: "   " }), posterLink))).toEqual([
      { question: "sat_overall", code: "required" },
    ]);
  });

  it("refuses an option that is not offered, an array for a single choice and an unknown key", () => {
    const result = social.validate(
      parentAnswers({
        sat_facility_gap: "very_satisfied",
        sat_teacher_gap: ["satisfied"],
        nickname: "x",
      }),
      posterLink,
    );
    expect(issuesOf(result)).toEqual([
      { question: "sat_teacher_gap", code: "wrong_type" },
      { question: "nickname", code: "unknown_question" },
      { question: "sat_facility_gap", code: "not_a_choice" },
    ]);
  });

  it("refuses a companion comment key on a question without an 'other' box or comment area", () => {
    expect(
      issuesOf(social.validate(parentAnswers({ "sat_overall-Comment": "x" }), posterLink)),
    ).toEqual([{ question: "sat_overall-Comment", code: "unknown_question" }]);
  });

  it("refuses text over the questionnaire's maxLength and a string PostgreSQL cannot store", () => {
    expect(
      issuesOf(social.validate(parentAnswers({ comment: "好".repeat(501) }), posterLink)),
    ).toEqual([{ question: "comment", code: "too_long" }]);
    expect(social.validate(parentAnswers({ comment: "好".repeat(500) }), posterLink).ok).toBe(true);
    expect(issuesOf(social.validate(parentAnswers({ comment: "a\u0000b" }), posterLink))).toEqual([
      { question: "comment", code: "wrong_type" },
    ]);
  });

  it("reports an answer to a question hidden by another answer (aware_source after 'unaware')", () => {
    expect(
      issuesOf(social.validate(parentAnswers({ aware_campaign: "unaware" }), posterLink)),
    ).toEqual([{ question: "aware_source", code: "not_visible" }]);
    expect(
      social.validate(
        parentAnswers({ aware_campaign: "unaware", aware_source: undefined }),
        posterLink,
      ).ok,
    ).toBe(true);
    expect(
      issuesOf(social.validate(parentAnswers({ aware_source: undefined }), posterLink)),
    ).toEqual([{ question: "aware_source", code: "required" }]);
  });

  it("hides identity when the link presets the group, and then asks no parent questions of a deputy", () => {
    const deputyLink = ctx("deputy");
    const deputy = parentAnswers({ identity: undefined, child_level: undefined });
    expect(social.validate(deputy, deputyLink).ok).toBe(true);
    expect(issuesOf(social.validate({ ...deputy, identity: "deputy" }, deputyLink))).toEqual([
      { question: "identity", code: "not_visible" },
    ]);
    expect(
      issuesOf(social.validate({ ...deputy, child_level: "junior", school: "S01" }, deputyLink)),
    ).toEqual([
      { question: "school", code: "not_visible" },
      { question: "child_level", code: "not_visible" },
    ]);
  });

  it("requires a parent on a district link to pick one of the campaign's schools", () => {
    expect(issuesOf(social.validate(parentAnswers(), districtLink))).toEqual([
      { question: "school", code: "required" },
    ]);
    expect(social.validate(parentAnswers({ school: "S02" }), districtLink)).toEqual({
      ok: true,
      answers: { ...parentAnswers(), school: "S02" },
    });
    expect(issuesOf(social.validate(parentAnswers({ school: "S99" }), districtLink))).toEqual([
      { question: "school", code: "not_a_choice" },
    ]);
    expect(issuesOf(social.validate(parentAnswers({ school: 1 }), districtLink))).toEqual([
      { question: "school", code: "not_a_choice" },
    ]);
    // A resident is not tied to a school.
    expect(
      social.validate(parentAnswers({ identity: "resident", child_level: undefined }), districtLink)
        .ok,
    ).toBe(true);
  });

  it("does not let a link tied to a school be overridden by an answer", () => {
    expect(issuesOf(social.validate(parentAnswers({ school: "S02" }), posterLink))).toEqual([
      { question: "school", code: "not_visible" },
    ]);
  });

  it("refuses anything but a plain object as the answer sheet", () => {
    for (const answers of [null, [parentAnswers()], "answers", 42, new Date()]) {
      expect(issuesOf(social.validate(answers, posterLink))).toEqual([
        { question: "", code: "wrong_type" },
      ]);
    }
  });

  it("writes each message in Chinese then English, numbered as the respondent saw the question", () => {
    const result = social.validate(parentAnswers({ sat_school_choice: "maybe" }), posterLink);
    expect(result.ok).toBe(false);
    const message = result.ok ? "" : (result.issues[0]?.message ?? "");
    // identity, child_level, then the 4th satisfaction item: the school question is hidden on a poster link.
    // The title as stored; the submission endpoint fills in the campaign's words (本区, 本县).
    expect(message).toBe(
      '第6题「您对本{area}规范招生、治理择校的情况是否满意？」：请选择列表中的选项。 Q6 "How satisfied are you with how…": choose one of the listed options.',
    );
  });

  it("lists at most 50 issues and says how many more there are", () => {
    const junk = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`junk_${i}`, "x"]));
    const result = social.validate(parentAnswers(junk), posterLink);
    expect(result.ok ? [] : result.issues).toHaveLength(51);
    expect(result.ok ? undefined : result.issues[50]?.code).toBe("too_many_issues");
  });
});

describe("AnswerValidator on the staff questionnaire", () => {
  const staffAnswers = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    sat_nearby_enrolment: "satisfied",
    sat_facility_gap: "satisfied",
    sat_teacher_gap: "basically_satisfied",
    sat_school_choice: "satisfied",
    sat_government_effort: "satisfied",
    sat_teacher_exchange: "unknown",
    sat_training: "satisfied",
    sat_workload: "dissatisfied",
    sat_overall: "basically_satisfied",
    ...overrides,
  });

  it("takes the group from a teacher link and always ties staff to a school", () => {
    const teacherLink = ctx("teacher");
    expect(issuesOf(staff.validate(staffAnswers(), teacherLink))).toEqual([
      { question: "school", code: "required" },
    ]);
    expect(staff.validate(staffAnswers({ school: "S03" }), teacherLink).ok).toBe(true);
    expect(
      issuesOf(staff.validate(staffAnswers({ school: "S03", identity: "teacher" }), teacherLink)),
    ).toEqual([{ question: "identity", code: "not_visible" }]);
    expect(staff.validate(staffAnswers(), ctx("teacher", "S03")).ok).toBe(true);
  });

  it("asks for identity on a link without a group, among teacher and principal only", () => {
    expect(issuesOf(staff.validate(staffAnswers(), ctx("", "S01")))).toEqual([
      { question: "identity", code: "required" },
    ]);
    expect(staff.validate(staffAnswers({ identity: "principal" }), ctx("", "S01")).ok).toBe(true);
    expect(issuesOf(staff.validate(staffAnswers({ identity: "parent" }), ctx("", "S01")))).toEqual([
      { question: "identity", code: "not_a_choice" },
    ]);
  });
});

describe("AnswerValidator on question types the shipped questionnaires do not use", () => {
  const noContext: ValidationContext = { variables: {}, externalChoices: {} };
  const inline = new AnswerValidator({
    pages: [
      {
        name: "p1",
        elements: [
          { type: "rating", name: "score", rateMin: 1, rateMax: 5 },
          { type: "rating", name: "stars", rateValues: [1, 3, 5] },
          {
            type: "checkbox",
            name: "channels",
            choices: ["a", "b", "c", { value: "never", isExclusive: true }],
            maxSelectedChoices: 2,
            minSelectedChoices: 2,
            showSelectAllItem: true,
          },
          { type: "radiogroup", name: "source", choices: ["x", "y"], showOtherItem: true },
          { type: "boolean", name: "agree" },
          { type: "text", name: "age", inputType: "number", min: 6, max: 16 },
          { type: "text", name: "short" },
          { type: "text", name: "why", requiredIf: "{agree} = false" },
        ],
      },
      {
        name: "p2",
        visibleIf: "{agree} = true",
        elements: [{ type: "comment", name: "more", maxLength: 10 }],
      },
    ],
  });
  const check = (answers: Record<string, unknown>) => issuesOf(inline.validate(answers, noContext));

  it("accepts a rating on the scale and refuses 99, 0, 2.5, 'abc' and '3'", () => {
    expect(check({ score: 3, stars: 5 })).toEqual([]);
    expect(check({ score: 99 })).toEqual([{ question: "score", code: "out_of_range" }]);
    expect(check({ score: 0 })).toEqual([{ question: "score", code: "out_of_range" }]);
    expect(check({ score: 2.5 })).toEqual([{ question: "score", code: "out_of_range" }]);
    expect(check({ stars: 2 })).toEqual([{ question: "stars", code: "out_of_range" }]);
    expect(check({ score: "abc" })).toEqual([{ question: "score", code: "wrong_type" }]);
    expect(check({ score: "3" })).toEqual([{ question: "score", code: "wrong_type" }]);
  });

  it("checks checkbox arrays: unique, offered, within min/max, exclusive options alone", () => {
    expect(check({ channels: ["a", "b"] })).toEqual([]);
    expect(check({ channels: ["a", "a"] })).toEqual([
      { question: "channels", code: "duplicate_choice" },
    ]);
    expect(check({ channels: ["a", "z"] })).toEqual([
      { question: "channels", code: "not_a_choice" },
    ]);
    expect(check({ channels: ["a", ""] })).toEqual([
      { question: "channels", code: "not_a_choice" },
    ]);
    expect(check({ channels: ["a", "b", "c"] })).toEqual([
      { question: "channels", code: "too_many" },
    ]);
    expect(check({ channels: ["a"] })).toEqual([{ question: "channels", code: "too_few" }]);
    expect(check({ channels: ["a", "never"] })).toEqual([
      { question: "channels", code: "exclusive_choice" },
    ]);
    expect(check({ channels: "a" })).toEqual([{ question: "channels", code: "wrong_type" }]);
    expect(check({ channels: [{ value: "a" }] })).toEqual([
      { question: "channels", code: "wrong_type" },
    ]);
  });

  it("takes the text of an 'other' choice under <name>-Comment, only with 'other'", () => {
    expect(inline.validate({ source: "other", "source-Comment": " 邻居 " }, noContext)).toEqual({
      ok: true,
      answers: { source: "other", "source-Comment": "邻居" },
    });
    expect(check({ source: "other" })).toEqual([{ question: "source-Comment", code: "required" }]);
    expect(check({ source: "x", "source-Comment": "邻居" })).toEqual([
      { question: "source-Comment", code: "not_visible" },
    ]);
    expect(check({ source: "other", "source-Comment": "好".repeat(501) })).toEqual([
      { question: "source-Comment", code: "too_long" },
    ]);
  });

  it("checks booleans, numbers, the default text cap, requiredIf and page visibility", () => {
    expect(check({ agree: "yes" })).toEqual([{ question: "agree", code: "wrong_type" }]);
    expect(check({ age: 10 })).toEqual([]);
    expect(check({ age: 17 })).toEqual([{ question: "age", code: "out_of_range" }]);
    expect(check({ age: "10" })).toEqual([{ question: "age", code: "wrong_type" }]);
    expect(check({ short: "x".repeat(500) })).toEqual([]);
    expect(check({ short: "x".repeat(501) })).toEqual([{ question: "short", code: "too_long" }]);
    expect(check({ agree: false })).toEqual([{ question: "why", code: "required" }]);
    expect(check({ agree: true, more: "0123456789" })).toEqual([]);
    expect(check({ agree: true, more: "0123456789x" })).toEqual([
      { question: "more", code: "too_long" },
    ]);
    expect(check({ agree: false, why: "因为", more: "x" })).toEqual([
      { question: "more", code: "not_visible" },
    ]);
  });

  it("refuses, at construction, a questionnaire it could not check exactly", () => {
    expect(
      () =>
        new AnswerValidator({
          elements: [{ type: "matrix", name: "m", columns: ["a"], rows: ["r"] }],
        }),
    ).toThrow(/type "matrix"/);
    expect(
      () =>
        new AnswerValidator({
          elements: [{ type: "text", name: "t", visibleIf: "nosuchfn({x})" }],
        }),
    ).toThrow(/survey-core reported/);
    expect(
      () => new AnswerValidator({ elements: [{ type: "text", name: "t", valueName: "v" }] }),
    ).toThrow(/valueName/);
  });
});

describe("a reused validator", () => {
  it("gives the same result as a fresh one, over 1,000 alternating calls", () => {
    const cases: [unknown, ValidationContext][] = [
      [parentAnswers(), posterLink],
      [parentAnswers({ identity: undefined, child_level: undefined }), ctx("deputy")],
      [parentAnswers({ aware_campaign: "unaware" }), posterLink],
      [parentAnswers({ school: "S02" }), districtLink],
      [parentAnswers(), districtLink],
      [
        { identity: "resident" },
        { variables: { presetGroup: "", channelSchool: "", extra: "1" }, externalChoices: {} },
      ],
      [parentAnswers({ identity: "teacher" }), ctx("", "S01")],
    ];
    const expected = cases.map(([answers, context]) =>
      new AnswerValidator(surveyOf("social")).validate(answers, context),
    );
    const reused = new AnswerValidator(surveyOf("social"));
    for (let i = 0; i < 1000; i++) {
      const k = (i * 5) % cases.length; // an order that differs from the cases' own
      const [answers, context] = cases[k] ?? [];
      expect(reused.validate(answers, context ?? districtLink)).toEqual(expected[k]);
    }
    // Each change of link context re-runs every survey-core condition (~1 ms), hence the time allowed.
  }, 30_000);
});

describe("AnswerValidatorCache", () => {
  it("returns one validator per questionnaire version and drops the least recently used", () => {
    const cache = new AnswerValidatorCache(2);
    const json = surveyOf("staff");
    const first = cache.get(1, json);
    expect(cache.get(1, json)).toBe(first);
    const second = cache.get(2, json);
    cache.get(1, json); // 1 is now the most recent
    cache.get(3, json); // evicts 2
    expect(cache.get(1, json)).toBe(first);
    expect(cache.get(2, json)).not.toBe(second);
  });
});

describe("the kept question states", () => {
  /** Every question's name and the values a sheet may try: its options, and some that are not. */
  function candidates(survey: Record<string, unknown>): Map<string, unknown[]> {
    const found = new Map<string, unknown[]>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== "object") return;
      const element = node as Record<string, unknown>;
      if (typeof element.name === "string" && typeof element.type === "string") {
        const choices = Array.isArray(element.choices)
          ? element.choices.map((c) =>
              typeof c === "object" && c !== null ? (c as { value: unknown }).value : c,
            )
          : [];
        const wrong = ["nope", 42, true, "", ["satisfied"], "S99"];
        const values: unknown[] =
          element.type === "checkbox"
            ? [...choices.map((c) => [c]), choices.slice(0, 2), choices.slice(-2), ...wrong]
            : element.type === "comment" || element.type === "text"
              ? ["好", "x".repeat(5000), 7]
              : [...choices, ...choices, ...wrong];
        found.set(element.name, [...values, ...schoolCodes, "other"]);
      }
      Object.values(element).forEach(walk);
    };
    walk(survey);
    return found;
  }

  for (const key of ["social", "staff", "student"]) {
    it(`give the same results as loading the model for every sheet (${key})`, () => {
      const survey = surveyOf(key);
      const kept = new AnswerValidator(survey);
      const reference = new AnswerValidator(survey, { keepStates: false });
      const values = candidates(survey);
      let seed = 7;
      const next = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
      const contexts = [ctx(), ctx("", "S01"), ctx("parent", "S02"), ctx("teacher", "S01")];
      let accepted = 0;
      for (let sheet = 0; sheet < 400; sheet++) {
        const answers: Record<string, unknown> = {};
        for (const [name, options] of values) {
          const roll = next();
          // Mostly a sensible sheet, so that many pass and the kept states are used.
          if (roll < 0.75) answers[name] = options[0] === undefined ? undefined : pick(options);
          else if (roll < 0.8) answers[`${name}-Comment`] = "其他说明";
        }
        if (next() < 0.1) answers.no_such_question = "x";
        const context = pick(contexts);
        let expected = reference.validate(answers, context);
        expect(kept.validate(answers, context)).toEqual(expected);
        // Repaired as a respondent would (drop what is refused, answer what is required), the
        // sheet mostly passes: both paths are compared on accepted sheets too.
        for (let round = 0; round < 4 && !expected.ok; round++) {
          for (const issue of expected.issues) {
            const options = values.get(issue.question);
            if (issue.code === "required" && options) answers[issue.question] = options[0];
            else delete answers[issue.question];
          }
          expected = reference.validate(answers, context);
          expect(kept.validate(answers, context)).toEqual(expected);
        }
        if (!expected.ok) continue;
        accepted += 1;
        // One answer changed on an accepted sheet: the change that flips what is shown.
        const names = [...values.keys()];
        for (let change = 0; change < 6; change++) {
          const name = pick(names);
          const changed = { ...answers, [name]: pick(values.get(name)!) };
          expect(kept.validate(changed, context)).toEqual(reference.validate(changed, context));
        }
      }
      // Both outcomes are exercised.
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThan(400);
    });
  }
});
