// The respondent's survey page, served for a link's token with its first questions inline.
export { FirstPageCache } from "./first-questions.ts";
export { surveyPageRoutes } from "./routes.ts";
