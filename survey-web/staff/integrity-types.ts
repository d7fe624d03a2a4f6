// The integrity report's JSON as the staff pages read it (api/integrity/integrity-report.ts
// and integrity-counts.ts on the server); dates arrive as ISO strings.
import type { Count } from "./api-types.ts";

export type FlagKind =
  | "too_fast"
  | "straight_lining"
  | "repeat_device"
  | "burst_ip"
  | "burst_channel"
  | "identical_cluster"
  | "over_pool";

export interface IntegrityCountsRow {
  responses: Count;
  flagged: Count;
  excluded: Count;
  byKind: Record<FlagKind, Count>;
}

export interface IntegritySchoolRow extends IntegrityCountsRow {
  /** Null: responses of district links without a school. */
  schoolId: number | null;
  code: string | null;
  name: string | null;
}

export interface IntegrityChannelRow extends IntegrityCountsRow {
  channelId: number;
  label: string;
  schoolId: number | null;
}

export interface TimelineBucket {
  start: string;
  count: number;
  /** Of them, flagged as a burst (one address or one link). */
  burst: number;
}

export interface TimelineSchool {
  schoolId: number | null;
  buckets: TimelineBucket[];
}

export interface FlagCluster {
  id: string;
  kind: FlagKind;
  size: number;
  excluded: number;
  firstAt: string;
  lastAt: string;
  evidence: Record<string, unknown>;
}

export interface ExclusionRecord {
  id: number;
  kind: "exclude" | "reverse";
  responseIds: string[];
  reverses: number | null;
  reversedBy: number | null;
  flagCluster: { id: string; kind: string } | null;
  reason: string;
  actorLabel: string;
  at: string;
}

interface IntegrityCommon {
  campaignId: number;
  generatedAt: string;
  totals: { responses: number; flagged: number; excluded: number };
  bySchool: IntegritySchoolRow[];
  byChannel: IntegrityChannelRow[];
}

/** What an admin gets: everything. */
export interface IntegrityReport extends IntegrityCommon {
  countsOnly?: undefined;
  byKind: { kind: FlagKind; responses: number; clusters: number }[];
  timeline: { bucketMinutes: number; schools: TimelineSchool[] };
  clusters: FlagCluster[];
  exclusions: ExclusionRecord[];
  closedRefusals: {
    total: number;
    byChannel: { channelId: number; count: number; firstHour: string; lastHour: string }[];
  };
}

/** What publicity and viewer accounts get: counts only, small ones as "<5". */
export interface IntegrityCounts extends IntegrityCommon {
  countsOnly: true;
  byKind: { kind: FlagKind; responses: Count }[];
  closedRefusals: { total: number };
}

export type IntegrityView = IntegrityReport | IntegrityCounts;

/** A new exclusion: a flag cluster, or the reversal of an earlier record; always with a reason. */
export type ExclusionRequest =
  { flagCluster: string; reason: string } | { reverses: number; reason: string };
