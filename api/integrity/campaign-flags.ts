import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import {
  channelBurstCandidates,
  identicalClusterCandidates,
  interviewerSpeedCandidates,
  interviewerUniformCandidates,
  ipBurstCandidates,
  overPoolCandidates,
  repeatDeviceCandidates,
  straightLiningCandidates,
  tooFastCandidates,
} from "./flags-repository.ts";
import {
  type Flag,
  type FlagKind,
  type FlaggedRow,
  type ResponsePlace,
  channelBurstFlags,
  identicalClusterFlags,
  interviewerFastFlags,
  interviewerUniformFlags,
  ipBurstFlags,
  overPoolFlags,
  repeatDeviceFlags,
  straightLiningFlags,
  tooFastFlags,
} from "./flag-rules.ts";
import type { IntegritySettings } from "./integrity-settings.ts";

export interface FlaggedResponse extends ResponsePlace {
  flags: Flag[];
}

export interface FlagCluster {
  id: string;
  kind: FlagKind;
  responseIds: string[];
  firstAt: Date;
  lastAt: Date;
  /** The evidence of its first response (the episode's figures). */
  evidence: Record<string, unknown>;
}

export interface CampaignFlags {
  /** Flagged responses in arrival order, each with every flag it carries. */
  responses: FlaggedResponse[];
  clusters: FlagCluster[];
}

/**
 * Every flag of a campaign, computed afresh from the stored responses and the
 * campaign's thresholds: derived data, so a change of threshold or a new
 * response is reflected at once, and nothing is written.
 */
export async function campaignFlags(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<CampaignFlags> {
  // One after another: PGlite has one connection, and a server pool is shared with respondents.
  const flagged: FlaggedRow[] = [
    ...tooFastFlags(await tooFastCandidates(db, campaignId, s), s),
    ...straightLiningFlags(await straightLiningCandidates(db, campaignId, s), s),
    ...repeatDeviceFlags(await repeatDeviceCandidates(db, campaignId, s), s),
    ...ipBurstFlags(await ipBurstCandidates(db, campaignId, s), s),
    ...channelBurstFlags(await channelBurstCandidates(db, campaignId, s), s),
    ...identicalClusterFlags(await identicalClusterCandidates(db, campaignId, s), s),
    ...overPoolFlags(await overPoolCandidates(db, campaignId, s), s),
    ...interviewerFastFlags(await interviewerSpeedCandidates(db, campaignId, s), s),
    ...interviewerUniformFlags(await interviewerUniformCandidates(db, campaignId, s), s),
  ];
  return groupFlags(flagged);
}

/** Flags per response and per cluster (pure; exported for tests). */
export function groupFlags(flagged: readonly FlaggedRow[]): CampaignFlags {
  const byResponse = new Map<string, FlaggedResponse>();
  const byCluster = new Map<string, FlagCluster>();
  for (const row of flagged) {
    const { flag, ...where } = row;
    const response = byResponse.get(row.responseId);
    if (response) response.flags.push(flag);
    else byResponse.set(row.responseId, { ...where, flags: [flag] });

    const cluster = byCluster.get(flag.clusterId);
    if (!cluster) {
      byCluster.set(flag.clusterId, {
        id: flag.clusterId,
        kind: flag.kind,
        responseIds: [row.responseId],
        firstAt: row.receivedAt,
        lastAt: row.receivedAt,
        evidence: flag.evidence,
      });
    } else {
      cluster.responseIds.push(row.responseId);
      if (row.receivedAt < cluster.firstAt) {
        cluster.firstAt = row.receivedAt;
        cluster.evidence = flag.evidence;
      }
      if (row.receivedAt > cluster.lastAt) cluster.lastAt = row.receivedAt;
    }
  }
  const byTime = (a: { receivedAt: Date; responseId: string }, b: typeof a) =>
    a.receivedAt.getTime() - b.receivedAt.getTime() || a.responseId.localeCompare(b.responseId);
  return {
    responses: [...byResponse.values()].sort(byTime),
    clusters: [...byCluster.values()].sort(
      (a, b) => a.firstAt.getTime() - b.firstAt.getTime() || a.id.localeCompare(b.id),
    ),
  };
}
