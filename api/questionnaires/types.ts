// The questionnaire editor's views, as the staff pages import them (types only).
import type { ItemRoles, RespondentGroup } from "../db/database.ts";
import type { QuestionnaireProblem } from "./questionnaire-problem.ts";
import type { QuestionnaireWording } from "./questionnaire-wording.ts";
import type { AnswerKind } from "./version-checks.ts";

export type { QuestionnaireProblem } from "./questionnaire-problem.ts";
export type { AnswerKind } from "./version-checks.ts";
export type { QuestionRole } from "./item-role-checks.ts";

/** One stored version: how many answered it, how many links serve it now. */
export interface QuestionnaireVersionView {
  id: number;
  version: number;
  createdAt: string;
  responses: number;
  links: number;
  /** The latest version: new respondents get it. */
  current: boolean;
}

export interface QuestionnaireSummaryView {
  key: string;
  title: string;
  respondentGroups: RespondentGroup[];
  /** Oldest first. */
  versions: QuestionnaireVersionView[];
}

/** `GET /api/campaigns/:id/questionnaires`. */
export interface QuestionnaireListView {
  questionnaires: QuestionnaireSummaryView[];
  /** False once the campaign is closed or archived. */
  editable: boolean;
}

/** An option of the campaign's satisfaction scale, as new satisfaction items offer it. */
export interface ScaleOptionView {
  value: string;
  zh: string;
  en: string;
}

/** `GET /api/campaigns/:id/questionnaires/:key`: the current version, to edit. */
export interface EditableQuestionnaireView {
  key: string;
  title: string;
  id: number;
  version: number;
  respondentGroups: RespondentGroup[];
  /** SurveyJS JSON with its placeholders ({district} …) as stored. */
  survey: Record<string, unknown>;
  itemRoles: ItemRoles;
  /** Responses to this version: with any, saving makes a new version and this one stays. */
  responses: number;
  editable: boolean;
  /** The options satisfaction items offer; null: no scale known (any options). */
  scale: ScaleOptionView[] | null;
  /** Questions an edit cannot remove, and why. */
  protected: { name: string; zh: string; en: string }[];
  /** Questions whose structure is fixed (identity, school): only their texts change. */
  structural: string[];
  /** Every question name used by any version of the campaign, with its kind of answer. */
  usedNames: { name: string; kind: AnswerKind }[];
  /** The campaign's words for the placeholders, for the preview. */
  wording: QuestionnaireWording | null;
}

/** `PUT /api/campaigns/:id/questionnaires/:key`: the edited version. */
export interface SaveQuestionnaireBody {
  /** The version the edit started from; another save since answers 409. */
  baseVersion: number;
  survey: Record<string, unknown>;
  itemRoles: ItemRoles;
}

export interface SavedQuestionnaireView {
  id: number;
  key: string;
  version: number;
  /** Links now serving the new version. */
  links: number;
}

/** `POST /api/campaigns/:id/questionnaires/:key/check`: an import, checked and not stored. */
export interface CheckedImportView {
  survey: Record<string, unknown>;
  itemRoles: ItemRoles;
}

/** The details of a 422 `invalid_questionnaire`. */
export type QuestionnaireProblems = QuestionnaireProblem[];
