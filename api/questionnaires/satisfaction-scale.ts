import {
  type SatisfactionScale,
  type ScaleOptionValue,
  scaleOfValues,
  scaleValues,
} from "../../analysis/index.ts";
import type { Scheme } from "../db/database.ts";
import optionTexts from "../../survey-web/questionnaires/scale-options.json" with { type: "json" };

/** One option of a satisfaction item, as SurveyJS JSON carries it. */
export interface ScaleChoice {
  value: ScaleOptionValue;
  text: { default: string; en: string };
}

/**
 * The scale a new campaign gets when the bureau picks none (docs/satisfaction.md, Answer
 * scales): the 2012 A卷's own three points without 不了解; under 2017, whose rules publish no
 * scale, the other scale in use, four points with 不了解, since many of its topics (exam
 * reform, resource sharing) are ones a respondent may not be able to judge.
 */
export function defaultScale(scheme: Scheme): SatisfactionScale {
  return scheme === "basic_2012" ? { points: 3, dontKnow: false } : { points: 4, dontKnow: true };
}

/** The options of a satisfaction item under `scale`, with their Chinese and English labels. */
export function scaleChoices(scale: SatisfactionScale): ScaleChoice[] {
  return scaleValues(scale).map((value) => ({ value, text: { ...optionTexts[value] } }));
}

type Visit = (element: Record<string, unknown>) => void;

/** Calls `visit` on every element of a SurveyJS JSON, however deeply nested in pages and panels. */
function eachElement(node: unknown, visit: Visit): void {
  if (Array.isArray(node)) {
    for (const child of node) eachElement(child, visit);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.type === "string" && typeof record.name === "string") visit(record);
  for (const key of ["pages", "elements", "templateElements"]) eachElement(record[key], visit);
}

/**
 * A copy of `survey` whose satisfaction items (`names`) offer exactly the options of `scale`;
 * every other text stays as it was. Question names and option values do not change, so the
 * analysis reads the answers under any scale the same way.
 */
export function withScale(
  survey: Record<string, unknown>,
  names: readonly string[],
  scale: SatisfactionScale,
): Record<string, unknown> {
  const copy = structuredClone(survey);
  const wanted = new Set(names);
  eachElement(copy, (element) => {
    if (wanted.has(element.name as string)) element.choices = scaleChoices(scale);
  });
  return copy;
}

/** The option values of each named question, in order (an option may be a bare value). */
export function itemOptionValues(
  survey: Record<string, unknown>,
  names: readonly string[],
): Map<string, unknown[]> {
  const found = new Map<string, unknown[]>();
  const wanted = new Set(names);
  eachElement(survey, (element) => {
    if (!wanted.has(element.name as string)) return;
    const choices = Array.isArray(element.choices) ? (element.choices as unknown[]) : [];
    found.set(
      element.name as string,
      choices.map((c) =>
        typeof c === "object" && c !== null ? (c as { value?: unknown }).value : c,
      ),
    );
  });
  return found;
}

/**
 * The one scale every named item of these surveys offers, or null when they differ, an item
 * offers options that are no scale, or there is no item.
 */
export function commonScale(
  surveys: readonly { survey: Record<string, unknown>; names: readonly string[] }[],
): SatisfactionScale | null {
  let common: SatisfactionScale | null = null;
  for (const { survey, names } of surveys) {
    const options = itemOptionValues(survey, names);
    for (const name of names) {
      const scale = scaleOfValues(options.get(name) ?? []);
      if (!scale) return null;
      if (common && (common.points !== scale.points || common.dontKnow !== scale.dontKnow)) {
        return null;
      }
      common = scale;
    }
  }
  return common;
}
