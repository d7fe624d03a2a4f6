import {
  type SuppressedCount,
  smallCount,
  smallCountBelow,
} from "../../analysis/suppress-small-counts.ts";
import type { FlagKind } from "./flag-rules.ts";
import type { Counts, IntegrityReport } from "./integrity-report.ts";

/**
 * What publicity and viewer accounts see of the integrity report: counts
 * only — no response ids, clusters, evidence, timeline or exclusion reasons —
 * and, in every breakdown, counts from 1 to 4 shown as "<5" (README privacy
 * rules; 0 stays 0). The campaign-wide totals stay exact, as in the analysis report.
 */
export interface IntegrityCounts {
  campaignId: number;
  generatedAt: Date;
  countsOnly: true;
  totals: IntegrityReport["totals"];
  byKind: { kind: FlagKind; responses: SuppressedCount }[];
  bySchool: ({
    schoolId: number | null;
    code: string | null;
    name: string | null;
  } & SuppressedCounts)[];
  byChannel: ({ channelId: number; label: string; schoolId: number | null } & SuppressedCounts)[];
  closedRefusals: { total: number };
}

export interface SuppressedCounts {
  responses: SuppressedCount;
  flagged: SuppressedCount;
  excluded: SuppressedCount;
  byKind: Record<FlagKind, SuppressedCount>;
}

function count(n: number): SuppressedCount {
  return n > 0 && n < smallCountBelow ? smallCount : n;
}

function suppressed(c: Counts): SuppressedCounts {
  return {
    responses: count(c.responses),
    flagged: count(c.flagged),
    excluded: count(c.excluded),
    byKind: Object.fromEntries(Object.entries(c.byKind).map(([k, n]) => [k, count(n)])) as Record<
      FlagKind,
      SuppressedCount
    >,
  };
}

export function integrityCounts(report: IntegrityReport): IntegrityCounts {
  return {
    campaignId: report.campaignId,
    generatedAt: report.generatedAt,
    countsOnly: true,
    totals: report.totals,
    byKind: report.byKind.map((k) => ({ kind: k.kind, responses: count(k.responses) })),
    bySchool: report.bySchool.map((s) => ({
      schoolId: s.schoolId,
      code: s.code,
      name: s.name,
      ...suppressed(s),
    })),
    byChannel: report.byChannel.map((ch) => ({
      channelId: ch.channelId,
      label: ch.label,
      schoolId: ch.schoolId,
      ...suppressed(ch),
    })),
    closedRefusals: { total: report.closedRefusals.total },
  };
}
