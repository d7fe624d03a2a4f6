import type { Kysely } from "kysely";
import { recordAudit } from "../staff/audit.ts";
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
} from "./exclusion-store.ts";
import { integrityMessage } from "./messages.ts";
import type { IntegritySettings } from "./integrity-settings.ts";

export interface ExclusionContext {
  db: Kysely<Database>;
  campaignId: number;
  actor: ExclusionActor;
  /** The staff member's keyed IP hash, for the audit entry. */
  ipHash: string | null;
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
        404,
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
        422,
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
          409,
          "cluster_already_excluded",
          integrityMessage("cluster_already_excluded", { cluster: cluster.id }),
        );
      }
    } else if (excluded.length > 0) {
      throw new AppError(
        409,
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
        404,
        "exclusion_not_found",
        integrityMessage("exclusion_not_found", { id: reverses }),
      );
    }
    if (target.kind !== "exclude") {
      throw new AppError(
        422,
        "cannot_reverse_reversal",
        integrityMessage("cannot_reverse_reversal"),
      );
    }
    if (target.reversedBy !== null) {
      throw new AppError(
        409,
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
