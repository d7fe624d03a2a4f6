import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database, ItemRoles } from "../db/database.ts";
import {
  type ChannelWindowRow,
  type DeviceRow,
  type InterviewerSpeedRow,
  type InterviewerUniformRow,
  type PoolRow,
  type ResponsePlace,
  type StraightLiningRow,
  type TooFastRow,
  type WindowRow,
  freeTextQuestions,
} from "./flag-rules.ts";
import type { IntegritySettings } from "./integrity-settings.ts";

/**
 * The SQL that feeds the flag rules (flag-rules.ts). Each query scans one
 * campaign's responses once, does its counting with window functions or
 * grouping, and returns only the rows past the rule's threshold, so a campaign
 * of a million responses never crosses into Node to be counted.
 */

/** Minutes as an interval; the settings are validated integers. */
function minutes(n: number): RawBuilder<unknown> {
  return sql`make_interval(mins => ${Math.trunc(n)})`;
}

// Buckets for "usual rate" and the timeline start at a fixed origin, so they never move.
const binOrigin = sql`timestamptz '2000-01-01 00:00:00+00'`;

const placeColumns = sql`r.id as "responseId", r.received_at as "receivedAt",
  r.school_id as "schoolId", r.channel_id as "channelId"`;

export async function tooFastCandidates(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<TooFastRow[]> {
  const { rows } = await sql<TooFastRow>`
    with med as (
      select questionnaire_id,
        percentile_cont(0.5) within group (order by duration_seconds) as median
      from response
      where campaign_id = ${campaignId} and duration_seconds is not null
      group by questionnaire_id)
    select ${placeColumns}, r.questionnaire_id as "questionnaireId",
      r.duration_seconds as "durationSeconds", med.median as "medianSeconds"
    from response r join med on med.questionnaire_id = r.questionnaire_id
    where r.campaign_id = ${campaignId}
      and r.duration_seconds < ${s.tooFast.floorSeconds}
      and r.duration_seconds < ${s.tooFast.medianFraction} * med.median`.execute(db);
  return rows;
}

/** Per questionnaire version with a long enough grid: sheets with one option on every item. */
export async function straightLiningCandidates(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<StraightLiningRow[]> {
  const versions = await db
    .selectFrom("questionnaire")
    .select(["id", "item_roles"])
    .where("campaign_id", "=", campaignId)
    .execute();
  const out: StraightLiningRow[] = [];
  for (const v of versions) {
    const items = (v.item_roles as ItemRoles).satisfaction ?? [];
    if (items.length < s.straightLining.minItems) continue;
    const { rows } = await sql<StraightLiningRow>`
      select ${placeColumns}, r.questionnaire_id as "questionnaireId",
        count(*)::int as items, min(r.answers ->> item) as option
      from response r
        cross join unnest(array[${sql.join(items)}]::text[]) as item
      where r.campaign_id = ${campaignId} and r.questionnaire_id = ${v.id}
      group by r.id
      having count(r.answers ->> item) = ${items.length}
        and count(distinct r.answers ->> item) = 1`.execute(db);
    out.push(...rows);
  }
  return out;
}

export async function repeatDeviceCandidates(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<DeviceRow[]> {
  const { rows } = await sql<DeviceRow>`
    select * from (
      select ${placeColumns}, r.device_token as "deviceToken",
        count(*) over (partition by r.device_token)::int as "deviceCount",
        row_number() over (partition by r.device_token order by r.received_at, r.id)::int
          as ordinal
      from response r
        -- A shared-device link is meant for one phone answering many times, and so is an
        -- interviewer's or caller's (a paper sheet has no device): their responses neither
        -- count towards nor get the flag (docs/integrity.md).
        join channel ch on ch.id = r.channel_id and not ch.shared_device and ch.mode = 'online'
      where r.campaign_id = ${campaignId} and r.device_token is not null) d
    where "deviceCount" > ${s.repeatDevice.maxPerDevice}`.execute(db);
  return rows;
}

/**
 * For each response of a subject, the largest count of any window of w that
 * contains it: the trailing count at each response, then the maximum of those
 * over the following w (a window containing t ends at some t' in [t, t + w]).
 */
function peakWindows(subject: RawBuilder<unknown>, where: RawBuilder<unknown>, w: number) {
  return sql`
    with t as (
      select ${placeColumns}, ${subject} as subject,
        count(*) over (partition by ${subject} order by r.received_at
          range between ${minutes(w)} preceding and current row)::int as trail_count
      from response r
      where ${where}),
    p as (
      select t.*, max(trail_count) over (partition by subject order by "receivedAt"
          range between current row and ${minutes(w)} following) as peak
      from t)`;
}

export async function ipBurstCandidates(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<WindowRow[]> {
  const { windowMinutes, ipMax } = s.burst;
  const { rows } = await sql<WindowRow>`
    ${peakWindows(
      sql`r.ip_hash`,
      sql`r.campaign_id = ${campaignId} and r.ip_hash is not null`,
      windowMinutes,
    )}
    select "responseId", "receivedAt", "schoolId", "channelId", subject, peak
    from p where peak > ${ipMax}`.execute(db);
  return rows;
}

export async function channelBurstCandidates(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<ChannelWindowRow[]> {
  const { windowMinutes, channelMin, channelFactor } = s.burst;
  const { rows } = await sql<ChannelWindowRow>`
    ${peakWindows(sql`r.channel_id::text`, sql`r.campaign_id = ${campaignId}`, windowMinutes)},
    bins as (
      select channel_id, count(*) as n from response
      where campaign_id = ${campaignId}
      group by channel_id, date_bin(${minutes(windowMinutes)}, received_at, ${binOrigin})),
    usual as (
      select channel_id::text as subject,
        percentile_cont(0.5) within group (order by n) as typical
      from bins group by channel_id)
    select p."responseId", p."receivedAt", p."schoolId", p."channelId", p.subject, p.peak,
      usual.typical
    from p join usual on usual.subject = p.subject
    where p.peak > greatest(${channelMin}, ceil(${channelFactor} * usual.typical))`.execute(db);
  return rows;
}

/** The campaign's free-text questions, from its questionnaire definitions. */
async function commentQuestions(db: Kysely<Database>, campaignId: number): Promise<string[]> {
  const versions = await db
    .selectFrom("questionnaire")
    .select("definition")
    .where("campaign_id", "=", campaignId)
    .execute();
  return [...new Set(versions.flatMap((v) => freeTextQuestions(v.definition)))];
}

export async function identicalClusterCandidates(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<WindowRow[]> {
  const { windowMinutes, minSize, minCommentChars } = s.identicalCluster;
  const comments = await commentQuestions(db, campaignId);
  if (comments.length === 0) return [];
  // jsonb text is canonical (keys sorted), so equal sheets of one version hash equal.
  const { rows } = await sql<WindowRow>`
    ${peakWindows(
      sql`md5(r.questionnaire_id::text || ' ' || r.answers::text)`,
      sql`r.campaign_id = ${campaignId} and exists (
        select 1 from unnest(array[${sql.join(comments)}]::text[]) as q
        where char_length(btrim(r.answers ->> q)) >= ${minCommentChars})`,
      windowMinutes,
    )}
    select "responseId", "receivedAt", "schoolId", "channelId", subject, peak
    from p where peak >= ${minSize}`.execute(db);
  return rows;
}

export async function overPoolCandidates(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<PoolRow[]> {
  const { respondentsPerStudent, respondentsPerTeacher } = s.overPool;
  const { rows } = await sql<PoolRow>`
    with pool as (
      select s.id,
        (select coalesce(sum(v::numeric), 0) from jsonb_each_text(s.enrolment) as e(k, v))::int
          as students,
        s.teachers
      from school s where s.campaign_id = ${campaignId}),
    ranked as (
      select ${placeColumns},
        row_number() over (partition by r.school_id order by r.received_at, r.id)::int as ordinal,
        count(*) over (partition by r.school_id)::int as responses
      from response r
      where r.campaign_id = ${campaignId} and r.school_id is not null)
    select ranked.*, pool.students, pool.teachers
    from ranked join pool on pool.id = ranked."schoolId"
    where pool.students > 0
      and ranked.ordinal > floor(pool.students * ${respondentsPerStudent}
        + coalesce(pool.teachers, 0) * ${respondentsPerTeacher})`.execute(db);
  return rows;
}

/** Whether the campaign has interviewer or telephone links at all (most have none). */
async function hasInterviewerLinks(db: Kysely<Database>, campaignId: number): Promise<boolean> {
  const row = await db
    .selectFrom("channel")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .where("mode", "in", ["interviewer", "telephone"])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Per interviewer and questionnaire version with enough responses: those under the bar. */
export async function interviewerSpeedCandidates(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<InterviewerSpeedRow[]> {
  if (!(await hasInterviewerLinks(db, campaignId))) return [];
  const { minResponses, medianFraction } = s.interviewer;
  const { rows } = await sql<InterviewerSpeedRow>`
    with med as (
      select questionnaire_id,
        percentile_cont(0.5) within group (order by duration_seconds) as median
      from response
      where campaign_id = ${campaignId} and duration_seconds is not null
      group by questionnaire_id),
    iv as (
      select interviewer_id, questionnaire_id, count(*)::int as n,
        percentile_cont(0.5) within group (order by duration_seconds) as median
      from response
      where campaign_id = ${campaignId} and interviewer_id is not null
        and duration_seconds is not null
      group by interviewer_id, questionnaire_id)
    select ${placeColumns}, iv.interviewer_id as "interviewerId", i.code as "interviewerCode",
      iv.questionnaire_id as "questionnaireId", iv.n as responses,
      iv.median as "medianSeconds", med.median as "campaignMedianSeconds"
    from iv
      join med on med.questionnaire_id = iv.questionnaire_id
      join interviewer i on i.id = iv.interviewer_id
      join response r on r.campaign_id = ${campaignId} and r.interviewer_id = iv.interviewer_id
        and r.questionnaire_id = iv.questionnaire_id and r.duration_seconds is not null
    where iv.n >= ${minResponses} and iv.median < ${medianFraction} * med.median`.execute(db);
  return rows;
}

/**
 * Straight-lining counted per interviewer and over the whole campaign, on every questionnaire
 * version with a grid of at least `minItems` satisfaction items (one pass per version, each a
 * per-row test, no unnesting); then the responses of the interviewers whose share reaches
 * `straightShare`, the floor of the rule, with their figures.
 */
export async function interviewerUniformCandidates(
  db: Kysely<Database>,
  campaignId: number,
  s: IntegritySettings,
): Promise<InterviewerUniformRow[]> {
  if (!(await hasInterviewerLinks(db, campaignId))) return [];
  const { minItems, minResponses, straightShare } = s.interviewer;
  const versions = await db
    .selectFrom("questionnaire")
    .select(["id", "item_roles"])
    .where("campaign_id", "=", campaignId)
    .execute();
  const campaign = { responses: 0, straight: 0 };
  const byInterviewer = new Map<number, { responses: number; straight: number }>();
  for (const v of versions) {
    const items = (v.item_roles as ItemRoles).satisfaction ?? [];
    const [first] = items;
    if (first === undefined || items.length < minItems) continue;
    const answered = sql.join(
      items.map((item) => sql`r.answers ->> ${item} is not null`),
      sql` and `,
    );
    const same = sql.join(
      items.slice(1).map((item) => sql`r.answers ->> ${item} = r.answers ->> ${first}`),
      sql` and `,
    );
    const { rows } = await sql<{
      interviewerId: number | null;
      total: boolean;
      responses: number;
      straight: number;
    }>`
      select r.interviewer_id as "interviewerId", grouping(r.interviewer_id) = 1 as total,
        count(*)::int as responses, count(*) filter (where ${same})::int as straight
      from response r
      where r.campaign_id = ${campaignId} and r.questionnaire_id = ${v.id} and ${answered}
      group by grouping sets ((r.interviewer_id), ())`.execute(db);
    for (const row of rows) {
      const into = row.total
        ? campaign
        : row.interviewerId === null
          ? undefined
          : (byInterviewer.get(row.interviewerId) ??
            byInterviewer
              .set(row.interviewerId, { responses: 0, straight: 0 })
              .get(row.interviewerId));
      if (!into) continue;
      into.responses += row.responses;
      into.straight += row.straight;
    }
  }
  if (campaign.responses === 0) return [];
  const campaignShare = campaign.straight / campaign.responses;
  const suspects = [...byInterviewer.entries()].filter(
    ([, t]) => t.responses >= minResponses && t.straight / t.responses >= straightShare,
  );
  if (suspects.length === 0) return [];
  const figures = new Map(suspects);
  const { rows } = await sql<ResponsePlace & { interviewerId: number; interviewerCode: string }>`
    select ${placeColumns}, r.interviewer_id as "interviewerId", i.code as "interviewerCode"
    from response r join interviewer i on i.id = r.interviewer_id
    where r.campaign_id = ${campaignId}
      and r.interviewer_id in (${sql.join(suspects.map(([id]) => id))})`.execute(db);
  return rows.map((r) => {
    const t = figures.get(r.interviewerId)!;
    return { ...r, responses: t.responses, straight: t.straight, campaignShare };
  });
}
