import { Serializer } from "survey-core";
import { type QuestionnaireProblem, at, problem } from "./questionnaire-problem.ts";
import {
  displayTypes,
  limits,
  pageNamePattern,
  pageProperties,
  pageVariables,
  questionNamePattern,
  supportedTypes,
  surveyProperties,
  typeProperties,
} from "./survey-json-rules.ts";
import {
  type CheckSink,
  type Json,
  type Reference,
  checkProperties,
  checkQuestion,
  isObject,
  referencedNames,
} from "./survey-json-values.ts";

export { type Reference, isObject } from "./survey-json-values.ts";

/** One answerable question as the walk found it. */
export interface WalkedQuestion {
  readonly name: string;
  readonly type: string;
  readonly path: string;
  readonly element: Json;
  /** Option values in order (choice questions), else empty. */
  readonly values: readonly string[];
}

export interface SurveyWalk {
  readonly problems: QuestionnaireProblem[];
  readonly questions: readonly WalkedQuestion[];
  /** Every `{name}` a condition or calculation refers to, with where (for removal reasons). */
  readonly references: readonly Reference[];
  /** The references that name no question, calculated value or page variable. */
  readonly unresolved: readonly Reference[];
}

/**
 * The structural checks of a SurveyJS questionnaire, each problem with its path: pages with
 * names, supported types and properties (survey-json-rules.ts), question names, option values,
 * texts in Chinese and English, placeholders and condition references that resolve, limits.
 * `wordingVariables` are the placeholders texts may use ({district} …).
 */
export function walkSurvey(survey: unknown, wordingVariables: readonly string[]): SurveyWalk {
  const problems: QuestionnaireProblem[] = [];
  const questions: WalkedQuestion[] = [];
  const references: Reference[] = [];
  const placeholders: { name: string; path: string }[] = [];
  const sink: CheckSink = { problems, references, placeholders };
  const seenNames = new Map<string, string>();
  let elementCount = 0;
  let tooMany = false;

  const walkElements = (elements: unknown, path: string, depth: number) => {
    if (!Array.isArray(elements)) {
      problems.push(problem("not_array", path));
      return;
    }
    elements.forEach((element, i) => {
      const where = at(path, i);
      elementCount += 1;
      if (elementCount > limits.elements) {
        if (!tooMany)
          problems.push(
            problem("too_many", where, {
              what: "题目和面板",
              whatEn: "elements",
              limit: limits.elements,
            }),
          );
        tooMany = true;
        return;
      }
      if (!isObject(element)) {
        problems.push(problem("not_object", where));
        return;
      }
      const type = element.type;
      const rawName = element.name;
      const name = typeof rawName === "string" ? rawName : null;
      if (typeof type !== "string" || !supportedTypes.includes(type)) {
        const known = typeof type === "string" && Serializer.findClass(type) !== undefined;
        problems.push(
          problem(
            known ? "unsupported_type" : "unknown_type",
            at(where, "type"),
            { type: String(type), supported: supportedTypes.join(", ") },
            name,
          ),
        );
        return;
      }
      checkProperties(sink, element, typeProperties[type]!, where, name, "unsupported_property");
      if (type === "panel") {
        if (depth >= limits.depth)
          problems.push(problem("too_deep", where, { limit: limits.depth }));
        else walkElements(element.elements, at(where, "elements"), depth + 1);
        return;
      }
      if (name === null || name === "") {
        problems.push(problem("missing_name", at(where, "name")));
        return;
      }
      const answerable = !displayTypes.includes(type);
      if (!answerable) return;
      if (!questionNamePattern.test(name)) {
        problems.push(problem("bad_name", at(where, "name"), { name }, name));
        return;
      }
      if ([...pageVariables, ...wordingVariables, "group"].includes(name)) {
        problems.push(problem("reserved_name", at(where, "name"), { name }, name));
        return;
      }
      const earlier = seenNames.get(name);
      if (earlier !== undefined) {
        problems.push(problem("duplicate_name", at(where, "name"), { name, other: earlier }, name));
        return;
      }
      seenNames.set(name, where);
      if (element.title === undefined)
        problems.push(problem("missing_title", at(where, "title"), {}, name));
      const values = checkQuestion(sink, element, type, where, name);
      questions.push({ name, type, path: where, element, values });
    });
  };

  if (!isObject(survey)) {
    problems.push(problem("not_object", "survey"));
    return { problems, questions, references, unresolved: [] };
  }
  checkProperties(sink, survey, surveyProperties, "survey", null, "unsupported_setting");
  if (survey.showCompletedPage !== undefined && survey.showCompletedPage !== false) {
    problems.push(
      problem("fixed_setting", "survey.showCompletedPage", {
        property: "showCompletedPage",
        expected: "false",
        why: "填写完成后由平台显示确认页",
        whyEn: "the platform shows its own confirmation",
      }),
    );
  }
  if (survey.clearInvisibleValues !== "onHidden") {
    problems.push(
      problem("fixed_setting", "survey.clearInvisibleValues", {
        property: "clearInvisibleValues",
        expected: '"onHidden"',
        why: "题目被隐藏时须清除其回答，服务器拒收隐藏题的回答",
        whyEn:
          "a hidden question's answer must go, as the server refuses answers to hidden questions",
      }),
    );
  }
  const pages = survey.pages;
  if (!Array.isArray(pages) || pages.length === 0) {
    problems.push(problem("no_pages", "survey.pages"));
  } else if (pages.length > limits.pages) {
    problems.push(
      problem("too_many", "survey.pages", { what: "页", whatEn: "pages", limit: limits.pages }),
    );
  } else {
    const pageNames = new Set<string>();
    pages.forEach((page, i) => {
      const where = at("survey.pages", i);
      if (!isObject(page)) {
        problems.push(problem("not_object", where));
        return;
      }
      checkProperties(sink, page, pageProperties, where, null, "unsupported_property");
      const name = page.name;
      if (typeof name !== "string" || !pageNamePattern.test(name)) {
        problems.push(problem("bad_page_name", at(where, "name"), { name: String(name ?? "") }));
      } else if (pageNames.has(name)) {
        problems.push(problem("duplicate_page", at(where, "name"), { name }));
      } else pageNames.add(name);
      walkElements(page.elements, at(where, "elements"), 1);
    });
  }
  if (questions.length > limits.questions) {
    problems.push(
      problem("too_many", "survey.pages", {
        what: "题目",
        whatEn: "questions",
        limit: limits.questions,
      }),
    );
  }

  const calculated = calculatedNames(survey.calculatedValues, references);
  const known = new Set([...questions.map((q) => q.name), ...calculated, ...pageVariables]);
  // `item` is the choice an option's condition is about (choicesVisibleIf).
  const unresolved = references.filter((ref) => !known.has(ref.name) && ref.name !== "item");
  const textNames = new Set([...known, ...wordingVariables]);
  for (const placeholder of placeholders) {
    if (!textNames.has(placeholder.name)) {
      problems.push(
        problem("unknown_placeholder", placeholder.path, {
          name: placeholder.name,
          known: wordingVariables.map((n) => `{${n}}`).join(" "),
        }),
      );
    }
  }
  return { problems, questions, references, unresolved };
}

/** The names of the calculated values; their expressions' references join `references`. */
function calculatedNames(list: unknown, references: Reference[]): string[] {
  if (!Array.isArray(list)) return [];
  const names: string[] = [];
  list.forEach((item, i) => {
    if (!isObject(item)) return;
    if (typeof item.name === "string") names.push(item.name);
    const path = at(at("survey.calculatedValues", i), "expression");
    if (typeof item.expression === "string") {
      for (const name of referencedNames(item.expression)) {
        references.push({ name, path, by: `calculatedValues.${String(item.name)}` });
      }
    }
  });
  return names;
}
