import type { ItemRoles } from "../db/database.ts";
import { AnswerValidator } from "../responses/index.ts";
import { itemRoleProblems, parseItemRoles, rolesInOrder } from "./item-role-checks.ts";
import { type QuestionnaireProblem, problem } from "./questionnaire-problem.ts";
import {
  type SurveyWalk,
  type WalkedQuestion,
  isObject,
  walkSurvey,
} from "./survey-json-checks.ts";
import {
  type AnalysisUse,
  type EarlierQuestion,
  type VersionBase,
  versionProblems,
} from "./version-checks.ts";

/** What the checks hold an edit or an import against. */
export interface CheckContext {
  /** The version being replaced. */
  readonly base: { readonly survey: Record<string, unknown>; readonly itemRoles: ItemRoles };
  /** Every question of every version of the campaign's questionnaires. */
  readonly earlier: readonly EarlierQuestion[];
  /** Questions the campaign's analysis settings read. */
  readonly analysisNeeds: ReadonlyMap<string, AnalysisUse>;
  /** The placeholders texts may use ({district} …). */
  readonly wordingVariables: readonly string[];
  /** The option values every satisfaction item offers, in order; null: any. */
  readonly scale: readonly string[] | null;
}

export type CheckResult =
  | { ok: true; survey: Record<string, unknown>; itemRoles: ItemRoles }
  | { ok: false; problems: QuestionnaireProblem[] };

/** Enough to act on; a hostile file could otherwise produce thousands. */
const maxProblems = 100;

/**
 * The satisfaction scale of a version: the options of its first satisfaction item (for a
 * campaign whose questionnaires keep their own options; null when it has none).
 */
export function scaleOf(walk: SurveyWalk, roles: ItemRoles): WalkedQuestion | null {
  const first = roles.satisfaction?.[0];
  return walk.questions.find((q) => q.name === first) ?? null;
}

/**
 * Every check of a questionnaire version before it is stored (docs/questionnaires.md): the
 * SurveyJS structure (survey-json-checks.ts), the item roles (item-role-checks.ts), what
 * cannot change from the version it replaces (version-checks.ts), and last the answer
 * validator itself, which must be able to check every answer to it. Each problem names its
 * path; nothing is stored here.
 */
export function checkQuestionnaire(
  input: { survey: unknown; itemRoles: unknown },
  context: CheckContext,
): CheckResult {
  const walk = walkSurvey(input.survey, context.wordingVariables);
  const parsed = parseItemRoles(input.itemRoles);
  const problems: QuestionnaireProblem[] = [...walk.problems, ...parsed.problems];
  if (isObject(input.survey)) {
    const baseWalk = walkSurvey(context.base.survey, context.wordingVariables);
    const base: VersionBase = { walk: baseWalk, ...context.base };
    problems.push(
      ...itemRoleProblems(parsed.roles, walk.questions, context.scale),
      ...versionProblems(walk, input.survey, base, context.earlier, context.analysisNeeds),
    );
    // A removed question a condition still names is said once, as the removal.
    const removed = new Set(
      problems.filter((p) => p.code === "required_question").map((p) => p.question),
    );
    for (const ref of walk.unresolved) {
      if (removed.has(ref.name)) continue;
      const by = ref.by === ref.path ? null : ref.by;
      problems.push(problem("unknown_reference", ref.path, { name: ref.name }, by));
    }
  }
  if (problems.length === 0 && isObject(input.survey)) {
    try {
      new AnswerValidator(input.survey);
    } catch (error) {
      problems.push(problem("validator", "survey", { detail: (error as Error).message }));
    }
  }
  if (problems.length > 0 || !isObject(input.survey)) {
    return { ok: false, problems: problems.slice(0, maxProblems) };
  }
  return { ok: true, survey: input.survey, itemRoles: rolesInOrder(parsed.roles, walk.questions) };
}
