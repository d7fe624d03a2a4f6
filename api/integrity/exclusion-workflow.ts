import type { Kysely } from "kysely";
import { recordAudit } from "../staff/index.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { campaignFlags } from "./campaign-flags.ts";
import {
  type ExclusionActor,
  type ExclusionRecord,
  alreadyExcluded,
  findExclusion,
  insertExclusion,
  insertReversal,
  lockExclusions,
  unknownResponseIds,
} from "./exclusions-repository.ts";
import { integrityMessage } from "./messages.ts";
import type { IntegritySettings } from "./integrity-settings.ts";
import { loadIntegritySettings } from "./settings-repository.ts";

export interface ExclusionContext {
  db: Kysely<Database>;
  campaignId: number;
  actor: ExclusionActor;
  /** The staff member's keyed IP hash, for the audit entry. */
  ipHash: string | null;
}

/** A decision as staff ask for it: responses by id, a flag cluster, or the reversal of an exclusion. */
export type ExclusionRequest =
  | { responseIds: readonly string[]; reason: string }
  | { flagCluster: string; reason: string }
  | { reverses: number; reason: string };

/** Carries out a request: a cluster is resolved under the campaign's current thresholds. */
export async function decideExclusion(
  ctx: ExclusionContext,
  request: ExclusionRequest,
): Promise<ExclusionRecord> {
  if ("reverses" in request) return reverseExclusion(ctx, request.reverses, request.reason);
  if ("responseIds" in request) {
    return excludeResponses(ctx, { responseIds: request.responseIds }, request.reason);
  }
  const { settings } = await loadIntegritySettings(ctx.db, ctx.campaignId);
  return excludeResponses(ctx, { flagCluster: request.flagCluster, settings }, request.reason);
}

const shown = (ids: readonly string[]) =>
  ids.slice(0, 5).join(", ") + (ids.length > 5 ? ", …" : "");

function auditActor(actor: ExclusionActor) {
  return actor.userId === null
    ? { label: actor.label }
    : { id: actor.userId, username: actor.label };
}

/**
 * Excludes responses of the campaign, chosen by id or as a flag cluster. Ids
 * are checked under the campaign's exclusion lock, so two admins excluding
 * the same response at once give one exclusion and one 409, never an overlap
 * that a single reversal could not undo. The record and its audit entry
 * commit together.
 */
export async function excludeResponses(
  ctx: ExclusionContext,
  choice: { responseIds: readonly string[] } | { flagCluster: string; settings: IntegritySettings },
  reason: string,
): Promise<ExclusionRecord> {
  const { db, campaignId } = ctx;
  let ids: string[];
  let cluster: { id: string; kind: string } | null = null;
  if ("responseIds" in choice) {
    ids = [...new Set(choice.responseIds.map((id) => id.toLowerCase()))];
  } else {
    const flags = await campaignFlags(db, campaignId, choice.settings);
    const found = flags.clusters.find((c) => c.id === choice.flagCluster);
    if (!found) {
      throw new AppError(
        "cluster_not_found",
        integrityMessage("cluster_not_found", { cluster: choice.flagCluster }),
      );
    }
    ids = found.responseIds;
    cluster = { id: found.id, kind: found.kind };
  }

  return db.transaction().execute(async (trx) => {
    await lockExclusions(trx, campaignId);
    const unknown = await unknownResponseIds(trx, campaignId, ids);
    if (unknown.length > 0) {
      throw new AppError(
        "unknown_responses",
        integrityMessage("unknown_responses", { count: unknown.length, ids: shown(unknown) }),
        { responseIds: unknown.slice(0, 100) },
      );
    }
    const excluded = await alreadyExcluded(trx, campaignId, ids);
    if (cluster) {
      // A cluster grows as flags are recomputed: exclude what is not excluded yet.
      const done = new Set(excluded);
      ids = ids.filter((id) => !done.has(id));
      if (ids.length === 0) {
        throw new AppError(
          "cluster_already_excluded",
          integrityMessage("cluster_already_excluded", { cluster: cluster.id }),
        );
      }
    } else if (excluded.length > 0) {
      throw new AppError(
        "already_excluded",
        integrityMessage("already_excluded", { count: excluded.length, ids: shown(excluded) }),
        { responseIds: excluded.slice(0, 100) },
      );
    }
    const record = await insertExclusion(trx, {
      campaignId,
      responseIds: ids,
      flagCluster: cluster,
      reason,
      actor: ctx.actor,
    });
    await recordAudit(trx, {
      actor: auditActor(ctx.actor),
      action: "integrity.exclude",
      target: `exclusion:${record.id}`,
      details: {
        campaignId,
        responses: record.responseIds.length,
        flagCluster: cluster?.id ?? null,
        reason,
        hash: record.hash,
      },
      ipHash: ctx.ipHash,
    });
    return record;
  });
}

/** Reverses one exclusion with a new record; the original stays, marked as reversed. */
export async function reverseExclusion(
  ctx: ExclusionContext,
  reverses: number,
  reason: string,
): Promise<ExclusionRecord> {
  const { db, campaignId } = ctx;
  return db.transaction().execute(async (trx) => {
    await lockExclusions(trx, campaignId);
    const target = Number.isSafeInteger(reverses) ? await findExclusion(trx, reverses) : undefined;
    if (!target || target.campaignId !== campaignId) {
      throw new AppError(
        "exclusion_not_found",
        integrityMessage("exclusion_not_found", { id: reverses }),
      );
    }
    if (target.kind !== "exclude") {
      throw new AppError("cannot_reverse_reversal", integrityMessage("cannot_reverse_reversal"));
    }
    if (target.reversedBy !== null) {
      throw new AppError(
        "already_reversed",
        integrityMessage("already_reversed", { id: reverses }),
      );
    }
    const record = await insertReversal(trx, { campaignId, reverses, reason, actor: ctx.actor });
    await recordAudit(trx, {
      actor: auditActor(ctx.actor),
      action: "integrity.exclusion_reverse",
      target: `exclusion:${record.id}`,
      details: {
        campaignId,
        reverses,
        responses: target.responseIds.length,
        reason,
        hash: record.hash,
      },
      ipHash: ctx.ipHash,
    });
    return record;
  });
}
