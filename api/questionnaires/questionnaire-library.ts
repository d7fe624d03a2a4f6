import { readFileSync } from "node:fs";
import { z } from "zod";
import {
  type ItemRoles,
  type RespondentGroup,
  type Scheme,
  respondentGroups,
} from "../db/database.ts";
import { AnswerValidator } from "../responses/index.ts";

/** One questionnaire as shipped in survey-web/questionnaires/ (see the README there). */
export interface QuestionnaireFile {
  key: string;
  title: { "zh-cn": string; en: string };
  schemes: Scheme[];
  respondentGroups: RespondentGroup[];
  itemRoles: ItemRoles;
  /** SurveyJS JSON (survey-core 2.5.38), the same object the browser renders. */
  survey: Record<string, unknown>;
}

const folder = new URL("../../survey-web/questionnaires/", import.meta.url);
const fileKeys = ["social", "staff", "student"] as const;
const schemes = ["basic_2012", "quality_2017"] as const satisfies readonly Scheme[];

const fileSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9_]+$/),
    title: z.object({ "zh-cn": z.string().min(1), en: z.string().min(1) }).strict(),
    schemes: z.array(z.enum(schemes)).min(1),
    respondentGroups: z.array(z.enum(respondentGroups)).min(1),
    itemRoles: z
      .object({
        satisfaction: z.array(z.string()).optional(),
        overall: z.string().optional(),
        awareness: z.array(z.string()).optional(),
      })
      .strict(),
    survey: z.record(z.string(), z.unknown()),
  })
  .strict();

/**
 * Item roles must name real questions, and awareness is never a satisfaction item
 * (docs/satisfaction.md, Questionnaires).
 */
function roleProblems(file: QuestionnaireFile, questionNames: readonly string[]): string[] {
  const { satisfaction = [], overall, awareness = [] } = file.itemRoles;
  const problems: string[] = [];
  for (const name of [...satisfaction, ...awareness, ...(overall ? [overall] : [])]) {
    if (!questionNames.includes(name))
      problems.push(`itemRoles names "${name}", which is not a question`);
  }
  if (overall && !satisfaction.includes(overall))
    problems.push(`overall "${overall}" is not a satisfaction item`);
  for (const name of awareness) {
    if (satisfaction.includes(name)) problems.push(`"${name}" is both awareness and satisfaction`);
  }
  return problems;
}

function readQuestionnaire(key: string): QuestionnaireFile {
  const url = new URL(`${key}.json`, folder);
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(url, "utf8")));
  if (!parsed.success) throw new Error(`${url.pathname}: ${z.prettifyError(parsed.error)}`);
  const file: QuestionnaireFile = parsed.data;
  // Building the validator proves the server can check every answer to this questionnaire.
  const problems = file.key === key ? [] : [`key "${file.key}" does not match the file name`];
  problems.push(...roleProblems(file, new AnswerValidator(file.survey).questionNames));
  if (problems.length > 0) throw new Error(`${url.pathname}: ${problems.join("; ")}`);
  return file;
}

let library: readonly QuestionnaireFile[] | undefined;

/**
 * The shipped questionnaires, read and checked on first use. Callers get
 * copies: a campaign may adapt its version without touching the library.
 */
export function loadQuestionnaireLibrary(): QuestionnaireFile[] {
  library ??= fileKeys.map(readQuestionnaire);
  return structuredClone([...library]);
}

/** The questionnaires a campaign under `scheme` uses, in a stable order. */
export function questionnairesForScheme(scheme: Scheme): QuestionnaireFile[] {
  return loadQuestionnaireLibrary().filter((file) => file.schemes.includes(scheme));
}
