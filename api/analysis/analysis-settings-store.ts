import type { Kysely } from "kysely";
import type { AnalysisConfig } from "../../analysis/analysis-config.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { analysisMessage } from "./messages.ts";
import {
  findAnalysisSettings,
  findCampaignScale,
  saveAnalysisSettings,
} from "./settings-repository.ts";
import { campaignQuestionnaires } from "./questionnaire-versions-repository.ts";
import {
  type AnalysisSettings,
  analysisSettingsSchema,
  resolvedConfig,
  scaleDefaults,
  settingsConfig,
  settingsProblems,
} from "./analysis-settings.ts";
import {
  type QuestionInfo,
  campaignWording,
  questionUnion,
  withWording,
} from "../questionnaires/index.ts";
import { satisfactionItems } from "./report-inputs.ts";

/**
 * `GET /api/campaigns/:id/analysis-settings`: what is stored, the config a report runs with
 * (items resolved: save it as the `--config` file of `npm run analyze` to reproduce the
 * report), the defaults, and any problem that stops the report (then `config` is null).
 */
export interface AnalysisSettingsView {
  /** The stored settings (only the keys chosen), or null for the defaults. */
  settings: Record<string, unknown> | null;
  updatedAt: string | null;
  config: AnalysisConfig | null;
  problems: string[];
  /** What a key left out means for this campaign: favourable and excluded follow its scale. */
  defaults: AnalysisConfig;
}

/** What a campaign's settings are checked against: its questions, items and defaults. */
interface CampaignAnalysisBasis {
  questions: QuestionInfo[];
  items: string[];
  defaults: AnalysisConfig;
}

/** The questions and satisfaction items of the campaign's questionnaires. */
export async function campaignQuestions(
  db: Kysely<Database>,
  campaignId: number,
): Promise<{ questions: QuestionInfo[]; items: string[] }> {
  const questionnaires = await campaignQuestionnaires(db, campaignId);
  const wording = await campaignWording(db, campaignId);
  const questions = questionUnion(questionnaires.map((q) => q.definition));
  return {
    // Staff read the titles as the campaign's respondents do (本县, 优质均衡), not `{area}`.
    questions: wording
      ? questions.map((q) => ({
          ...q,
          zh: withWording(q.zh, wording),
          en: withWording(q.en, wording),
        }))
      : questions,
    items: satisfactionItems(questionnaires),
  };
}

/** The campaign's questions with the defaults of its scale. */
async function analysisBasis(
  db: Kysely<Database>,
  campaignId: number,
): Promise<CampaignAnalysisBasis> {
  const [questions, scale] = await Promise.all([
    campaignQuestions(db, campaignId),
    findCampaignScale(db, campaignId),
  ]);
  return { ...questions, defaults: scaleDefaults(scale) };
}

function problemsOf(
  settings: unknown,
  campaign: CampaignAnalysisBasis,
): { config: AnalysisConfig | null; problems: string[] } {
  const parsed = analysisSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    return { config: null, problems: parsed.error.issues.map((i) => i.message) };
  }
  try {
    const config = resolvedConfig(settingsConfig(parsed.data, campaign.defaults), campaign.items);
    const problems = settingsProblems(config, campaign.questions);
    return { config: problems.length === 0 ? config : null, problems };
  } catch (error) {
    if (error instanceof RangeError) return { config: null, problems: [error.message] };
    throw error;
  }
}

export async function analysisSettingsView(
  db: Kysely<Database>,
  campaignId: number,
): Promise<AnalysisSettingsView> {
  const [stored, campaign] = await Promise.all([
    findAnalysisSettings(db, campaignId),
    analysisBasis(db, campaignId),
  ]);
  return {
    settings: stored?.settings ?? null,
    updatedAt: stored?.updatedAt.toISOString() ?? null,
    ...problemsOf(stored?.settings ?? {}, campaign),
    defaults: campaign.defaults,
  };
}

/**
 * Stores settings that passed the schema once they also fit the campaign's questionnaires;
 * 422 `invalid_analysis_settings` (each problem in `details`) otherwise, and nothing stored.
 */
export async function updateAnalysisSettings(
  db: Kysely<Database>,
  campaignId: number,
  settings: AnalysisSettings,
  userId: number,
): Promise<void> {
  const { problems } = problemsOf(settings, await analysisBasis(db, campaignId));
  if (problems.length > 0) {
    throw new AppError(
      "invalid_analysis_settings",
      analysisMessage("invalidSettings", { detail: problems.join("; ") }),
      problems,
    );
  }
  await saveAnalysisSettings(db, campaignId, settings, userId);
}

/** What a campaign's analysis runs with: its questions and its resolved config. */
export interface AnalysisContext {
  readonly questions: readonly QuestionInfo[];
  readonly config: AnalysisConfig;
}

/**
 * The campaign's questions and the config of its stored settings (or the defaults), checked
 * to fit together: 422 `settings_unusable` when they do not (a new questionnaire version can
 * leave stored settings naming a question no longer asked), rather than a wrong figure or a 500.
 */
export async function analysisContext(
  db: Kysely<Database>,
  campaignId: number,
): Promise<AnalysisContext> {
  const [stored, campaign] = await Promise.all([
    findAnalysisSettings(db, campaignId),
    analysisBasis(db, campaignId),
  ]);
  const { config, problems } = problemsOf(stored?.settings ?? {}, campaign);
  if (config === null) throw settingsUnusable(problems.join("; "));
  return { questions: campaign.questions, config };
}

export function settingsUnusable(detail: string): AppError {
  return new AppError("settings_unusable", analysisMessage("settingsUnusable", { detail }));
}
