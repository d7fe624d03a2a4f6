import { bilingualMessages } from "../http/messages.ts";
import strings from "./messages.json" with { type: "json" };

export type QuestionnaireMessageKey = keyof typeof strings;

/**
 * The questionnaire editor's messages: `questionnaireText` keeps Chinese and English apart (a
 * problem the page shows in one language), `questionnaireMessage` joins them for error bodies.
 */
export const { message: questionnaireMessage, text: questionnaireText } =
  bilingualMessages<QuestionnaireMessageKey>(strings);
