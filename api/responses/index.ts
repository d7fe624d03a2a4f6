// The responses feature: the submission endpoint, the strict answer checks and the group commit.
export { type AnswerIssue, AnswerValidator } from "./answer-validator.ts";
export { type BatchItem, storeResponseBatch } from "./batch-repository.ts";
export { ChannelContextCache } from "./channel-context-cache.ts";
export { contentHash } from "./content-hash.ts";
export { GroupCommit } from "./group-commit.ts";
export { type NewResponse, insertResponses } from "./repository.ts";
export { responseRoutes } from "./routes.ts";
export { responseIdPattern } from "./submission-schema.ts";
