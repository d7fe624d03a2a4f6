import type { Kysely } from "kysely";
import { channelLabel } from "../channels/index.ts";
import type { Database } from "../db/database.ts";
import { type CampaignFlags, type FlaggedResponse, campaignFlags } from "./campaign-flags.ts";
import { type ClosedRefusals, closedRefusals } from "./closed-refusals-repository.ts";
import {
  type ExclusionRecord,
  excludedResponseIds,
  listExclusions,
} from "./exclusions-repository.ts";
import { type FlagKind, flagKinds } from "./flag-rules.ts";
import type { IntegritySettings } from "./integrity-settings.ts";
import {
  arrivalBuckets,
  reportChannels,
  reportSchools,
  responsePlaces,
} from "./report-repository.ts";

/**
 * The data of the integrity report (docs/integrity.md, The integrity report), as
 * `GET /api/campaigns/:id/integrity` returns it to an admin. Dates are ISO strings in the JSON.
 */
export interface IntegrityReport {
  campaignId: number;
  generatedAt: Date;
  settings: IntegritySettings;
  totals: { responses: number; flagged: number; excluded: number };
  /** Responses carrying each kind of flag (a response may carry several kinds). */
  byKind: { kind: FlagKind; responses: number; clusters: number }[];
  /** Null school: responses of district links without a school. */
  bySchool: ({ schoolId: number | null; code: string | null; name: string | null } & Counts)[];
  /** `label`: the link's name as every list shows it, its school's name first (channelLabel). */
  byChannel: ({ channelId: number; label: string; schoolId: number | null } & Counts)[];
  /** Submissions per school per 10 minutes (non-empty buckets only); `burst`: of them, flagged as a burst. */
  timeline: {
    bucketMinutes: number;
    schools: {
      schoolId: number | null;
      buckets: { start: Date; count: number; burst: number }[];
    }[];
  };
  /** Flag clusters: what an admin may exclude in one decision. */
  clusters: {
    id: string;
    kind: FlagKind;
    size: number;
    excluded: number;
    firstAt: Date;
    lastAt: Date;
    evidence: Record<string, unknown>;
  }[];
  exclusions: ExclusionRecord[];
  closedRefusals: ClosedRefusals;
}

export interface Counts {
  responses: number;
  flagged: number;
  excluded: number;
  byKind: Record<FlagKind, number>;
}

const bucketMinutes = 10;
const bucketMs = bucketMinutes * 60_000;

const zeroKinds = (): Record<FlagKind, number> =>
  Object.fromEntries(flagKinds.map((k) => [k, 0])) as Record<FlagKind, number>;

function addFlagged(counts: Counts, response: FlaggedResponse): void {
  counts.flagged += 1;
  for (const kind of new Set(response.flags.map((f) => f.kind))) counts.byKind[kind] += 1;
}

export async function integrityReport(
  db: Kysely<Database>,
  campaignId: number,
  settings: IntegritySettings,
  now: Date,
): Promise<IntegrityReport> {
  const flags = await campaignFlags(db, campaignId, settings);
  const excluded = await excludedResponseIds(db, campaignId);
  const places = await responsePlaces(db, campaignId);
  const schools = await reportSchools(db, campaignId);
  const channels = await reportChannels(db, campaignId);
  const schoolNames = new Map<number | null, string>(schools.map((s) => [s.id, s.name]));

  const schoolCounts = new Map<number | null, Counts>();
  const channelCounts = new Map<number, Counts>();
  const blank = (): Counts => ({ responses: 0, flagged: 0, excluded: 0, byKind: zeroKinds() });
  for (const s of schools) schoolCounts.set(s.id, blank());
  for (const ch of channels) channelCounts.set(ch.id, blank());
  let responses = 0;
  for (const p of places) {
    responses += p.count;
    for (const counts of [
      schoolCounts.get(p.schoolId) ?? schoolCounts.set(p.schoolId, blank()).get(p.schoolId),
      channelCounts.get(p.channelId),
    ]) {
      if (!counts) continue;
      counts.responses += p.count;
      counts.excluded += p.excluded;
    }
  }
  for (const r of flags.responses) {
    const school = schoolCounts.get(r.schoolId);
    const channel = channelCounts.get(r.channelId);
    if (school) addFlagged(school, r);
    if (channel) addFlagged(channel, r);
  }

  return {
    campaignId,
    generatedAt: now,
    settings,
    totals: {
      responses,
      flagged: flags.responses.length,
      excluded: places.reduce((n, p) => n + p.excluded, 0),
    },
    byKind: flagKinds.map((kind) => ({
      kind,
      responses: flags.responses.filter((r) => r.flags.some((f) => f.kind === kind)).length,
      clusters: flags.clusters.filter((c) => c.kind === kind).length,
    })),
    bySchool: [
      ...schools.map((s) => ({
        schoolId: s.id,
        code: s.code,
        name: s.name,
        ...(schoolCounts.get(s.id) as Counts),
      })),
      ...(schoolCounts.has(null)
        ? [{ schoolId: null, code: null, name: null, ...(schoolCounts.get(null) as Counts) }]
        : []),
    ],
    byChannel: channels.map((ch) => ({
      channelId: ch.id,
      label: channelLabel(ch.label, schoolNames.get(ch.schoolId) ?? null),
      schoolId: ch.schoolId,
      ...(channelCounts.get(ch.id) as Counts),
    })),
    timeline: { bucketMinutes, schools: await timeline(db, campaignId, flags) },
    clusters: flags.clusters.map((c) => ({
      id: c.id,
      kind: c.kind,
      size: c.responseIds.length,
      excluded: c.responseIds.filter((id) => excluded.has(id)).length,
      firstAt: c.firstAt,
      lastAt: c.lastAt,
      evidence: c.evidence,
    })),
    exclusions: await listExclusions(db, campaignId),
    closedRefusals: await closedRefusals(db, campaignId),
  };
}

async function timeline(
  db: Kysely<Database>,
  campaignId: number,
  flags: CampaignFlags,
): Promise<IntegrityReport["timeline"]["schools"]> {
  const rows = await arrivalBuckets(db, campaignId, bucketMinutes);
  // The origin is a multiple of 10 minutes since the epoch, so buckets agree with date_bin.
  const bursts = new Map<string, number>();
  for (const r of flags.responses) {
    if (!r.flags.some((f) => f.kind === "burst_ip" || f.kind === "burst_channel")) continue;
    const start = Math.floor(r.receivedAt.getTime() / bucketMs) * bucketMs;
    const key = `${r.schoolId}|${start}`;
    bursts.set(key, (bursts.get(key) ?? 0) + 1);
  }
  const bySchool = new Map<number | null, { start: Date; count: number; burst: number }[]>();
  for (const row of rows) {
    const list = bySchool.get(row.schoolId) ?? bySchool.set(row.schoolId, []).get(row.schoolId);
    list?.push({
      start: row.start,
      count: row.count,
      burst: bursts.get(`${row.schoolId}|${row.start.getTime()}`) ?? 0,
    });
  }
  return [...bySchool.entries()].map(([schoolId, buckets]) => ({ schoolId, buckets }));
}
