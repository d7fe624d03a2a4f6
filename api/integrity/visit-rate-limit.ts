import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { findChannelContext } from "../channels/index.ts";
import { hashIp } from "../http/client-info.ts";
import {
  type RateVerdict,
  type SubmissionRateLimits,
  isLoopback,
  takeSubmissionSlot,
} from "./submission-rate-limit.ts";

export interface VisitRateRequest {
  token: string;
  ip: string | undefined;
  ipHashPepper: string;
  now: Date;
}

/** No such link: the route answers 404 without counting anything. */
export type VisitRateVerdict = RateVerdict | "unknown_channel";

/**
 * Counts one funnel beacon against its sender's windows, in the same
 * `rate_bucket` table as submissions (shared by every API process). The
 * address is hashed with the campaign's salt, as for answers, and the keys
 * carry a `visit:` prefix so beacons never use up a submission's allowance.
 * A loopback address (an untrusted proxy speaking for everyone) is not limited.
 */
export async function takeVisitSlot(
  db: Kysely<Database>,
  req: VisitRateRequest,
  limits: SubmissionRateLimits,
): Promise<VisitRateVerdict> {
  const channel = await findChannelContext(db, req.token);
  if (!channel) return "unknown_channel";
  const ipHash = isLoopback(req.ip)
    ? null
    : hashIp(req.ip, channel.campaign.ipSalt, req.ipHashPepper);
  if (ipHash === null) return { allowed: true, retryAfterSeconds: 0 };
  return takeSubmissionSlot(
    db,
    { ipHash: `visit:${ipHash}`, channelId: channel.channelId },
    limits,
    req.now,
  );
}
