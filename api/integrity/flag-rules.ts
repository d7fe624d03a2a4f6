import { type BilingualText, integrityText } from "./messages.ts";
import type { IntegritySettings } from "./integrity-settings.ts";

/**
 * The flag rules (docs/integrity.md, Flag rules) as pure functions over plain rows. The SQL in
 * flags-repository.ts does the heavy part (window counts, medians, grouping)
 * and hands over only the rows that may qualify; these functions decide, with
 * the campaign's thresholds, and say why. Nothing here reads or writes: flags
 * are derived data and never change a response.
 */
export const flagKinds = [
  "too_fast",
  "straight_lining",
  "repeat_device",
  "burst_ip",
  "burst_channel",
  "identical_cluster",
  "over_pool",
  "interviewer_fast",
  "interviewer_uniform",
] as const;

export type FlagKind = (typeof flagKinds)[number];

export interface Flag {
  kind: FlagKind;
  /** Responses flagged for the same reason at the same place and time share it (exclude as one). */
  clusterId: string;
  reason: BilingualText;
  evidence: Record<string, unknown>;
}

/** Where and when a response arrived: enough to count flags per school, link and time. */
export interface ResponsePlace {
  responseId: string;
  receivedAt: Date;
  schoolId: number | null;
  channelId: number;
}

export interface FlaggedRow extends ResponsePlace {
  flag: Flag;
}

export interface TooFastRow extends ResponsePlace {
  questionnaireId: number;
  durationSeconds: number;
  medianSeconds: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Duration < floor AND duration < fraction × the median of its questionnaire version. */
export function tooFastFlags(rows: readonly TooFastRow[], s: IntegritySettings): FlaggedRow[] {
  const { floorSeconds, medianFraction } = s.tooFast;
  return rows
    .filter(
      (r) =>
        r.durationSeconds < floorSeconds && r.durationSeconds < medianFraction * r.medianSeconds,
    )
    .map((r) => ({
      ...place(r),
      flag: {
        kind: "too_fast",
        clusterId: `too_fast:${r.questionnaireId}`,
        reason: integrityText("flag_too_fast", {
          seconds: round1(r.durationSeconds),
          floor: floorSeconds,
          median: round1(r.medianSeconds),
          percent: Math.round(medianFraction * 100),
        }),
        evidence: {
          durationSeconds: r.durationSeconds,
          medianSeconds: r.medianSeconds,
          floorSeconds,
          medianFraction,
        },
      },
    }));
}

export interface StraightLiningRow extends ResponsePlace {
  questionnaireId: number;
  /** Satisfaction items on the questionnaire, all answered with `option`. */
  items: number;
  option: string;
}

export function straightLiningFlags(
  rows: readonly StraightLiningRow[],
  s: IntegritySettings,
): FlaggedRow[] {
  return rows
    .filter((r) => r.items >= s.straightLining.minItems)
    .map((r) => ({
      ...place(r),
      flag: {
        kind: "straight_lining",
        clusterId: `straight_lining:${r.questionnaireId}`,
        reason: integrityText("flag_straight_lining", { items: r.items, option: r.option }),
        evidence: { items: r.items, option: r.option, minItems: s.straightLining.minItems },
      },
    }));
}

export interface DeviceRow extends ResponsePlace {
  deviceToken: string;
  /** Responses of this device token in the campaign. */
  deviceCount: number;
  /** This response's place among them, by arrival. */
  ordinal: number;
}

export function repeatDeviceFlags(rows: readonly DeviceRow[], s: IntegritySettings): FlaggedRow[] {
  const max = s.repeatDevice.maxPerDevice;
  return rows
    .filter((r) => r.deviceCount > max)
    .map((r) => ({
      ...place(r),
      flag: {
        kind: "repeat_device",
        clusterId: `repeat_device:${r.deviceToken}`,
        reason: integrityText("flag_repeat_device", {
          count: r.deviceCount,
          max,
          ordinal: r.ordinal,
        }),
        evidence: {
          deviceToken: r.deviceToken,
          responses: r.deviceCount,
          ordinal: r.ordinal,
          maxPerDevice: max,
        },
      },
    }));
}

/**
 * A response and the largest count of any window of `windowMinutes` that
 * contains it, among responses of the same subject (an IP hash, a link, an
 * answer vector).
 */
export interface WindowRow extends ResponsePlace {
  subject: string;
  peak: number;
}

export interface ChannelWindowRow extends WindowRow {
  /** The link's usual count per window: the median over its non-empty windows. */
  typical: number;
}

/**
 * Consecutive qualifying responses of one subject no more than a window apart
 * form one episode, which becomes one cluster: an attack on Monday and another
 * on Friday are two decisions for the admin, not one.
 */
function episodes<T extends WindowRow>(rows: readonly T[], windowMs: number): T[][] {
  const bySubject = new Map<string, T[]>();
  for (const r of rows) {
    const list = bySubject.get(r.subject);
    if (list) list.push(r);
    else bySubject.set(r.subject, [r]);
  }
  const out: T[][] = [];
  for (const list of bySubject.values()) {
    list.sort(
      (a, b) =>
        a.receivedAt.getTime() - b.receivedAt.getTime() || a.responseId.localeCompare(b.responseId),
    );
    let current: T[] = [];
    for (const r of list) {
      const last = current[current.length - 1];
      if (last && r.receivedAt.getTime() - last.receivedAt.getTime() > windowMs) {
        out.push(current);
        current = [];
      }
      current.push(r);
    }
    if (current.length > 0) out.push(current);
  }
  return out;
}

function episodeEvidence(members: readonly WindowRow[]) {
  const first = members[0] as WindowRow;
  const last = members[members.length - 1] as WindowRow;
  return {
    episodeStart: first.receivedAt.toISOString(),
    episodeEnd: last.receivedAt.toISOString(),
    episodeSize: members.length,
    peak: Math.max(...members.map((m) => m.peak)),
  };
}

/** More than `ipMax` completions from one IP hash within any `windowMinutes`. */
export function ipBurstFlags(rows: readonly WindowRow[], s: IntegritySettings): FlaggedRow[] {
  const { windowMinutes, ipMax } = s.burst;
  const qualifying = rows.filter((r) => r.peak > ipMax);
  return episodes(qualifying, windowMinutes * 60_000).flatMap((members) => {
    const ep = episodeEvidence(members);
    const subject = (members[0] as WindowRow).subject;
    const clusterId = `burst_ip:${subject.slice(0, 16)}:${Date.parse(ep.episodeStart) / 1000}`;
    return members.map((r) => ({
      ...place(r),
      flag: {
        kind: "burst_ip" as const,
        clusterId,
        reason: integrityText("flag_burst_ip", {
          peak: r.peak,
          minutes: windowMinutes,
          max: ipMax,
        }),
        evidence: { ipHash: subject.slice(0, 16), windowMinutes, max: ipMax, ...ep },
      },
    }));
  });
}

/** The threshold of a link: the larger of the floor and factor × its usual count per window. */
export function channelBurstThreshold(typical: number, s: IntegritySettings): number {
  return Math.max(s.burst.channelMin, Math.ceil(s.burst.channelFactor * typical));
}

export function channelBurstFlags(
  rows: readonly ChannelWindowRow[],
  s: IntegritySettings,
): FlaggedRow[] {
  const { windowMinutes } = s.burst;
  const qualifying = rows.filter((r) => r.peak > channelBurstThreshold(r.typical, s));
  return episodes(qualifying, windowMinutes * 60_000).flatMap((members) => {
    const ep = episodeEvidence(members);
    const first = members[0] as ChannelWindowRow;
    const threshold = channelBurstThreshold(first.typical, s);
    const clusterId = `burst_channel:${first.subject}:${Date.parse(ep.episodeStart) / 1000}`;
    return members.map((r) => ({
      ...place(r),
      flag: {
        kind: "burst_channel" as const,
        clusterId,
        reason: integrityText("flag_burst_channel", {
          peak: r.peak,
          minutes: windowMinutes,
          typical: round1(first.typical),
          threshold,
        }),
        evidence: {
          channelId: r.channelId,
          windowMinutes,
          typical: first.typical,
          threshold,
          ...ep,
        },
      },
    }));
  });
}

/** At least `minSize` identical sheets (with a real comment) within any `windowMinutes`. */
export function identicalClusterFlags(
  rows: readonly WindowRow[],
  s: IntegritySettings,
): FlaggedRow[] {
  const { windowMinutes, minSize } = s.identicalCluster;
  const qualifying = rows.filter((r) => r.peak >= minSize);
  return episodes(qualifying, windowMinutes * 60_000).flatMap((members) => {
    const ep = episodeEvidence(members);
    const subject = (members[0] as WindowRow).subject;
    const clusterId = `identical_cluster:${subject.slice(0, 16)}:${Date.parse(ep.episodeStart) / 1000}`;
    return members.map((r) => ({
      ...place(r),
      flag: {
        kind: "identical_cluster" as const,
        clusterId,
        reason: integrityText("flag_identical_cluster", {
          size: members.length,
          minutes: windowMinutes,
        }),
        evidence: { answersHash: subject.slice(0, 16), windowMinutes, minSize, ...ep },
      },
    }));
  });
}

export interface PoolRow extends ResponsePlace {
  schoolId: number;
  students: number;
  teachers: number | null;
  /** This response's place among the school's, by arrival. */
  ordinal: number;
  responses: number;
}

/** students × respondentsPerStudent + teachers × respondentsPerTeacher, rounded down. */
export function plausiblePool(students: number, teachers: number | null, s: IntegritySettings) {
  const { respondentsPerStudent, respondentsPerTeacher } = s.overPool;
  return Math.floor(students * respondentsPerStudent + (teachers ?? 0) * respondentsPerTeacher);
}

/** The responses of a school beyond its plausible pool, in arrival order. */
export function overPoolFlags(rows: readonly PoolRow[], s: IntegritySettings): FlaggedRow[] {
  return rows
    .filter((r) => r.students > 0 && r.ordinal > plausiblePool(r.students, r.teachers, s))
    .map((r) => {
      const pool = plausiblePool(r.students, r.teachers, s);
      return {
        ...place(r),
        flag: {
          kind: "over_pool",
          clusterId: `over_pool:${r.schoolId}`,
          reason: integrityText("flag_over_pool", {
            pool,
            students: r.students,
            ordinal: r.ordinal,
          }),
          evidence: {
            schoolId: r.schoolId,
            students: r.students,
            teachers: r.teachers,
            pool,
            ordinal: r.ordinal,
            responses: r.responses,
          },
        },
      };
    });
}

/** One response of an interviewer, with the interviewer's figures on its questionnaire version. */
export interface InterviewerSpeedRow extends ResponsePlace {
  interviewerId: number;
  interviewerCode: string;
  questionnaireId: number;
  /** The interviewer's responses of this version with a duration. */
  responses: number;
  /** Their median duration. */
  medianSeconds: number;
  /** The median duration of every response of this version in the campaign. */
  campaignMedianSeconds: number;
}

/**
 * An interviewer implausibly fast: at least `minResponses` responses of a questionnaire version,
 * and their median duration under `medianFraction` × the campaign's median of that version.
 * Every one of those responses is flagged, one cluster per interviewer and version.
 */
export function interviewerFastFlags(
  rows: readonly InterviewerSpeedRow[],
  s: IntegritySettings,
): FlaggedRow[] {
  const { minResponses, medianFraction } = s.interviewer;
  return rows
    .filter(
      (r) =>
        r.responses >= minResponses && r.medianSeconds < medianFraction * r.campaignMedianSeconds,
    )
    .map((r) => ({
      ...place(r),
      flag: {
        kind: "interviewer_fast",
        clusterId: `interviewer_fast:${r.interviewerId}:${r.questionnaireId}`,
        reason: integrityText("flag_interviewer_fast", {
          code: r.interviewerCode,
          responses: r.responses,
          median: round1(r.medianSeconds),
          campaignMedian: round1(r.campaignMedianSeconds),
          percent: Math.round(medianFraction * 100),
        }),
        evidence: {
          interviewerCode: r.interviewerCode,
          interviewerResponses: r.responses,
          interviewerMedianSeconds: r.medianSeconds,
          campaignMedianSeconds: r.campaignMedianSeconds,
          medianFraction,
        },
      },
    }));
}

/** One response of an interviewer, with the interviewer's straight-lining figures. */
export interface InterviewerUniformRow extends ResponsePlace {
  interviewerId: number;
  interviewerCode: string;
  /** The interviewer's responses answering every satisfaction item (grids of `minItems` or more). */
  responses: number;
  /** Of them, those giving one option on every item. */
  straight: number;
  /** The same share over every response of the campaign. */
  campaignShare: number;
}

/** The share above which an interviewer's straight-lining is implausible, given the campaign's. */
export function uniformThreshold(campaignShare: number, s: IntegritySettings): number {
  return Math.max(s.interviewer.straightShare, campaignShare + s.interviewer.straightMargin);
}

/**
 * An interviewer implausibly uniform: at least `minResponses` responses answering every
 * satisfaction item, and a share giving one option throughout of at least `straightShare` and
 * at least the campaign's share plus `straightMargin`. Every response of the interviewer is
 * flagged, one cluster per interviewer.
 */
export function interviewerUniformFlags(
  rows: readonly InterviewerUniformRow[],
  s: IntegritySettings,
): FlaggedRow[] {
  const { minResponses } = s.interviewer;
  return rows
    .filter(
      (r) =>
        r.responses >= minResponses &&
        r.straight / r.responses >= uniformThreshold(r.campaignShare, s),
    )
    .map((r) => {
      const share = r.straight / r.responses;
      return {
        ...place(r),
        flag: {
          kind: "interviewer_uniform",
          clusterId: `interviewer_uniform:${r.interviewerId}`,
          reason: integrityText("flag_interviewer_uniform", {
            code: r.interviewerCode,
            responses: r.responses,
            straight: r.straight,
            percent: Math.round(share * 100),
            campaignPercent: Math.round(r.campaignShare * 100),
          }),
          evidence: {
            interviewerCode: r.interviewerCode,
            interviewerResponses: r.responses,
            straightResponses: r.straight,
            straightShare: share,
            campaignStraightShare: r.campaignShare,
            threshold: uniformThreshold(r.campaignShare, s),
          },
        },
      };
    });
}

function place(r: ResponsePlace): ResponsePlace {
  return {
    responseId: r.responseId,
    receivedAt: r.receivedAt,
    schoolId: r.schoolId,
    channelId: r.channelId,
  };
}

/**
 * The free-text questions of a SurveyJS definition (types comment and text):
 * the comments the identical-cluster rule requires. Walks pages and panels.
 */
export function freeTextQuestions(definition: unknown): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const el = node as { type?: unknown; name?: unknown; elements?: unknown; pages?: unknown };
    if ((el.type === "comment" || el.type === "text") && typeof el.name === "string") {
      names.push(el.name);
    }
    visit(el.pages);
    visit(el.elements);
  };
  visit(definition);
  return names;
}
