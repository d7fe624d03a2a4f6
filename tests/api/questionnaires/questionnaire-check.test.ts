import { describe, expect, it } from "vitest";
import {
  type CheckContext,
  checkQuestionnaire,
} from "../../../api/questionnaires/questionnaire-check.ts";
import { questionnairesForScheme } from "../../../api/questionnaires/questionnaire-library.ts";
import { readImport } from "../../../api/questionnaires/surveyjs-import.ts";

/*
 * The import rules on their own, against the shipped 2017 social questionnaire: what passes
 * unchanged, and each refusal with the path a power user needs to find it in their JSON.
 */
type Json = Record<string, unknown>;

const social = questionnairesForScheme("quality_2017").find((q) => q.key === "social")!;
const context: CheckContext = {
  base: { survey: social.survey, itemRoles: social.itemRoles },
  earlier: [
    { name: "child_level", kind: "single", where: { zh: "社会卷第 1 版", en: "social version 1" } },
  ],
  analysisNeeds: new Map(),
  wordingVariables: ["district", "area", "areaEn", "balance", "balanceEn"],
  scale: null,
};

function edited(change: (survey: Json) => void): Json {
  const survey = structuredClone(social.survey) as Json;
  change(survey);
  return survey;
}

function find(survey: Json, name: string): Json {
  for (const page of survey.pages as Json[]) {
    const found = (page.elements as Json[]).find((e) => e.name === name);
    if (found) return found;
  }
  throw new Error(`no ${name}`);
}

const problems = (survey: Json, itemRoles: unknown = social.itemRoles) => {
  const result = checkQuestionnaire({ survey, itemRoles }, context);
  return result.ok ? [] : result.problems.map((p) => [p.code, p.path]);
};

describe("the questionnaire import rules", () => {
  it("pass the shipped questionnaire as it is", () => {
    expect(problems(social.survey)).toEqual([]);
  });

  it("refuse survey settings that would redirect, preset or hide what the platform relies on", () => {
    const survey = edited((s) => {
      s.navigateToUrl = "https://example.com";
      s.showCompletedPage = true;
      s.clearInvisibleValues = "none";
    });
    expect(problems(survey)).toEqual(
      expect.arrayContaining([
        ["unsupported_setting", "survey.navigateToUrl"],
        ["fixed_setting", "survey.showCompletedPage"],
        ["fixed_setting", "survey.clearInvisibleValues"],
      ]),
    );
  });

  it("name a misspelt placeholder, a text without English, a reserved name and a changed kind", () => {
    const survey = edited((s) => {
      find(s, "sat_overall").title = { default: "本{distrct}总体", en: "Overall" };
      find(s, "sat_homework").title = { default: "只有中文" };
      find(s, "child_level").type = "checkbox";
      const items = (s.pages as Json[]).find((p) => p.name === "items")!;
      (items.elements as Json[]).push({
        type: "text",
        name: "district",
        title: { default: "组", en: "Group" },
      });
    });
    const found = problems(survey);
    expect(found).toEqual(
      expect.arrayContaining([
        ["unknown_placeholder", expect.stringMatching(/\.title\.default$/)],
        ["missing_text", expect.stringMatching(/\.title\.en$/)],
        ["reserved_name", expect.stringMatching(/\.name$/)],
        ["type_changed", expect.stringMatching(/\.type$/)],
      ]),
    );
  });

  it("keep an imported file to its own questionnaire and refuse what is not JSON", () => {
    const target = {
      key: "social",
      respondentGroups: social.respondentGroups,
      itemRoles: social.itemRoles,
    };
    const bad = readImport('{"survey": {"pages": [}', target);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatchObject({ code: "not_json", path: "" });
    const groups = readImport(
      JSON.stringify({ key: "social", respondentGroups: ["student"], survey: social.survey }),
      target,
    );
    expect(groups.ok ? [] : groups.problems.map((p) => p.code)).toEqual(["groups_mismatch"]);
    const bare = readImport(JSON.stringify(social.survey), target);
    expect(bare.ok && bare.imported.itemRoles).toEqual(social.itemRoles);
  });

  it("answers a hostile file with problems, never an exception", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const survey = edited((s) => {
      (find(s, "sat_overall").choices as Json[])[0]!.value = deep;
      s.calculatedValues = [{ name: "group", expression: "{identity}", extra: deep }];
    });
    const found = problems(survey);
    expect(found).toEqual(
      expect.arrayContaining([
        ["bad_value", expect.stringMatching(/choices\[0\]\.value$/)],
        ["group_logic_changed", "survey.calculatedValues"],
      ]),
    );
  });
});
