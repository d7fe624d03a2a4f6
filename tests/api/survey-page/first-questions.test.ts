import { describe, expect, it } from "vitest";
import { FirstPageCache, firstPageOf } from "../../../api/survey-page/first-questions.ts";
import { firstQuestionsHtml } from "../../../api/survey-page/views/first-questions-html.ts";
import social from "../../../survey-web/questionnaires/quality_2017/social.json" with { type: "json" };
import staff from "../../../survey-web/questionnaires/quality_2017/staff.json" with { type: "json" };
import student from "../../../survey-web/questionnaires/quality_2017/student.json" with { type: "json" };

const names = (page: ReturnType<typeof firstPageOf>) => page?.questions.map((q) => q.name) ?? [];

function single(extra: Record<string, unknown>, title = "第一题") {
  return {
    showQuestionNumbers: "on",
    pages: [
      {
        name: "p1",
        title: "页",
        elements: [
          {
            type: "radiogroup",
            name: "q1",
            title,
            choices: [{ value: "a", text: "甲" }, "b"],
            ...extra,
          },
          { type: "radiogroup", name: "q2", choices: ["x"] },
        ],
      },
    ],
  };
}

describe("the first questions worked out on the server", () => {
  it("are the questions survey-core shows first, with the link's variables", () => {
    // A school poster link: the identity question alone (the child's level waits for it).
    const school = firstPageOf(social.survey, { presetGroup: "", channelSchool: "S01" });
    expect(names(school)).toEqual(["identity"]);
    expect(school?.questions[0]).toMatchObject({
      number: "1.",
      title: "您的身份是",
      required: true,
      choices: [
        { value: "parent", text: "学生家长" },
        { value: "resident", text: "其他群众（社会人士）" },
        { value: "deputy", text: "人大代表" },
        { value: "cppcc_member", text: "政协委员" },
      ],
    });
    expect(school?.pageTitle).toBe("基本情况");
    expect(school?.surveyDescription).toContain("匿名");
    // A parents' link: no identity question, the child's level first, numbered 1.
    const parents = firstPageOf(social.survey, { presetGroup: "parent", channelSchool: "S01" });
    expect(names(parents)).toEqual(["child_level"]);
    expect(parents?.questions[0]?.number).toBe("1.");
    // The student questionnaire on a school link (students only: no identity question).
    expect(
      names(firstPageOf(student.survey, { presetGroup: "student", channelSchool: "S01" })),
    ).toEqual(["grade"]);
  });

  it("stop at the first question plain HTML cannot show as survey-core would", () => {
    // A teachers' link of the district (no school): the school dropdown comes first.
    expect(firstPageOf(staff.survey, { presetGroup: "teacher", channelSchool: "" })).toBeNull();
    // The student questionnaire on a district link: the school dropdown comes first.
    expect(firstPageOf(student.survey, { presetGroup: "student", channelSchool: "" })).toBeNull();
    for (const extra of [
      { choicesOrder: "random" },
      { showOtherItem: true },
      { showNoneItem: true },
      { choices: [1, 2] },
    ]) {
      expect(firstPageOf(single(extra), { presetGroup: "", channelSchool: "" })).toBeNull();
    }
    expect(names(firstPageOf(single({}), { presetGroup: "", channelSchool: "" }))).toEqual([
      "q1",
      "q2",
    ]);
  });

  it("fill in the campaign's words as survey-core's text processing does", () => {
    const survey = {
      title: "{district}义务教育{balance}发展满意度调查",
      pages: [
        {
          name: "p1",
          title: "对本{area}的评价",
          elements: [
            {
              type: "radiogroup",
              name: "q1",
              title: "您对本{area}规范招生的情况是否满意？",
              description: "本{area}：{district}",
              choices: [{ value: "a", text: "本{area}学校" }],
            },
          ],
        },
      ],
    };
    const county = { district: "清河县", area: "县", balance: "优质均衡" };
    const page = firstPageOf(survey, { presetGroup: "", channelSchool: "", wording: county });
    expect(page).toMatchObject({
      surveyTitle: "清河县义务教育优质均衡发展满意度调查",
      pageTitle: "对本县的评价",
      questions: [
        {
          title: "您对本县规范招生的情况是否满意？",
          description: "本县：清河县",
          choices: [{ value: "a", text: "本县学校" }],
        },
      ],
    });
    const district = { district: "测试区", area: "区", balance: "基本均衡" };
    const cache = new FirstPageCache();
    const inCounty = cache.get(1, survey, { presetGroup: "", channelSchool: "", wording: county });
    const inDistrict = cache.get(1, survey, {
      presetGroup: "",
      channelSchool: "",
      wording: district,
    });
    expect(inCounty?.questions[0]?.title).toBe("您对本县规范招生的情况是否满意？");
    expect(inDistrict?.surveyTitle).toBe("测试区义务教育基本均衡发展满意度调查");
    expect(inDistrict?.questions[0]?.title).toBe("您对本区规范招生的情况是否满意？");
  });

  it("are written as escaped HTML radio buttons, none of them chosen", () => {
    const page = firstPageOf(single({}, '<img src=x onerror="alert(1)">'), {
      presetGroup: "",
      channelSchool: "",
    });
    const html = firstQuestionsHtml(page);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html.match(/type="radio"/g)).toHaveLength(3);
    expect(html).not.toMatch(/\bchecked\b/);
    expect(html).toContain('name="jh-first-q1" value="a"');
    expect(firstQuestionsHtml(null)).toBe("");
  });

  it("are kept per questionnaire version and variables", () => {
    const cache = new FirstPageCache(2);
    const vars = { presetGroup: "", channelSchool: "S01" };
    const first = cache.get(1, social.survey, vars);
    expect(cache.get(1, social.survey, vars)).toBe(first);
    expect(names(cache.get(1, social.survey, { ...vars, presetGroup: "parent" }))).toEqual([
      "child_level",
    ]);
    // Past its size the oldest goes: a new object, equal in content.
    cache.get(2, staff.survey, vars);
    const again = cache.get(1, social.survey, vars);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
