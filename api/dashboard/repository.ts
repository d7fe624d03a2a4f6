import { type Kysely, sql } from "kysely";
import type {
  AnswerMode,
  AreaType,
  CallOutcome,
  Database,
  RespondentGroup,
} from "../db/database.ts";

/**
 * The dashboard's read. Counts come from the tallies of migration 0003,
 * never from `response` or `visit` themselves, so a refresh costs the same at
 * a hundred responses and at a million; everything arrives in one statement
 * (one round trip, one connection) while submissions keep the pool busy.
 * Telephone calls are counted from `call_attempt` itself: each is a row a person
 * typed in, so a campaign has thousands, not a million. (Students' grades come
 * from the answers, counted apart: grade-count-repository.ts.)
 */

export interface DashboardSchoolRow {
  id: number;
  code: string;
  name: string;
  town: string;
  areaType: AreaType;
}

export interface DashboardChannelRow {
  id: number;
  label: string;
  schoolId: number | null;
  schoolCode: string | null;
  schoolName: string | null;
  respondentGroup: RespondentGroup | null;
  questionnaireKey: string;
  mode: AnswerMode;
  /** Paper sheets handed out through the link; null: not entered. */
  distributedCount: number | null;
}

/** Responses of one (channel, school, group) cell, with the mode of its channel. */
export interface ResponseCell {
  channelId: number;
  schoolId: number | null;
  group: RespondentGroup;
  responses: number;
  mode: AnswerMode;
}

/** Telephone calls of one link with one outcome. */
export interface CallCount {
  channelId: number;
  outcome: CallOutcome;
  calls: number;
}

export interface VisitCount {
  channelId: number;
  opened: number;
  started: number;
}

export interface DashboardFigures {
  schools: DashboardSchoolRow[];
  /** The campaign's links, or only the school's own. */
  channels: DashboardChannelRow[];
  /** Every response cell, or those of responses attributed to the school. */
  cells: ResponseCell[];
  /** The latest arrival per school (schools without responses are absent). */
  lastResponse: Map<number, Date>;
  /** Responses per UTC hour of arrival, in order (hours without any are absent). */
  hours: { hour: Date; responses: number }[];
  /** Visits per link of the whole campaign. */
  visits: VisitCount[];
  /** Visits that reached each page (or a later one) of each questionnaire, over the scope's links. */
  pages: { questionnaireKey: string; page: number; reached: number }[];
  /** The campaign's questionnaires by key, each with its newest version's title. */
  questionnaires: { key: string; title: string }[];
  /** Calls recorded per link and outcome, over the whole campaign. */
  calls: CallCount[];
}

type Row = {
  schools: [number, string, string, string, AreaType][];
  channels: [
    number,
    string,
    number | null,
    string | null,
    string | null,
    RespondentGroup | null,
    string,
    AnswerMode,
    number | null,
  ][];
  cells: [number, number | null, RespondentGroup, number, AnswerMode][];
  lasts: [number, string][];
  hours: [string, number][];
  visits: [number, number, number][];
  pages: [string, number, number][];
  questionnaires: [string, string][];
  calls: [number, CallOutcome, number][];
};

/** `schoolId` narrows the read to one school (a school account's scope); null: the campaign. */
export async function readDashboardFigures(
  db: Kysely<Database>,
  campaignId: number,
  schoolId: number | null,
): Promise<DashboardFigures> {
  const school = sql`${schoolId}::integer`;
  const { rows } = await sql<Row>`
    select
      (select coalesce(json_agg(json_build_array(s.id, s.code, s.name, s.town, s.area_type)
          order by s.code), '[]')
        from school s
        where s.campaign_id = ${campaignId} and (${school} is null or s.id = ${school})
      ) as schools,
      (select coalesce(json_agg(json_build_array(ch.id, ch.label, ch.school_id, s.code, s.name,
          ch.respondent_group, q.key, ch.mode, ch.distributed_count) order by ch.id), '[]')
        from channel ch left join school s on s.id = ch.school_id
          join questionnaire q on q.id = ch.questionnaire_id
        where ch.campaign_id = ${campaignId} and (${school} is null or ch.school_id = ${school})
      ) as channels,
      (select coalesce(json_agg(json_build_array(t.channel_id, t.school_id, t.respondent_group,
          t.responses, ch.mode)), '[]')
        from response_tally t join channel ch on ch.id = t.channel_id
        where t.campaign_id = ${campaignId} and t.responses > 0
          and (${school} is null or t.school_id = ${school})
      ) as cells,
      -- Times as text are the costly part of the JSON: one per school, not one per cell.
      (select coalesce(json_agg(json_build_array(l.school_id, l.at)), '[]')
        from (
          select school_id, max(last_at) as at from response_tally
          where campaign_id = ${campaignId} and responses > 0 and school_id is not null
            and (${school} is null or school_id = ${school})
          group by school_id
        ) l
      ) as lasts,
      (select coalesce(json_agg(json_build_array(h.hour, h.n) order by h.hour), '[]')
        from (
          -- One school: its own hourly cells (the index's key); the campaign: 16 shards an hour.
          select hour, sum(responses) as n from response_hourly
          where campaign_id = ${campaignId} and coalesce(school_id, 0) = ${school}
          group by hour
          union all
          select hour, sum(responses) as n from response_hourly_campaign
          where campaign_id = ${campaignId} and ${school} is null
          group by hour
        ) h
      ) as hours,
      (select coalesce(json_agg(json_build_array(v.channel_id, v.opened, v.started)), '[]')
        from visit_tally v where v.campaign_id = ${campaignId}
      ) as visits,
      -- Pages are numbered within a questionnaire: page 3 of one is not page 3 of another.
      (select coalesce(json_agg(json_build_array(p.key, p.page, p.n) order by p.key, p.page), '[]')
        from (
          select q.key, t.page, sum(t.reached) as n
          from visit_page_tally t
            join channel ch on ch.id = t.channel_id
            join questionnaire q on q.id = ch.questionnaire_id
          where t.campaign_id = ${campaignId} and (${school} is null or ch.school_id = ${school})
          group by q.key, t.page
        ) p
      ) as pages,
      (select coalesce(json_agg(json_build_array(q.key, q.title) order by q.key), '[]')
        from (
          select distinct on (key) key, title from questionnaire
          where campaign_id = ${campaignId}
          order by key, version desc
        ) q
      ) as questionnaires,
      -- Calls are typed in one by one by people: a campaign's stay in the thousands.
      (select coalesce(json_agg(json_build_array(c.channel_id, c.outcome, c.n)), '[]')
        from (
          select channel_id, outcome, count(*)::int as n from call_attempt
          where campaign_id = ${campaignId}
          group by channel_id, outcome
        ) c
      ) as calls`.execute(db);
  const row = rows[0];
  if (!row) throw new Error("the dashboard read returned no row");
  return {
    schools: row.schools.map(([id, code, name, town, areaType]) => ({
      id,
      code,
      name,
      town,
      areaType,
    })),
    channels: row.channels.map(
      ([
        id,
        label,
        schoolId,
        schoolCode,
        schoolName,
        respondentGroup,
        questionnaireKey,
        mode,
        distributedCount,
      ]) => ({
        id,
        label,
        schoolId,
        schoolCode,
        schoolName,
        respondentGroup,
        questionnaireKey,
        mode,
        distributedCount,
      }),
    ),
    cells: row.cells.map(([channelId, cellSchool, group, responses, mode]) => ({
      channelId,
      schoolId: cellSchool,
      group,
      responses,
      mode,
    })),
    lastResponse: new Map(row.lasts.map(([id, at]) => [id, new Date(at)])),
    hours: row.hours.map(([hour, responses]) => ({ hour: new Date(hour), responses })),
    visits: row.visits.map(([channelId, opened, started]) => ({ channelId, opened, started })),
    pages: row.pages.map(([questionnaireKey, page, reached]) => ({
      questionnaireKey,
      page,
      reached,
    })),
    questionnaires: row.questionnaires.map(([key, title]) => ({ key, title })),
    calls: row.calls.map(([channelId, outcome, calls]) => ({ channelId, outcome, calls })),
  };
}
