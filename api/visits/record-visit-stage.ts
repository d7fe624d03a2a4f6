import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { AppError, tooMany } from "../http/errors.ts";
import { message } from "../http/messages.ts";
import { type SubmissionRateLimits, integrityMessage, takeVisitSlot } from "../integrity/index.ts";
import { recordVisit } from "./repository.ts";

export interface VisitStageDeps {
  db: Kysely<Database>;
  /** Per-address beacon limits (api/integrity/rate-limits-config.ts); null turns them off. */
  rateLimits: SubmissionRateLimits | null;
  ipHashPepper: string;
  /** The clock of the rate-limit windows (tests move it); the visit rows use the database's. */
  now?: () => Date;
}

export interface VisitStage {
  /** The visit's UUID as sent. */
  id: string;
  token: string;
  stage: "opened" | "started" | "page";
  page?: number | undefined;
  /** The sender's address, for the per-address limit. */
  ip: string | undefined;
}

/**
 * Counts the beacon against its sender's limit, then records the stage: 404
 * `channel_not_found` for an unknown link, 429 `rate_limited` over the limit,
 * 410 `campaign_not_open` outside the campaign window.
 */
export async function recordVisitStage(deps: VisitStageDeps, visit: VisitStage): Promise<void> {
  if (deps.rateLimits) {
    const verdict = await takeVisitSlot(
      deps.db,
      {
        token: visit.token,
        ip: visit.ip,
        ipHashPepper: deps.ipHashPepper,
        now: deps.now ? deps.now() : new Date(),
      },
      deps.rateLimits,
    );
    if (verdict === "unknown_channel") {
      throw new AppError("channel_not_found", message("channel_not_found"));
    }
    if (!verdict.allowed) {
      const seconds = verdict.retryAfterSeconds;
      throw tooMany("rate_limited", integrityMessage("visits_rate_limited", { seconds }), seconds);
    }
  }
  const outcome = await recordVisit(deps.db, {
    id: visit.id.toLowerCase(),
    token: visit.token,
    started: visit.stage === "started",
    page: visit.page ?? 1,
  });
  if (outcome === "unknown_channel") {
    throw new AppError("channel_not_found", message("channel_not_found"));
  }
  if (outcome === "not_open") {
    throw new AppError("campaign_not_open", message("campaign_not_open"));
  }
}
