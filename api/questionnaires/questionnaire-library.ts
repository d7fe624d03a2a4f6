import { readFileSync, readdirSync } from "node:fs";
import { z } from "zod";
import {
  type ItemRoles,
  type RespondentGroup,
  type Scheme,
  respondentGroups,
} from "../db/database.ts";
import { AnswerValidator } from "../responses/index.ts";
import { commonScale, itemOptionValues, scaleChoices } from "./satisfaction-scale.ts";

/** One questionnaire as shipped in survey-web/questionnaires/<scheme>/ (see the README there). */
export interface QuestionnaireFile {
  key: string;
  title: { "zh-cn": string; en: string };
  /** The scheme whose folder holds it: a campaign under this scheme starts from it. */
  scheme: Scheme;
  respondentGroups: RespondentGroup[];
  itemRoles: ItemRoles;
  /** SurveyJS JSON (survey-core 2.5.38), the same object the browser renders. */
  survey: Record<string, unknown>;
}

const folder = new URL("../../survey-web/questionnaires/", import.meta.url);
const schemes = ["basic_2012", "quality_2017"] as const satisfies readonly Scheme[];
/** The keys a campaign's links rely on, in the order a campaign lists its questionnaires. */
const keyOrder = ["social", "staff", "student"];

const fileSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9_]+$/),
    title: z.object({ "zh-cn": z.string().min(1), en: z.string().min(1) }).strict(),
    scheme: z.enum(schemes),
    respondentGroups: z.array(z.enum(respondentGroups)).min(1),
    itemRoles: z
      .object({
        satisfaction: z.array(z.string()).optional(),
        overall: z.string().optional(),
        awareness: z.array(z.string()).optional(),
        awarenessSource: z.string().optional(),
        background: z.array(z.string()).optional(),
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
  const {
    satisfaction = [],
    overall,
    awareness = [],
    awarenessSource,
    background = [],
  } = file.itemRoles;
  const problems: string[] = [];
  const single = [overall, awarenessSource].filter((name) => name !== undefined);
  for (const name of [...satisfaction, ...awareness, ...background, ...single]) {
    if (!questionNames.includes(name))
      problems.push(`itemRoles names "${name}", which is not a question`);
  }
  if (overall && !satisfaction.includes(overall))
    problems.push(`overall "${overall}" is not a satisfaction item`);
  for (const name of awareness) {
    if (satisfaction.includes(name)) problems.push(`"${name}" is both awareness and satisfaction`);
  }
  if (awarenessSource && satisfaction.includes(awarenessSource))
    problems.push(`"${awarenessSource}" is both awareness source and satisfaction`);
  for (const name of background) {
    if (satisfaction.includes(name)) problems.push(`"${name}" is both background and satisfaction`);
  }
  return problems;
}

/**
 * Satisfaction items are radio groups offering one of the product's scales, the same in the
 * whole file, with the scale's own labels: a campaign's scale then only swaps options (satisfaction-scale.ts), never
 * a text someone wrote.
 */
function scaleProblems(file: QuestionnaireFile): string[] {
  const names = file.itemRoles.satisfaction ?? [];
  if (names.length === 0) return [];
  const scale = commonScale([{ survey: file.survey, names }]);
  if (!scale) return ["satisfaction items do not all offer one of the scales"];
  const expected = JSON.stringify(scaleChoices(scale));
  const problems: string[] = [];
  for (const [name] of itemOptionValues(file.survey, names)) {
    const element = findElement(file.survey, name);
    if (element?.type !== "radiogroup") problems.push(`"${name}" is not a radiogroup`);
    else if (JSON.stringify(element.choices) !== expected)
      problems.push(`"${name}" labels its options otherwise than the scale`);
  }
  return problems;
}

function findElement(node: unknown, name: string): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findElement(child, name);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof node !== "object" || node === null) return undefined;
  const record = node as Record<string, unknown>;
  if (record.name === name && typeof record.type === "string") return record;
  return findElement([record.pages, record.elements].filter(Boolean), name);
}

/**
 * A questionnaire file's JSON, checked: its shape, its key and scheme against where it lies,
 * its item roles, its satisfaction scale, and that the server's validator can check every
 * answer to it (building the validator proves that). Throws an Error naming `source` and
 * every problem found.
 */
export function checkedQuestionnaire(
  json: unknown,
  where: { scheme: Scheme; key: string; source: string },
): QuestionnaireFile {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where.source}: ${z.prettifyError(parsed.error)}`);
  const file: QuestionnaireFile = parsed.data;
  const problems = file.key === where.key ? [] : [`key "${file.key}" does not match the file name`];
  if (file.scheme !== where.scheme) problems.push(`scheme "${file.scheme}" is not its folder's`);
  try {
    problems.push(...roleProblems(file, new AnswerValidator(file.survey).questionNames));
    problems.push(...scaleProblems(file));
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new Error(`${where.source}: ${problems.join("; ")}`);
  return file;
}

function readQuestionnaire(scheme: Scheme, key: string): QuestionnaireFile {
  const url = new URL(`${scheme}/${key}.json`, folder);
  const json: unknown = JSON.parse(readFileSync(url, "utf8"));
  return checkedQuestionnaire(json, { scheme, key, source: url.pathname });
}

/** The keys in a scheme's folder: social, staff, student first, then any other by name. */
function schemeKeys(scheme: Scheme): string[] {
  const rank = (key: string) => (keyOrder.includes(key) ? keyOrder.indexOf(key) : keyOrder.length);
  return readdirSync(new URL(`${scheme}/`, folder))
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function readLibrary(): QuestionnaireFile[] {
  return schemes.flatMap((scheme) => {
    const files = schemeKeys(scheme).map((key) => readQuestionnaire(scheme, key));
    // Every school's poster link points to the social questionnaire.
    if (!files.some((f) => f.key === "social"))
      throw new Error(`survey-web/questionnaires/${scheme}/ has no social.json`);
    return files;
  });
}

let library: readonly QuestionnaireFile[] | undefined;

/**
 * The shipped questionnaires of every scheme (2012 first), read and checked on first use.
 * Callers get copies: a campaign may adapt its version without touching the library.
 */
export function loadQuestionnaireLibrary(): QuestionnaireFile[] {
  library ??= readLibrary();
  return structuredClone([...library]);
}

/** The questionnaires a campaign under `scheme` starts from, in a stable order. */
export function questionnairesForScheme(scheme: Scheme): QuestionnaireFile[] {
  return loadQuestionnaireLibrary().filter((file) => file.scheme === scheme);
}
