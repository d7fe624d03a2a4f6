import type { AnswerIssueCode, IssueParams } from "./answer-issue.ts";
import type { QuestionSpec } from "./question-specs.ts";

export type ShapeResult =
  { ok: true; value: unknown } | { ok: false; code: AnswerIssueCode; params?: IssueParams };

const wrongType: ShapeResult = { ok: false, code: "wrong_type" };

/** null, "", whitespace only or []: the respondent gave no answer. */
export function isEmptyAnswer(raw: unknown): boolean {
  return (
    raw === null ||
    raw === undefined ||
    (typeof raw === "string" && raw.trim() === "") ||
    (Array.isArray(raw) && raw.length === 0)
  );
}

// PostgreSQL's jsonb refuses U+0000, so a string carrying it could never be stored.
function isStorableString(raw: unknown): raw is string {
  return typeof raw === "string" && !raw.includes("\u0000");
}

function isChoiceValue(raw: unknown): raw is string | number {
  return isStorableString(raw) || (typeof raw === "number" && Number.isFinite(raw));
}

export function checkFreeText(raw: unknown, maxLength: number): ShapeResult {
  if (!isStorableString(raw)) return wrongType;
  const text = raw.trim();
  return text.length > maxLength
    ? { ok: false, code: "too_long", params: { max: maxLength } }
    : { ok: true, value: text };
}

function checkScale(raw: unknown, values: readonly unknown[]): ShapeResult {
  if (values.includes(raw)) return { ok: true, value: raw };
  const sameType = values.some((v) => typeof v === typeof raw);
  if (!sameType || (typeof raw === "number" && !Number.isFinite(raw))) return wrongType;
  return { ok: false, code: "out_of_range" };
}

/**
 * Checks what an answer can be checked for without the other answers: its
 * JSON type, length, range and duplicates. Whether a choice is offered, and
 * whether the question is shown at all, depends on context and is checked later.
 * `raw` is never empty here (see isEmptyAnswer).
 */
export function checkAnswerShape(spec: QuestionSpec, raw: unknown): ShapeResult {
  switch (spec.kind) {
    case "single_choice":
      return isChoiceValue(raw) ? { ok: true, value: raw } : wrongType;
    case "multiple_choice": {
      if (!Array.isArray(raw) || !raw.every(isChoiceValue)) return wrongType;
      if (new Set(raw).size !== raw.length) return { ok: false, code: "duplicate_choice" };
      return { ok: true, value: [...raw] };
    }
    case "rating":
      return checkScale(raw, spec.values);
    case "boolean":
      return spec.values.includes(raw) ? { ok: true, value: raw } : wrongType;
    case "text":
      return checkFreeText(raw, spec.maxLength);
    case "number": {
      if (typeof raw !== "number" || !Number.isFinite(raw)) return wrongType;
      return raw < spec.min || raw > spec.max
        ? { ok: false, code: "out_of_range" }
        : { ok: true, value: raw };
    }
  }
}
