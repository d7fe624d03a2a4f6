import type { Kysely } from "kysely";
import type { Database, RespondentGroup } from "../../../api/db/database.ts";
import type { PaperForm, PaperQuestion } from "../../../api/paper/types.ts";
import { conditionHolds, formQuestions } from "../../../survey-web/staff/pages/paper-condition.ts";

/** A paper link of the campaign, as the links page makes one (mode 'paper'). */
export async function insertPaperLink(
  db: Kysely<Database>,
  campaignId: number,
  spec: {
    label: string;
    questionnaireId: number;
    schoolId?: number | null;
    group?: RespondentGroup | null;
  },
): Promise<{ id: number; token: string }> {
  const token = `paper${Math.random().toString(36).slice(2, 13)}`.padEnd(16, "x").slice(0, 16);
  const row = await db
    .insertInto("channel")
    .values({
      token,
      campaign_id: campaignId,
      questionnaire_id: spec.questionnaireId,
      school_id: spec.schoolId ?? null,
      respondent_group: spec.group ?? null,
      label: spec.label,
      kind: spec.schoolId ? "school" : spec.group ? "respondent_group" : "district",
      mode: "paper",
    })
    .returning(["id", "token"])
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * A complete sheet read off the form as a respondent would fill it: `choose` picks an answer
 * for the questions it names, every other question that applies gets its first option (or a
 * short text), questions whose condition does not hold are skipped.
 */
export function fillSheet(
  form: PaperForm,
  choose: Record<string, unknown> = {},
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of formQuestions(form)) {
    if (!conditionHolds(q.condition, answers)) continue;
    if (Object.hasOwn(choose, q.name)) {
      if (choose[q.name] !== undefined) answers[q.name] = choose[q.name];
      continue;
    }
    const value = defaultAnswer(q);
    if (value !== undefined) answers[q.name] = value;
  }
  return answers;
}

function defaultAnswer(q: PaperQuestion): unknown {
  const first = q.options.find((o) => !o.other && !o.exclusive) ?? q.options[0];
  switch (q.kind) {
    case "multiple":
      return first ? [first.value] : undefined;
    case "text":
    case "comment":
      return q.required ? "纸质问卷" : undefined;
    case "number":
      return q.min ?? 1;
    default:
      return first?.value;
  }
}

export function questionNamed(form: PaperForm, name: string): PaperQuestion {
  const found = formQuestions(form).find((q) => q.name === name);
  if (!found) throw new Error(`the form has no question ${name}`);
  return found;
}

/** The first question asked only on a condition over a single earlier question's options. */
export function conditionalPair(form: PaperForm): {
  source: PaperQuestion;
  target: PaperQuestion;
  opens: unknown;
  closes: unknown;
} {
  for (const target of formQuestions(form)) {
    const c = target.condition;
    if (!c || !("question" in c) || !("anyOf" in c)) continue;
    const source = questionNamed(form, c.question);
    if (source.kind !== "single" || source.name === "identity") continue;
    const opens = c.anyOf[0];
    const closes = source.options.find((o) => !c.anyOf.some((v) => String(v) === String(o.value)));
    if (opens !== undefined && closes) return { source, target, opens, closes: closes.value };
  }
  throw new Error("the form has no conditional question");
}
