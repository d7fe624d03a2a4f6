import { CheckboxItem, QuestionCheckboxModel } from "survey-core";
import type { AnswerIssueCode, IssueParams } from "./answer-issue.ts";
import type { ChoiceSpec, QuestionSpec } from "./question-specs.ts";

export interface ContextFinding {
  /** The answer key: the question name or its companion key. */
  key: string;
  code: AnswerIssueCode;
  params?: IssueParams;
}

export interface AnswerInContext {
  /** The shape-checked, non-empty answer, if any. */
  value: unknown;
  /** The shape-checked companion text ("other, please specify"), if any. */
  companion: string | undefined;
  /** The answer was present but failed its shape check: do not also call it missing. */
  rejected: boolean;
  companionRejected: boolean;
  /** Allowed values supplied by the caller instead of the questionnaire (e.g. schools). */
  external: ReadonlySet<string> | undefined;
}

/**
 * What survey-core decides about one question for one answer sheet in its context: shown
 * or not (its own visibleIf, its panel's and page's), required or not (isRequired and
 * requiredIf; survey-core skips read-only questions), and the options offered right now.
 * Plain data, so the validator can keep it for sheets that put the model in the same state.
 */
export interface QuestionState {
  readonly shown: boolean;
  readonly required: boolean;
  /** Choice questions: the values offered and, of them, the exclusive ones ("none of these"). */
  readonly offered: ReadonlySet<unknown> | null;
  readonly exclusive: ReadonlySet<unknown> | null;
}

/** The question's state as survey-core has it now (the model loaded with the sheet). */
export function questionState(spec: QuestionSpec): QuestionState {
  const q = spec.question;
  const shown = q.isVisible && q.isParentVisible;
  const choices =
    shown && (spec.kind === "single_choice" || spec.kind === "multiple_choice")
      ? offeredValues(spec)
      : null;
  return {
    shown,
    required: q.isRequired && !q.isReadOnly,
    offered: choices?.offered ?? null,
    exclusive: choices?.exclusive ?? null,
  };
}

function offeredValues(spec: ChoiceSpec): { offered: Set<unknown>; exclusive: Set<unknown> } {
  const offered = new Set<unknown>();
  const exclusive = new Set<unknown>();
  const selectAll =
    spec.select instanceof QuestionCheckboxModel ? spec.select.selectAllItem : undefined;
  for (const item of spec.select.visibleChoices) {
    if (item === selectAll) continue; // "select all" is a button, never a stored value
    offered.add(item.value);
    if (item instanceof CheckboxItem && item.isExclusive) exclusive.add(item.value);
  }
  return { offered, exclusive };
}

function checkChoices(
  spec: ChoiceSpec,
  state: QuestionState,
  answer: AnswerInContext,
  found: ContextFinding[],
): void {
  const chosen: unknown[] = Array.isArray(answer.value) ? answer.value : [answer.value];
  const offered = state.offered ?? new Set<unknown>();
  const exclusive = state.exclusive ?? new Set<unknown>();
  const isOffered = (v: unknown): boolean =>
    answer.external ? typeof v === "string" && answer.external.has(v) : offered.has(v);
  const key = spec.name;
  if (!chosen.every(isOffered)) found.push({ key, code: "not_a_choice" });
  else if (chosen.length > 1 && chosen.some((v) => exclusive.has(v)))
    found.push({ key, code: "exclusive_choice" });
  else if (spec.maxSelected > 0 && chosen.length > spec.maxSelected) {
    found.push({ key, code: "too_many", params: { max: spec.maxSelected } });
  } else if (spec.minSelected > 0 && chosen.length < spec.minSelected) {
    found.push({ key, code: "too_few", params: { min: spec.minSelected } });
  }
}

function otherChosen(spec: QuestionSpec, value: unknown): boolean {
  const other = spec.companion?.otherValue;
  return Array.isArray(value) ? value.includes(other) : value === other;
}

/**
 * Checks one answer against its question's state for this sheet (questionState): is it
 * shown, is it required, and is the chosen option among those offered.
 */
export function checkInContext(
  spec: QuestionSpec,
  state: QuestionState,
  answer: AnswerInContext,
): ContextFinding[] {
  const found: ContextFinding[] = [];
  const companionKey = spec.companion?.key;
  const hasValue = answer.value !== undefined;

  if (!state.shown) {
    if (hasValue) found.push({ key: spec.name, code: "not_visible" });
    if (companionKey && answer.companion !== undefined)
      found.push({ key: companionKey, code: "not_visible" });
    return found;
  }
  if (!hasValue && !answer.rejected && state.required) {
    found.push({ key: spec.name, code: "required" });
  }
  if (hasValue && (spec.kind === "single_choice" || spec.kind === "multiple_choice")) {
    checkChoices(spec, state, answer, found);
  }
  if (companionKey && spec.companion?.onlyWithOther) {
    const withOther = hasValue && otherChosen(spec, answer.value);
    if (!withOther && answer.companion !== undefined)
      found.push({ key: companionKey, code: "not_visible" });
    if (withOther && answer.companion === undefined && !answer.companionRejected)
      found.push({ key: companionKey, code: "required" });
  }
  return found;
}
