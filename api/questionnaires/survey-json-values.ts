import { type QuestionnaireProblem, at, problem } from "./questionnaire-problem.ts";
import {
  type PropertyRule,
  choiceProperties,
  choiceTypes,
  limits,
  optionValuePattern,
  steeringProperties,
  uncheckedProperties,
} from "./survey-json-rules.ts";

/**
 * The checks of one SurveyJS object's properties and values (survey-json-rules.ts): texts in
 * Chinese and English, property values, options and rating points; survey-json-checks.ts
 * walks the document and calls these. Problems, condition references and text placeholders
 * go into the walk's sink.
 */
export type Json = Record<string, unknown>;

export interface Reference {
  readonly name: string;
  readonly path: string;
  /** The question (or calculated value) whose condition it is. */
  readonly by: string;
}

export interface CheckSink {
  readonly problems: QuestionnaireProblem[];
  readonly references: Reference[];
  readonly placeholders: { name: string; path: string }[];
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `{name}` references in an expression or a text, by the name before any `.` or `[`. */
export function referencedNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\{([^{}"]+)\}/g)) {
    const name = match[1]!.split(/[.[]/)[0]!.trim();
    if (name !== "") names.push(name);
  }
  return names;
}

const languageNames = { zh: "中文", en: "英文" } as const;

/** A refused value, quoted briefly (never the whole of a nested list a file may hold). */
function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.slice(0, 80));
  if (value === null || typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return Array.isArray(value) ? "[…]" : value === undefined ? "—" : "{…}";
}

export function checkText(
  sink: CheckSink,
  value: unknown,
  path: string,
  question: string | null,
  max: number,
): void {
  if (!isObject(value)) {
    sink.problems.push(problem("missing_text", path, {}, question));
    return;
  }
  for (const key of Object.keys(value)) {
    if (!["default", "en", "zh-cn"].includes(key)) {
      sink.problems.push(
        problem("unsupported_property", at(path, key), { property: key }, question),
      );
    }
  }
  for (const [key, language] of [
    ["default", "zh"],
    ["en", "en"],
  ] as const) {
    const text = value[key];
    if (typeof text !== "string" || text.trim() === "") {
      sink.problems.push(
        problem(
          typeof text === "string" ? "empty_text" : "missing_text",
          at(path, key),
          {
            language: languageNames[language],
            languageEn: language === "zh" ? "Chinese" : "English",
          },
          question,
        ),
      );
      continue;
    }
    if (text.length > max)
      sink.problems.push(problem("text_too_long", at(path, key), { limit: max }, question));
    for (const name of referencedNames(text)) sink.placeholders.push({ name, path: at(path, key) });
  }
}

/** What a value of `rule` must be, in Chinese and English, when `value` is not one; else null. */
function expectedValue(rule: PropertyRule, value: unknown): [string, string] | null {
  switch (rule) {
    case "bool":
      return typeof value === "boolean" ? null : ["true 或 false", "true or false"];
    case "int":
      return Number.isInteger(value) && Math.abs(value as number) <= 100_000
        ? null
        : ["整数", "a whole number"];
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : ["数字", "a number"];
    case "short":
      return (typeof value === "string" && value.length <= 200) || typeof value === "number"
        ? null
        : ["不超过 200 字的文字", "text of at most 200 characters"];
    case "value":
      return typeof value === "boolean" ||
        (typeof value === "string" && optionValuePattern.test(value))
        ? null
        : ["true、false 或选项代码", "true, false or an option value"];
    case "expression":
      return typeof value === "string" && value.length <= limits.expression
        ? null
        : [
            `不超过 ${limits.expression} 字的条件`,
            `a condition of at most ${limits.expression} characters`,
          ];
    case "special":
    case "text":
      return null;
    default: {
      const listed = rule.oneOf.map(String).join(" / ");
      return rule.oneOf.includes(value as string | boolean) ? null : [listed, listed];
    }
  }
}

function checkValue(
  sink: CheckSink,
  rule: PropertyRule,
  value: unknown,
  property: string,
  path: string,
  question: string | null,
): void {
  if (rule === "text") {
    checkText(sink, value, path, question, property === "html" ? limits.html : limits.text);
    return;
  }
  const expected = expectedValue(rule, value);
  if (expected) {
    const [zh, en] = expected;
    sink.problems.push(
      problem("bad_setting_value", path, { property, expected: zh, expectedEn: en }, question),
    );
    return;
  }
  if (rule === "expression") {
    for (const name of referencedNames(value as string)) {
      sink.references.push({ name, path, by: question ?? path });
    }
  }
}

/** Property checks shared by the survey, pages, choices and elements. */
export function checkProperties(
  sink: CheckSink,
  object: Json,
  rules: Readonly<Record<string, PropertyRule>>,
  path: string,
  question: string | null,
  unknown: "unsupported_property" | "unsupported_setting",
): void {
  for (const [property, value] of Object.entries(object)) {
    const rule = rules[property];
    const where = at(path, property);
    if (rule === undefined) {
      const code = steeringProperties.includes(property)
        ? "steering_property"
        : uncheckedProperties.includes(property)
          ? "unchecked_property"
          : unknown;
      sink.problems.push(problem(code, where, { property }, question));
      continue;
    }
    checkValue(sink, rule, value, property, where, question);
  }
}

function checkChoices(sink: CheckSink, element: Json, path: string, name: string): string[] {
  const list = element.choices;
  const where = at(path, "choices");
  if (!Array.isArray(list)) {
    sink.problems.push(problem("not_array", where, {}, name));
    return [];
  }
  if (list.length > limits.choices) {
    sink.problems.push(
      problem("too_many", where, { what: "选项", whatEn: "options", limit: limits.choices }, name),
    );
  }
  const values: string[] = [];
  list.slice(0, limits.choices).forEach((item, i) => {
    const itemPath = at(where, i);
    if (!isObject(item)) {
      // A bare string is its own value and text: no English, and often no machine value.
      sink.problems.push(problem("not_object", itemPath, {}, name));
      return;
    }
    checkProperties(sink, item, choiceProperties, itemPath, name, "unsupported_property");
    const value = item.value;
    if (typeof value !== "string" || !optionValuePattern.test(value)) {
      sink.problems.push(
        problem("bad_value", at(itemPath, "value"), { value: describeValue(value) }, name),
      );
      return;
    }
    if (values.includes(value)) {
      sink.problems.push(problem("duplicate_value", at(itemPath, "value"), { value }, name));
      return;
    }
    if (item.text === undefined)
      sink.problems.push(problem("missing_text", at(itemPath, "text"), {}, name));
    values.push(value);
  });
  // The school question's choices are filled by the page from the campaign's schools.
  if (values.length < 2 && !(name === "school" && list.length === 0)) {
    sink.problems.push(problem("no_choices", where, {}, name));
  }
  return values;
}

function checkRating(sink: CheckSink, element: Json, path: string, name: string): void {
  const rateValues = element.rateValues;
  if (Array.isArray(rateValues) && rateValues.length > 0) {
    const seen = new Set<string>();
    rateValues.forEach((item, i) => {
      const value = isObject(item) ? item.value : item;
      const ok =
        (Number.isInteger(value) ||
          (typeof value === "string" && optionValuePattern.test(value))) &&
        !seen.has(String(value));
      if (!ok)
        sink.problems.push(
          problem(
            "bad_value",
            at(at(path, "rateValues"), i),
            { value: describeValue(value) },
            name,
          ),
        );
      seen.add(String(value));
      if (isObject(item))
        checkProperties(
          sink,
          item,
          choiceProperties,
          at(at(path, "rateValues"), i),
          name,
          "unsupported_property",
        );
    });
    if (rateValues.length < 2 || rateValues.length > 11)
      sink.problems.push(problem("bad_rating", at(path, "rateValues"), {}, name));
    return;
  }
  const min = element.rateMin ?? 1;
  const max = element.rateMax ?? 5;
  const step = element.rateStep ?? 1;
  const count =
    Number.isInteger(min) && Number.isInteger(max) && Number.isInteger(step) && (step as number) > 0
      ? Math.floor(((max as number) - (min as number)) / (step as number)) + 1
      : 0;
  if (count < 2 || count > 11) sink.problems.push(problem("bad_rating", path, {}, name));
}

/** A question's own settings by type; the option values of a choice question. */
export function checkQuestion(
  sink: CheckSink,
  element: Json,
  type: string,
  path: string,
  name: string,
): string[] {
  if (choiceTypes.includes(type)) return checkChoices(sink, element, path, name);
  if (type === "rating") checkRating(sink, element, path, name);
  if (type === "text") {
    const inputType = element.inputType ?? "text";
    if (inputType !== "text" && inputType !== "number") {
      sink.problems.push(
        problem(
          "unsupported_input_type",
          at(path, "inputType"),
          { value: String(inputType) },
          name,
        ),
      );
    }
  }
  if ((type === "text" || type === "comment") && element.maxLength !== undefined) {
    const limit = type === "text" ? limits.textMaxLength : limits.commentMaxLength;
    const n = element.maxLength;
    if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > limit) {
      sink.problems.push(problem("bad_max_length", at(path, "maxLength"), { limit }, name));
    }
  }
  return [];
}
