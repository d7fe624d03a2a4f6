import { isDeepStrictEqual } from "node:util";
import type { ItemRoles } from "../db/database.ts";
import type { MessageParams } from "../http/messages.ts";
import { questionnaireText } from "./messages.ts";
import { type QuestionnaireProblem, at, problem } from "./questionnaire-problem.ts";
import type { SurveyWalk, WalkedQuestion } from "./survey-json-checks.ts";

/** What a stored answer to a question is: the analysis combines versions by name and kind. */
export type AnswerKind = "single" | "multiple" | "rating" | "boolean" | "number" | "text";

export function answerKind(question: Pick<WalkedQuestion, "type" | "element">): AnswerKind {
  switch (question.type) {
    case "checkbox":
    case "tagbox":
      return "multiple";
    case "rating":
      return "rating";
    case "boolean":
      return "boolean";
    case "text":
      return question.element.inputType === "number" ? "number" : "text";
    case "comment":
      return "text";
    default:
      return "single";
  }
}

const kindWords: Record<AnswerKind, { zh: string; en: string }> = {
  single: { zh: "单选", en: "single-choice" },
  multiple: { zh: "多选", en: "multiple-choice" },
  rating: { zh: "评分", en: "rating" },
  boolean: { zh: "是非", en: "yes/no" },
  number: { zh: "数字填空", en: "number" },
  text: { zh: "文字填空", en: "text" },
};

/** A question of an earlier version (any questionnaire of the campaign). */
export interface EarlierQuestion {
  readonly name: string;
  readonly kind: AnswerKind;
  /** Where it was, e.g. { zh: "社会卷第 1 版", en: "social version 1" }. */
  readonly where: { readonly zh: string; readonly en: string };
}

/** Why the analysis needs a question (the campaign's analysis settings name it). */
export type AnalysisUse = "satisfaction" | "awareness" | "source";

export interface VersionBase {
  /** The version being edited: its walk and roles. */
  readonly walk: SurveyWalk;
  readonly survey: Readonly<Record<string, unknown>>;
  readonly itemRoles: ItemRoles;
}

const figureWords: Record<AnalysisUse, { zh: string; en: string }> = {
  satisfaction: { zh: "满意度", en: "the satisfaction figure" },
  awareness: { zh: "知晓度", en: "awareness" },
  source: { zh: "知晓渠道", en: "the sources of information" },
};

type Reason = { reason: string; reasonEn: string };

function why(
  key: "why_identity" | "why_school" | "why_overall" | "why_reference" | "why_analysis",
  params: MessageParams = {},
): Reason {
  const text = questionnaireText(key, params);
  return { reason: text.zh, reasonEn: text.en };
}

/** Why a question of `base` cannot be removed, or null when it can. */
function removalReason(
  name: string,
  base: VersionBase,
  analysisNeeds: ReadonlyMap<string, AnalysisUse>,
  referencedBy: ReadonlyMap<string, string>,
): Reason | null {
  const use = analysisNeeds.get(name);
  if (name === "identity") return why("why_identity");
  if (name === "school") return why("why_school");
  if (name === base.itemRoles.overall) return why("why_overall");
  if (use !== undefined) {
    return why("why_analysis", { figure: figureWords[use].zh, figureEn: figureWords[use].en });
  }
  const by = referencedBy.get(name);
  return by === undefined ? null : why("why_reference", { by });
}

/** Whether two lists of calculated values (name, expression, flags: flat objects) are the same. */
function sameCalculatedValues(a: unknown, b: unknown): boolean {
  const flat = (list: unknown) =>
    list === undefined ||
    (Array.isArray(list) &&
      list.every(
        (item) =>
          typeof item === "object" &&
          item !== null &&
          Object.values(item).every((v) => typeof v !== "object" || v === null),
      ));
  // Only flat lists are compared (a deeply nested value must not exhaust the stack).
  return flat(a) && flat(b) && isDeepStrictEqual(a ?? null, b ?? null);
}

/** The questions of `base` an edit cannot remove, each with why (for the editor page). */
export function protectedQuestions(
  base: VersionBase,
  analysisNeeds: ReadonlyMap<string, AnalysisUse>,
): { name: string; zh: string; en: string }[] {
  const referencedBy = new Map<string, string>();
  for (const ref of base.walk.references) {
    if (!referencedBy.has(ref.name)) referencedBy.set(ref.name, ref.by);
  }
  return base.walk.questions.flatMap((q) => {
    const reason = removalReason(q.name, base, analysisNeeds, referencedBy);
    return reason ? [{ name: q.name, zh: reason.reason, en: reason.reasonEn }] : [];
  });
}

/**
 * The edit against the version it replaces and the campaign's history (docs/questionnaires.md,
 * What can change): the identity and school questions and the respondent-group logic stay as
 * the analysis and the pages rely on them (texts may change); questions the analysis needs
 * (identity, school, the overall item, those the analysis settings name, those a condition
 * uses) are not removed; and a name keeps its kind of answer across every version, since the
 * report and the exports combine versions by question name.
 */
export function versionProblems(
  walk: SurveyWalk,
  survey: Readonly<Record<string, unknown>>,
  base: VersionBase,
  earlier: readonly EarlierQuestion[],
  analysisNeeds: ReadonlyMap<string, AnalysisUse>,
): QuestionnaireProblem[] {
  const problems: QuestionnaireProblem[] = [];
  const now = new Map(walk.questions.map((q) => [q.name, q]));
  const referencedBy = new Map<string, string>();
  for (const ref of walk.references)
    if (!referencedBy.has(ref.name)) referencedBy.set(ref.name, ref.by);

  if (!sameCalculatedValues(survey.calculatedValues, base.survey.calculatedValues)) {
    problems.push(problem("group_logic_changed", "survey.calculatedValues"));
  }

  for (const old of base.walk.questions) {
    if (now.has(old.name)) continue;
    const reason = removalReason(old.name, base, analysisNeeds, referencedBy);
    if (reason) {
      problems.push(
        problem("required_question", "survey.pages", { name: old.name, ...reason }, old.name),
      );
    }
  }

  const fixed = (
    question: WalkedQuestion,
    parts: readonly (readonly [string, string, string])[],
    reason: ReturnType<typeof why>,
  ) => {
    const old = base.walk.questions.find((q) => q.name === question.name);
    if (!old) return;
    for (const [property, part, partEn] of parts) {
      const same =
        property === "values"
          ? [...question.values].sort().join() === [...old.values].sort().join()
          : isDeepStrictEqual(question.element[property] ?? null, old.element[property] ?? null);
      if (!same) {
        const path =
          property === "values" ? at(question.path, "choices") : at(question.path, property);
        problems.push(
          problem(
            "fixed_question",
            path,
            { name: question.name, part, partEn, ...reason },
            question.name,
          ),
        );
      }
    }
  };
  const identity = now.get("identity");
  if (identity) {
    fixed(
      identity,
      [
        ["type", "题型", "type"],
        ["visibleIf", "显示条件", "condition"],
        ["isRequired", "必答设置", "required flag"],
        ["values", "选项代码", "option values"],
      ],
      why("why_identity"),
    );
  }
  const school = now.get("school");
  if (school) {
    fixed(
      school,
      [
        ["type", "题型", "type"],
        ["visibleIf", "显示条件", "condition"],
        ["isRequired", "必答设置", "required flag"],
        ["choices", "选项（由平台按学校名单填入）", "options (filled from the school list)"],
      ],
      why("why_school"),
    );
  }

  for (const question of walk.questions) {
    const kind = answerKind(question);
    const clash = earlier.find((e) => e.name === question.name && e.kind !== kind);
    if (clash) {
      problems.push(
        problem(
          "type_changed",
          at(question.path, "type"),
          {
            name: question.name,
            where: clash.where.zh,
            whereEn: clash.where.en,
            was: kindWords[clash.kind].zh,
            wasEn: kindWords[clash.kind].en,
            now: kindWords[kind].zh,
            nowEn: kindWords[kind].en,
          },
          question.name,
        ),
      );
    }
  }
  return problems;
}
