import { Model, type SurveyModel } from "survey-core";
import type {
  AnswerIssue,
  AnswerIssueCode,
  IssueParams,
} from "./answer-validation/answer-issue.ts";
import { captureConsole } from "./answer-validation/capture-console.ts";
import {
  checkAnswerShape,
  checkFreeText,
  isEmptyAnswer,
} from "./answer-validation/check-answer-shape.ts";
import {
  type AnswerInContext,
  type QuestionState,
  checkInContext,
  questionState,
} from "./answer-validation/check-in-context.ts";
import { type QuestionLabel, issueMessage } from "./answer-validation/issue-messages.ts";
import { type QuestionSpec, questionSpecs } from "./answer-validation/question-specs.ts";

export type { AnswerIssue, AnswerIssueCode } from "./answer-validation/answer-issue.ts";

export interface ValidationContext {
  /** Survey variables the page sets: presetGroup, channelSchool ('' when absent). */
  variables: Record<string, string>;
  /** Allowed values for questions whose choices the page fills in, e.g. { school: campaign school codes }. */
  externalChoices: Record<string, ReadonlySet<string>>;
  /**
   * The numbers messages give the questions, by name, when they were not shown by survey-core:
   * a printed sheet numbers every question, the conditional ones too (api/paper/).
   */
  questionNumbers?: Readonly<Record<string, string>>;
}

export type ValidationResult =
  { ok: true; answers: Record<string, unknown> } | { ok: false; issues: AnswerIssue[] };

/** Question states kept per validator (each a few hundred bytes per question). */
const maxStates = 500;

/**
 * The answer keys and variables survey-core's state can depend on: every `{name}` an
 * expression, a title or a text names (conditions reach answers only that way), by the
 * name before any `.` or `[`. Null when the questionnaire takes choices from elsewhere
 * (choicesFromQuestion, choicesByUrl): then no state is kept.
 */
function conditionInputs(surveyJson: object): string[] | null {
  const text = JSON.stringify(surveyJson);
  if (/"choices(FromQuestion|ByUrl)"/.test(text)) return null;
  const names = new Set<string>();
  // Quotes never occur in a reference: this skips the braces of JSON objects.
  for (const match of text.matchAll(/\{([^{}"]+)\}/g)) {
    const name = match[1]!.split(/[.[]/)[0]!.trim();
    if (name !== "") names.add(name);
  }
  return [...names].sort();
}

/** A hostile sheet could name thousands of keys; the first problems are enough to act on. */
const maxIssues = 50;
const maxKeyInIssue = 100;

interface Finding {
  key: string;
  code: AnswerIssueCode;
  params?: IssueParams;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks one answer sheet strictly against one questionnaire version. survey-core
 * itself decides what is shown and required (the browser runs the same model),
 * and this class checks everything survey-core accepts silently: types, choices,
 * ranges, lengths and unknown keys. One instance per version, reused for every
 * request: building a Model costs ~2 ms, reloading it ~0.2 ms. Not re-entrant,
 * which is fine because validate() is synchronous.
 *
 * Loading the model still costs more than everything else a submission does (~0.6 ms, most
 * of it survey-core re-running conditions), and an evening's sheets put it in a handful of
 * states: what is shown, required and offered depends only on the answers conditions name
 * (identity, level, awareness …) and the link's variables. So the states of the questions
 * are kept per such key, and a sheet whose key was seen is checked against them without
 * loading the model. A sheet with any problem is checked again on the loaded model, so
 * its messages number the questions as the respondent saw them.
 */
export class AnswerValidator {
  private readonly model: SurveyModel;
  private readonly specs: readonly QuestionSpec[];
  private readonly byName = new Map<string, QuestionSpec>();
  private readonly byCompanionKey = new Map<string, QuestionSpec>();
  /** Every variable ever set and its current value, so each call sets (or clears) all of them. */
  private readonly variables = new Map<string, string | undefined>();
  /** See conditionInputs; null: every sheet loads the model. */
  private readonly inputs: readonly string[] | null;
  /** Question states (in spec order) by the sheet's condition key, least recently used first. */
  private readonly states = new Map<string, readonly QuestionState[]>();

  /** `keepStates: false` loads the model for every sheet (the reference the tests compare with). */
  constructor(surveyJson: object, options: { keepStates?: boolean } = {}) {
    const { result, messages } = captureConsole(() => {
      const model = new Model(surveyJson);
      // The browser may drop hidden answers as it goes; here an answer to a hidden
      // question is an issue to report, and clearing it would only cost more passes.
      model.clearInvisibleValues = "none";
      return { model, specs: questionSpecs(model) };
    });
    if (messages.length > 0) {
      throw new Error(
        `survey-core reported problems with this questionnaire: ${messages.join("; ")}`,
      );
    }
    this.model = result.model;
    this.specs = result.specs;
    this.inputs = options.keepStates === false ? null : conditionInputs(surveyJson);
    for (const spec of this.specs) {
      this.byName.set(spec.name, spec);
      if (spec.companion) this.byCompanionKey.set(spec.companion.key, spec);
    }
  }

  /** The answer keys of the questionnaire's questions, in questionnaire order. */
  get questionNames(): readonly string[] {
    return this.specs.map((s) => s.name);
  }

  validate(answers: unknown, ctx: ValidationContext): ValidationResult {
    if (!isPlainObject(answers)) {
      return {
        ok: false,
        issues: [
          { question: "", code: "wrong_type", message: issueMessage("wrong_type", undefined) },
        ],
      };
    }
    const findings: Finding[] = [];
    const values = new Map<string, unknown>();
    const companions = new Map<string, string>();
    const rejected = new Set<string>();

    for (const [key, raw] of Object.entries(answers)) {
      const spec = this.byName.get(key);
      const owner = spec ? undefined : this.byCompanionKey.get(key);
      if (!spec && !owner) {
        findings.push({ key, code: "unknown_question" });
        continue;
      }
      if (isEmptyAnswer(raw)) continue;
      const shape = spec
        ? checkAnswerShape(spec, raw)
        : checkFreeText(raw, owner?.companion?.maxLength ?? 0);
      if (!shape.ok) {
        findings.push({ key, code: shape.code, params: shape.params });
        rejected.add(key);
      } else if (spec) values.set(key, shape.value);
      else if (owner && typeof shape.value === "string") companions.set(owner.name, shape.value);
    }

    const key = this.stateKey(values, companions, ctx.variables);
    const kept = key === null ? undefined : this.states.get(key);
    if (kept !== undefined && findings.length === 0) {
      this.states.delete(key!); // re-insert: Map order is recency
      this.states.set(key!, kept);
      const inContext = this.checkAll(kept, values, companions, rejected, ctx);
      if (inContext.length === 0) return { ok: true, answers: this.accepted(values, companions) };
    }

    const issues = captureConsole(() => {
      this.load(values, companions, ctx.variables);
      const states = this.specs.map(questionState);
      if (key !== null && !this.states.has(key)) {
        if (this.states.size >= maxStates) this.states.delete(this.states.keys().next().value!);
        this.states.set(key, states);
      }
      findings.push(...this.checkAll(states, values, companions, rejected, ctx));
      // Messages now, while the model still numbers the questions as this respondent saw them.
      return this.toIssues(findings, ctx.questionNumbers);
    }).result;

    if (issues.length > 0) return { ok: false, issues };
    return { ok: true, answers: this.accepted(values, companions) };
  }

  private checkAll(
    states: readonly QuestionState[],
    values: Map<string, unknown>,
    companions: Map<string, string>,
    rejected: Set<string>,
    ctx: ValidationContext,
  ): Finding[] {
    const findings: Finding[] = [];
    this.specs.forEach((spec, k) => {
      const companionKey = spec.companion?.key ?? "";
      const answer: AnswerInContext = {
        value: values.get(spec.name),
        companion: companions.get(spec.name),
        rejected: rejected.has(spec.name),
        companionRejected: rejected.has(companionKey),
        external: Object.hasOwn(ctx.externalChoices, spec.name)
          ? ctx.externalChoices[spec.name]
          : undefined,
      };
      findings.push(...checkInContext(spec, states[k]!, answer));
    });
    return findings;
  }

  /** The values the model's state depends on, as one string; null when no state is kept. */
  private stateKey(
    values: Map<string, unknown>,
    companions: Map<string, string>,
    variables: Record<string, string>,
  ): string | null {
    if (this.inputs === null) return null;
    const inputs = this.inputs.map((name) => {
      if (values.has(name)) return values.get(name);
      const owner = this.byCompanionKey.get(name);
      return owner ? companions.get(owner.name) : undefined;
    });
    const context = Object.keys(variables)
      .sort()
      .map((name) => [name, variables[name]]);
    return JSON.stringify([inputs, context]);
  }

  /** Replaces all model state, so nothing from an earlier call can leak into this one. */
  private load(
    values: Map<string, unknown>,
    companions: Map<string, string>,
    variables: Record<string, string>,
  ): void {
    for (const name of new Set([...this.variables.keys(), ...Object.keys(variables)])) {
      const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
      // Each change re-runs every condition in the survey (~0.4 ms); skip the ones that stay.
      if (this.variables.has(name) && this.variables.get(name) === value) continue;
      this.model.setVariable(name, value);
      this.variables.set(name, value);
    }
    // A copy: survey-core may normalise arrays it holds, and these are the answers we return.
    this.model.data = structuredClone(this.accepted(values, companions));
  }

  private accepted(
    values: Map<string, unknown>,
    companions: Map<string, string>,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const spec of this.specs) {
      if (values.has(spec.name)) out[spec.name] = values.get(spec.name);
      const text = companions.get(spec.name);
      if (spec.companion && text !== undefined) out[spec.companion.key] = text;
    }
    return out;
  }

  private label(key: string, numbers?: Readonly<Record<string, string>>): QuestionLabel {
    const spec = this.byName.get(key) ?? this.byCompanionKey.get(key);
    if (!spec) {
      const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
      return { number: "", zh: shown, en: shown };
    }
    const q = spec.question;
    const zh = q.locTitle.getLocaleText("") || q.name;
    return {
      number:
        numbers && Object.hasOwn(numbers, spec.name)
          ? numbers[spec.name]!
          : q.no.replace(/\.$/, ""),
      zh,
      en: q.locTitle.getLocaleText("en") || zh,
      isComment: key !== spec.name,
    };
  }

  private toIssues(findings: Finding[], numbers?: Readonly<Record<string, string>>): AnswerIssue[] {
    const issues = findings.slice(0, maxIssues).map((f) => ({
      question: f.key.slice(0, maxKeyInIssue),
      code: f.code,
      message: issueMessage(f.code, this.label(f.key, numbers), f.params),
    }));
    const left = findings.length - issues.length;
    if (left > 0) {
      issues.push({
        question: "",
        code: "too_many_issues",
        message: issueMessage("too_many_issues", undefined, { count: left }),
      });
    }
    return issues;
  }
}

/**
 * Validators by questionnaire version id, least recently used dropped first.
 * A version is frozen once it has responses, so the id names one definition.
 */
export class AnswerValidatorCache {
  private readonly validators = new Map<number, AnswerValidator>();
  constructor(private readonly max = 100) {}

  get(questionnaireId: number, surveyJson: object): AnswerValidator {
    let validator = this.validators.get(questionnaireId);
    if (validator) {
      this.validators.delete(questionnaireId); // re-insert: Map order is recency
    } else {
      validator = new AnswerValidator(surveyJson);
      if (this.validators.size >= this.max) {
        const oldest = this.validators.keys().next().value;
        if (oldest !== undefined) this.validators.delete(oldest);
      }
    }
    this.validators.set(questionnaireId, validator);
    return validator;
  }
}
