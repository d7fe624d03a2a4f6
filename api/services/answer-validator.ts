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
import { type AnswerInContext, checkInContext } from "./answer-validation/check-in-context.ts";
import { type QuestionLabel, issueMessage } from "./answer-validation/issue-messages.ts";
import { type QuestionSpec, questionSpecs } from "./answer-validation/question-specs.ts";

export type { AnswerIssue, AnswerIssueCode } from "./answer-validation/answer-issue.ts";

export interface ValidationContext {
  /** Survey variables the page sets: presetGroup, channelSchool ('' when absent). */
  variables: Record<string, string>;
  /** Allowed values for questions whose choices the page fills in, e.g. { school: campaign school codes }. */
  externalChoices: Record<string, ReadonlySet<string>>;
}

export type ValidationResult =
  { ok: true; answers: Record<string, unknown> } | { ok: false; issues: AnswerIssue[] };

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
 */
export class AnswerValidator {
  private readonly model: SurveyModel;
  private readonly specs: readonly QuestionSpec[];
  private readonly byName = new Map<string, QuestionSpec>();
  private readonly byCompanionKey = new Map<string, QuestionSpec>();
  /** Every variable ever set and its current value, so each call sets (or clears) all of them. */
  private readonly variables = new Map<string, string | undefined>();

  constructor(surveyJson: object) {
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

    const issues = captureConsole(() => {
      this.load(values, companions, ctx.variables);
      for (const spec of this.specs) {
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
        findings.push(...checkInContext(spec, answer));
      }
      // Messages now, while the model still numbers the questions as this respondent saw them.
      return this.toIssues(findings);
    }).result;

    if (issues.length > 0) return { ok: false, issues };
    return { ok: true, answers: this.accepted(values, companions) };
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

  private label(key: string): QuestionLabel {
    const spec = this.byName.get(key) ?? this.byCompanionKey.get(key);
    if (!spec) {
      const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
      return { number: "", zh: shown, en: shown };
    }
    const q = spec.question;
    const zh = q.locTitle.getLocaleText("") || q.name;
    return {
      number: q.no.replace(/\.$/, ""),
      zh,
      en: q.locTitle.getLocaleText("en") || zh,
      isComment: key !== spec.name,
    };
  }

  private toIssues(findings: Finding[]): AnswerIssue[] {
    const issues = findings.slice(0, maxIssues).map((f) => ({
      question: f.key.slice(0, maxKeyInIssue),
      code: f.code,
      message: issueMessage(f.code, this.label(f.key), f.params),
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
