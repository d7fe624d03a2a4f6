import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import {
  type CatalogEntry,
  type QuestionnaireCatalog,
  type QuestionnaireWording,
  campaignWording,
  impliedGroup,
} from "../questionnaires/index.ts";
import { type SchoolDirectory, listSchoolChoices } from "../schools/index.ts";
import { paperForm } from "./paper-form.ts";
import type { PaperLink } from "./repository.ts";
import type { PaperForm } from "./types.ts";

export interface PaperDeps {
  db: Kysely<Database>;
  questionnaires: QuestionnaireCatalog;
  schools: SchoolDirectory;
}

/** A paper link's questionnaire version: as printed, and what its answers are checked with. */
export interface LinkQuestionnaire {
  entry: CatalogEntry;
  form: PaperForm;
  wording: QuestionnaireWording;
  /** The survey variables the respondent's page would set for this link. */
  variables: { presetGroup: string; channelSchool: string };
  /** The printed number of each question, for the validator's messages. */
  numbers: Record<string, string>;
}

/** The version the link serves, with the campaign's words and schools filled in. */
export async function linkQuestionnaire(
  deps: PaperDeps,
  link: PaperLink,
): Promise<LinkQuestionnaire> {
  const [entry, wording, schools] = await Promise.all([
    deps.questionnaires.get(link.questionnaireId),
    campaignWording(deps.db, link.campaignId),
    listSchoolChoices(deps.db, link.campaignId),
  ]);
  if (!entry || !wording) {
    throw new Error(`paper link ${link.id} points to a missing questionnaire or campaign`);
  }
  const variables = {
    presetGroup: impliedGroup(link.presetGroup, entry.version.respondentGroups) ?? "",
    channelSchool: link.schoolCode ?? "",
  };
  const form = paperForm({
    questionnaireId: entry.version.id,
    key: entry.version.key,
    version: entry.version.version,
    definition: entry.version.definition,
    ...variables,
    wording,
    schools,
  });
  const numbers = Object.fromEntries(
    form.sections.flatMap((s) => s.questions.map((q) => [q.name, String(q.number)])),
  );
  return { entry, form, wording, variables, numbers };
}
