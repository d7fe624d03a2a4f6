// The questionnaires feature: the library of questionnaire files, the stored versions of a
// campaign, and their questions as the analysis and the checks read them.
export { type CatalogEntry, QuestionnaireCatalog } from "./questionnaire-catalog.ts";
export { type QuestionnaireFile, questionnairesForScheme } from "./questionnaire-library.ts";
export {
  type QuestionInfo,
  type QuestionOption,
  questionUnion,
  surveyQuestions,
} from "./questionnaire-questions.ts";
export {
  campaignRespondentGroups,
  campaignWording,
  insertQuestionnaire,
  questionnaireMinutes,
} from "./repository.ts";
export {
  type QuestionnaireWording,
  impliedGroup,
  questionnaireWording,
  withWording,
} from "./questionnaire-wording.ts";
export {
  type ScaleChoice,
  commonScale,
  defaultScale,
  scaleChoices,
  withScale,
} from "./satisfaction-scale.ts";
export { surveyMinutes } from "./survey-minutes.ts";
export { questionnaireRoutes } from "./routes.ts";
export { previewPageRoutes } from "./preview-page-routes.ts";
