import { isDeepStrictEqual } from "node:util";
import type { Kysely } from "kysely";
import { defaultAnalysisConfig } from "../../analysis/analysis-config.ts";
import { type SatisfactionScale, scaleValues } from "../../analysis/index.ts";
import type { Campaign, Database, ItemRoles } from "../db/database.ts";
import { AppError, conflict, notFound } from "../http/errors.ts";
import { questionnaireMessage } from "./messages.ts";
import { type CheckContext, checkQuestionnaire, scaleOf } from "./questionnaire-check.ts";
import { type QuestionnaireProblem, problem } from "./questionnaire-problem.ts";
import { questionnaireWording } from "./questionnaire-wording.ts";
import { campaignWording, insertQuestionnaire } from "./repository.ts";
import { scaleChoices } from "./satisfaction-scale.ts";
import { isObject, walkSurvey } from "./survey-json-checks.ts";
import type {
  EditableQuestionnaireView,
  QuestionnaireListView,
  SaveQuestionnaireBody,
  SavedQuestionnaireView,
  ScaleOptionView,
} from "./types.ts";
import {
  type AnalysisUse,
  type EarlierQuestion,
  answerKind,
  protectedQuestions,
} from "./version-checks.ts";
import {
  type StoredVersion,
  campaignVersions,
  latestVersion,
  linksPerVersion,
  lockCampaign,
  moveLinks,
  responsesPerVersion,
  storedAnalysisSettings,
} from "./version-repository.ts";

/** The placeholders a text may use: the words questionnaire-wording.ts fills. */
const wordingVariables = Object.keys(
  questionnaireWording({ districtName: "", level: "district", scheme: "basic_2012" }),
);

/** Questions whose structure the pages and the analysis rely on: only their texts change. */
const structuralNames = ["identity", "school"];

/** A closed or archived campaign takes no new respondents: its questionnaires stay. */
export function questionnairesEditable(campaign: Campaign, now: Date): boolean {
  if (campaign.status === "closed" || campaign.status === "archived") return false;
  return !(campaign.status === "open" && now.getTime() >= campaign.closes_at.getTime());
}

function requireEditable(campaign: Campaign, now: Date): void {
  if (!questionnairesEditable(campaign, now)) {
    throw conflict("invalid_transition", questionnaireMessage("closed"));
  }
}

/** 422 `invalid_questionnaire` with every problem in `details`. */
export function invalidQuestionnaire(problems: readonly QuestionnaireProblem[]): AppError {
  const first = problems
    .slice(0, 3)
    .map((p) => `${p.path || "(JSON)"}: ${p.zh}`)
    .join("；");
  return new AppError(
    "invalid_questionnaire",
    questionnaireMessage("invalid", { count: problems.length, first }),
    problems,
  );
}

/** The campaign's questionnaires, each with its versions, responses and links per version. */
export async function questionnaireList(
  db: Kysely<Database>,
  campaign: Campaign,
  now: Date,
): Promise<QuestionnaireListView> {
  const [versions, responses, links] = await Promise.all([
    campaignVersions(db, campaign.id),
    responsesPerVersion(db, campaign.id),
    linksPerVersion(db, campaign.id),
  ]);
  const keys = [...new Set(versions.map((v) => v.key))];
  return {
    editable: questionnairesEditable(campaign, now),
    questionnaires: keys.map((key) => {
      const own = versions.filter((v) => v.key === key);
      const latest = own[own.length - 1]!;
      return {
        key,
        title: latest.title,
        respondentGroups: latest.respondentGroups,
        versions: own.map((v) => ({
          id: v.id,
          version: v.version,
          createdAt: v.createdAt.toISOString(),
          responses: responses.get(v.id) ?? 0,
          links: links.get(v.id) ?? 0,
          current: v.id === latest.id,
        })),
      };
    }),
  };
}

/** The questions the campaign's analysis settings read (stored keys over the defaults). */
function analysisNeeds(settings: Record<string, unknown> | undefined): Map<string, AnalysisUse> {
  const pick = (key: string, fallback: string | null) =>
    settings && Object.hasOwn(settings, key) ? settings[key] : fallback;
  const needs = new Map<string, AnalysisUse>();
  const source = pick("awarenessSourceItem", defaultAnalysisConfig.awarenessSourceItem);
  if (typeof source === "string") needs.set(source, "source");
  const awareness = pick("awarenessItem", defaultAnalysisConfig.awarenessItem);
  if (typeof awareness === "string") needs.set(awareness, "awareness");
  const definition = pick("definition", defaultAnalysisConfig.definition);
  const overall = pick("overallItem", defaultAnalysisConfig.overallItem);
  if (definition === "overall_item" && typeof overall === "string")
    needs.set(overall, "satisfaction");
  return needs;
}

interface EditContext {
  latest: StoredVersion;
  check: CheckContext;
  scale: ScaleOptionView[] | null;
}

function campaignScale(campaign: Campaign): SatisfactionScale | null {
  return campaign.scale_points === null || campaign.scale_dont_know === null
    ? null
    : { points: campaign.scale_points, dontKnow: campaign.scale_dont_know };
}

/** Everything an edit of `key` is checked against, read once. */
async function editContext(
  db: Kysely<Database>,
  campaign: Campaign,
  key: string,
): Promise<EditContext> {
  const [versions, settings] = await Promise.all([
    campaignVersions(db, campaign.id),
    storedAnalysisSettings(db, campaign.id),
  ]);
  const own = versions.filter((v) => v.key === key);
  const latest = own[own.length - 1];
  if (!latest) throw notFound();
  const earlier: EarlierQuestion[] = versions.flatMap((v) =>
    walkSurvey(v.definition, wordingVariables).questions.map((q) => ({
      name: q.name,
      kind: answerKind(q),
      where: { zh: `${v.title}第 ${v.version} 版`, en: `${v.key} version ${v.version}` },
    })),
  );
  const fixedScale = campaignScale(campaign);
  let scale: ScaleOptionView[] | null;
  if (fixedScale) {
    scale = scaleChoices(fixedScale).map((c) => ({
      value: c.value,
      zh: c.text.default,
      en: c.text.en,
    }));
  } else {
    // A campaign older than scales: each questionnaire keeps its own options.
    const first = scaleOf(walkSurvey(latest.definition, wordingVariables), latest.itemRoles);
    const choices = first && Array.isArray(first.element.choices) ? first.element.choices : null;
    scale = choices
      ? choices.filter(isObject).map((c) => {
          const text = isObject(c.text) ? c.text : {};
          return {
            value: String(c.value),
            zh: String(text.default ?? ""),
            en: String(text.en ?? ""),
          };
        })
      : null;
  }
  return {
    latest,
    scale,
    check: {
      base: { survey: latest.definition, itemRoles: latest.itemRoles },
      earlier,
      analysisNeeds: analysisNeeds(settings),
      wordingVariables,
      scale: scale?.map((o) => o.value) ?? (fixedScale ? scaleValues(fixedScale) : null),
    },
  };
}

/** The current version of `key` to edit, with what an edit may and may not do. */
export async function editableQuestionnaire(
  db: Kysely<Database>,
  campaign: Campaign,
  key: string,
  now: Date,
): Promise<EditableQuestionnaireView> {
  const { latest, check, scale } = await editContext(db, campaign, key);
  const [responses, wording] = await Promise.all([
    responsesPerVersion(db, campaign.id),
    campaignWording(db, campaign.id),
  ]);
  const walk = walkSurvey(latest.definition, wordingVariables);
  const used = new Map(check.earlier.map((q) => [q.name, q.kind]));
  return {
    key,
    title: latest.title,
    id: latest.id,
    version: latest.version,
    respondentGroups: latest.respondentGroups,
    survey: latest.definition,
    itemRoles: latest.itemRoles,
    responses: responses.get(latest.id) ?? 0,
    editable: questionnairesEditable(campaign, now),
    scale,
    protected: protectedQuestions({ walk, ...check.base }, check.analysisNeeds),
    structural: structuralNames.filter((name) => walk.questions.some((q) => q.name === name)),
    usedNames: [...used].map(([name, kind]) => ({ name, kind })),
    wording: wording ?? null,
  };
}

/** Checks an edit or an import of `key` against the campaign; problems throw 422. */
export async function checkedEdit(
  db: Kysely<Database>,
  campaign: Campaign,
  key: string,
  input: { survey: unknown; itemRoles: unknown },
): Promise<{ latest: StoredVersion; survey: Record<string, unknown>; itemRoles: ItemRoles }> {
  const { latest, check } = await editContext(db, campaign, key);
  const result = checkQuestionnaire(input, check);
  if (!result.ok) throw invalidQuestionnaire(result.problems);
  return { latest, survey: result.survey, itemRoles: result.itemRoles };
}

/**
 * Saves an edit as the next version of `key` (docs/questionnaires.md, Versions): checked in
 * full, then stored as version + 1 with the same key, title and respondent groups, and every
 * link of the questionnaire moved to it, in one transaction with its audit entry. The version
 * it replaces stays as it was, answered or not: a page opened before the save still submits
 * it, and the caches of the survey page and the submission path name versions by id.
 */
export async function saveQuestionnaireVersion(
  db: Kysely<Database>,
  campaign: Campaign,
  key: string,
  body: SaveQuestionnaireBody,
  options: {
    now: Date;
    audit: (trx: Kysely<Database>, saved: SavedQuestionnaireView) => Promise<void>;
  },
): Promise<SavedQuestionnaireView> {
  requireEditable(campaign, options.now);
  const current = await latestVersion(db, campaign.id, key);
  if (!current) throw notFound();
  if (current.version !== body.baseVersion) {
    throw conflict(
      "questionnaire_changed",
      questionnaireMessage("changed", { version: current.version }),
    );
  }
  const edit = await checkedEdit(db, campaign, key, body);
  if (
    isDeepStrictEqual(edit.survey, edit.latest.definition) &&
    isDeepStrictEqual(edit.itemRoles, edit.latest.itemRoles)
  ) {
    throw invalidQuestionnaire([problem("unchanged", "")]);
  }
  return db.transaction().execute(async (trx) => {
    await lockCampaign(trx, campaign.id);
    const latest = await latestVersion(trx, campaign.id, key);
    if (!latest || latest.id !== edit.latest.id) {
      throw conflict(
        "questionnaire_changed",
        questionnaireMessage("changed", { version: latest?.version ?? 0 }),
      );
    }
    const id = await insertQuestionnaire(trx, {
      campaignId: campaign.id,
      key,
      version: latest.version + 1,
      title: latest.title,
      definition: edit.survey,
      respondentGroups: latest.respondentGroups,
      itemRoles: edit.itemRoles,
    });
    const links = await moveLinks(trx, campaign.id, key, id);
    const saved = { id, key, version: latest.version + 1, links };
    await options.audit(trx, saved);
    return saved;
  });
}
