// The integrity feature: flags, exclusions, rate limits, refused late answers and the chain checks.
export { countClosedRefusal } from "./closed-refusals-repository.ts";
export {
  type CodeGuessSubject,
  codeGuessLimits,
  codeGuessWait,
  countCodeGuess,
} from "./code-guess-limit.ts";
export { responseExcluded } from "./exclusions-repository.ts";
export { integrityMessage } from "./messages.ts";
export { submissionRateLimits, visitRateLimits } from "./rate-limits-config.ts";
export { integrityRoutes } from "./routes.ts";
export { type RateBucket, collectExpiredWindows } from "./rate-buckets-repository.ts";
export {
  type SubmissionRateLimits,
  defaultSubmissionRateLimits,
  isLoopback,
  rateBuckets,
  takeSubmissionSlot,
} from "./submission-rate-limit.ts";
export { describeVerification, verifyIntegrity } from "./verify-integrity.ts";
export { takeVisitSlot } from "./visit-rate-limit.ts";
