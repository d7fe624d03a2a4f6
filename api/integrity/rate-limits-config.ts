import type { RateLimitConfig } from "../config.ts";
import type { SubmissionRateLimits } from "./submission-rate-limit.ts";

/**
 * The submission limits as rate windows (api/integrity/submission-rate-limit.ts),
 * from the RATE_LIMIT_* variables; their defaults are defaultSubmissionRateLimits.
 */
export function submissionRateLimits(limits: RateLimitConfig): SubmissionRateLimits {
  return Object.freeze({
    ip: Object.freeze([
      { seconds: 60, max: limits.ipPerMinute },
      { seconds: 3600, max: limits.ipPerHour },
    ]),
    channel: Object.freeze([{ seconds: 60, max: limits.linkPerMinute }]),
  });
}

/**
 * The funnel beacons' limits: per keyed IP hash only. A link-wide cap would,
 * during a flood from many addresses, drop the real crowd's beacons too and
 * undercount everyone's funnel; the per-address cap falls on the sender.
 */
export function visitRateLimits(limits: RateLimitConfig): SubmissionRateLimits {
  return Object.freeze({
    ip: Object.freeze([
      { seconds: 60, max: limits.visitIpPerMinute },
      { seconds: 3600, max: limits.visitIpPerHour },
    ]),
    channel: Object.freeze([]),
  });
}
