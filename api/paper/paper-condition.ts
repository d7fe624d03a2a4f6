import {
  ArrayOperand,
  BinaryOperand,
  ConditionsParser,
  Const,
  FunctionOperand,
  type Operand,
  UnaryOperand,
  Variable,
} from "survey-core";
import type { AnswerValue, PaperCondition } from "./types.ts";

/**
 * A question's `visibleIf` as a printed sheet and the data-entry page need it: what the link
 * fixes (its preset group, its school, the wording) is put in, calculated values such as
 * `group = iif({presetGroup} notempty, {presetGroup}, {identity})` are opened up, and what is
 * left refers to answers only. The result is `true` (always asked), `false` (never asked on
 * this link: not printed) or a condition over earlier answers, small enough to be written as
 * a plain instruction ("如第7题选“知道”，请回答本题") and checked by the entry page.
 *
 * Parsed with survey-core's own parser, so what it reads is what the respondent's page and
 * the answer validator read. A part it cannot state (a function such as `age()`, an
 * arithmetic expression over answers) becomes `{ unknown: true }`: the question is printed as
 * possibly applying, the entry page lets it be answered, and the validator has the last word.
 */
export type Folded = boolean | PaperCondition;

export interface ConditionScope {
  /** Values the link fixes: presetGroup, channelSchool ('' when absent), the wording words. */
  known: Readonly<Record<string, unknown>>;
  /** Calculated values by name: their expressions. */
  calculated: Readonly<Record<string, string>>;
  /** The answerable questions, by name: whether each holds a list (checkbox, tagbox). */
  questions: ReadonlyMap<string, { multiple: boolean }>;
}

type Part =
  | { kind: "value"; value: unknown }
  | { kind: "question"; name: string }
  | { kind: "condition"; condition: PaperCondition };

const unknown: Part = { kind: "condition", condition: { unknown: true } };
const parser = new ConditionsParser();

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0)
  );
}

function isAnswerValue(value: unknown): value is AnswerValue {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function operandOf(value: unknown): Operand {
  return Array.isArray(value) ? new ArrayOperand(value.map((v) => new Const(v))) : new Const(value);
}

function asCondition(part: Part): PaperCondition | boolean {
  if (part.kind === "value") return Boolean(part.value);
  if (part.kind === "question") return { question: part.name, answered: true };
  return part.condition;
}

const negate = (c: PaperCondition): PaperCondition =>
  "not" in c ? c.not : "unknown" in c ? c : { not: c };

function junction(kind: "all" | "any", left: Part, right: Part): Part {
  const a = asCondition(left);
  const b = asCondition(right);
  // and: false wins, true drops out; or: true wins, false drops out.
  const absorbing = kind === "any";
  if (a === absorbing || b === absorbing) return { kind: "value", value: absorbing };
  if (a === !absorbing) return b === !absorbing ? { kind: "value", value: !absorbing } : wrap(b);
  if (b === !absorbing) return wrap(a);
  const terms = [a, b].flatMap((c) => pick(c as PaperCondition, kind));
  return { kind: "condition", condition: kind === "all" ? { all: terms } : { any: terms } };
}

function pick(c: PaperCondition, kind: "all" | "any"): PaperCondition[] {
  if (kind === "all" && "all" in c) return c.all;
  if (kind === "any" && "any" in c) return c.any;
  return [c];
}

function wrap(c: PaperCondition | boolean): Part {
  return typeof c === "boolean" ? { kind: "value", value: c } : { kind: "condition", condition: c };
}

const comparisons: Readonly<Record<string, "<" | "<=" | ">" | ">=">> = {
  less: "<",
  lessorequal: "<=",
  greater: ">",
  greaterorequal: ">=",
};
const mirrored: Readonly<Record<string, string>> = {
  equal: "equal",
  notequal: "notequal",
  less: "greater",
  greater: "less",
  lessorequal: "greaterorequal",
  greaterorequal: "lessorequal",
};

/** `{question} <operator> value`, or undefined when it cannot be stated over the answer. */
function compare(
  operator: string,
  name: string,
  value: unknown,
  multiple: boolean,
): PaperCondition | undefined {
  const values = (Array.isArray(value) ? value : [value]).filter(isAnswerValue);
  if (values.length !== (Array.isArray(value) ? value.length : 1)) return undefined;
  const anyOf = { question: name, anyOf: values };
  switch (operator) {
    case "equal":
      return multiple || Array.isArray(value) ? undefined : anyOf;
    case "notequal":
      return multiple || Array.isArray(value) ? undefined : { not: anyOf };
    case "anyof":
      return anyOf;
    case "noneof":
      return { not: anyOf };
    case "contains":
      return multiple && !Array.isArray(value) ? anyOf : undefined;
    case "notcontains":
      return multiple && !Array.isArray(value) ? { not: anyOf } : undefined;
    case "allof":
      return multiple ? { question: name, allOf: values } : undefined;
  }
  const op = comparisons[operator];
  if (op && !multiple && typeof value === "number") return { question: name, compare: op, value };
  return undefined;
}

function fold(op: Operand, scope: ConditionScope, depth: number): Part {
  if (depth > 20) return unknown;
  if (op instanceof Variable) {
    const name = op.variable.split(/[.[]/)[0]!.trim();
    if (Object.hasOwn(scope.known, name)) return { kind: "value", value: scope.known[name] };
    if (scope.questions.has(name)) {
      return name === op.variable ? { kind: "question", name } : unknown;
    }
    const calculated = scope.calculated[name];
    if (calculated !== undefined) return foldText(calculated, scope, depth + 1);
    return unknown;
  }
  if (op instanceof Const) return { kind: "value", value: op.correctValue };
  if (op instanceof ArrayOperand) {
    const items = op.values.map((v) => fold(v, scope, depth + 1));
    return items.every((i) => i.kind === "value")
      ? { kind: "value", value: items.map((i) => (i as { value: unknown }).value) }
      : unknown;
  }
  if (op instanceof FunctionOperand) {
    const [test, then, otherwise] = op.paramValues;
    if (op.functionName.toLowerCase() !== "iif" || !test || !then || !otherwise) return unknown;
    const chosen = fold(test, scope, depth + 1);
    if (chosen.kind !== "value") return unknown;
    return fold(chosen.value ? then : otherwise, scope, depth + 1);
  }
  if (op instanceof UnaryOperand) {
    const inner = fold(op.expression, scope, depth + 1);
    if (op.operator === "negate") {
      const c = asCondition(inner);
      return typeof c === "boolean" ? { kind: "value", value: !c } : wrap(negate(c));
    }
    if (op.operator !== "empty" && op.operator !== "notempty") return unknown;
    const answered = op.operator === "notempty";
    if (inner.kind === "value") return { kind: "value", value: isEmpty(inner.value) !== answered };
    if (inner.kind === "question")
      return { kind: "condition", condition: { question: inner.name, answered } };
    return unknown;
  }
  if (op instanceof BinaryOperand) {
    const left = fold(op.leftOperand as Operand, scope, depth + 1);
    const right = fold(op.rightOperand as Operand, scope, depth + 1);
    if (op.isConjunction) return junction(op.conjunction === "or" ? "any" : "all", left, right);
    if (left.kind === "value" && right.kind === "value") {
      const folded = new BinaryOperand(op.operator, operandOf(left.value), operandOf(right.value));
      return { kind: "value", value: folded.evaluate() as unknown };
    }
    let operator = op.operator;
    let question = left;
    let value = right;
    if (left.kind === "value" && right.kind === "question") {
      const flipped = mirrored[operator];
      if (!flipped) return unknown;
      operator = flipped;
      question = right;
      value = left;
    }
    if (question.kind !== "question" || value.kind !== "value") return unknown;
    const multiple = scope.questions.get(question.name)?.multiple ?? false;
    const stated = compare(operator, question.name, value.value, multiple);
    return stated ? { kind: "condition", condition: stated } : unknown;
  }
  return unknown;
}

function foldText(expression: string, scope: ConditionScope, depth: number): Part {
  let parsed: Operand | undefined;
  try {
    parsed = parser.parseExpression(expression) ?? undefined;
  } catch {
    parsed = undefined;
  }
  return parsed ? fold(parsed, scope, depth) : unknown;
}

/** One `visibleIf` (or several, of a question and the panels and page around it, all to hold). */
export function foldCondition(expressions: readonly string[], scope: ConditionScope): Folded {
  let result: Part = { kind: "value", value: true };
  for (const expression of expressions) {
    if (expression.trim() === "") continue;
    result = junction("all", result, foldText(expression, scope, 0));
  }
  return asCondition(result);
}

/** The questions a condition reads. */
export function conditionQuestions(condition: PaperCondition): string[] {
  if ("all" in condition) return condition.all.flatMap(conditionQuestions);
  if ("any" in condition) return condition.any.flatMap(conditionQuestions);
  if ("not" in condition) return conditionQuestions(condition.not);
  if ("question" in condition) return [condition.question];
  return [];
}
