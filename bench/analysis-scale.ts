import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import pg from "pg";
import { createPostgresDb } from "../api/db/create-db.ts";
import type { AreaType } from "../api/db/database.ts";
import { migrateToLatest } from "../api/db/migrate.ts";
import { type SchoolSpec, setUpCampaign } from "../api/demo/campaign-setup.ts";
import { AnalysisCellCache, type CellSource, campaignReport } from "../api/analysis/index.ts";

/**
 * The analysis at scale (target: 1,000,000 responses analysed end to end,
 * database to report JSON, in under 2 s): a fresh database on the PostgreSQL server, a campaign
 * of 200 schools in 10 towns made by the demo's setUpCampaign, N responses written by
 * INSERT … SELECT generate_series in chunks (the response table keeps its constraints and
 * triggers; answers drawn with random() per item, so cells and items vary like real data),
 * then the report endpoint's service function (campaignReport: cells in SQL, analysisReport
 * in Node, JSON.stringify) timed `runs` times after one warm-up run:
 * - cold: every cell counted from scratch (the first report after a start, a change of
 *   settings or an exclusion);
 * - warm: as the API serves it, with the cell cache (api/analysis/analysis-cell-cache.ts)
 *   holding the settled part, and `liveResponses` new responses arriving before each report
 *   (an evening rush between two refreshes), all of them in the report.
 */
export interface AnalysisBenchOptions {
  postgresUrl: string;
  responses: number;
  /** Timed runs after the warm-up (default 5). */
  runs?: number;
  /** Responses arriving before each warm report (default 2,000). */
  liveResponses?: number;
  /** Keep the database afterwards (for EXPLAIN ANALYZE by hand); default false. */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface AnalysisBenchResult {
  seedSeconds: number;
  /** Counted from scratch. */
  reportMs: { p50: number; max: number };
  /** With the cell cache, new responses arriving between reports. */
  warmReportMs: { p50: number; max: number };
  liveResponses: number;
}

const chunk = 20_000;
const towns = [
  "城关街道",
  "东湖街道",
  "青山镇",
  "柳河镇",
  "石桥乡",
  "白沙镇",
  "金山街道",
  "南湖镇",
  "北岭乡",
  "西河镇",
];

function benchSchools(count: number): SchoolSpec[] {
  const areaTypes: AreaType[] = ["urban", "town", "rural"];
  return Array.from({ length: count }, (_, i) => {
    const primary = i % 3 !== 1;
    const students = 150 + ((i * 7919) % 1800);
    return {
      code: `BS${String(i + 1).padStart(4, "0")}`,
      name: `基准学校${i + 1}`,
      town: towns[i % towns.length]!,
      areaType: areaTypes[i % 3]!,
      levels: primary ? ["primary"] : ["junior"],
      enrolment: primary ? { primary: students } : { junior: students },
    };
  });
}

const choice = (options: string[]) =>
  sql.raw(
    `(array[${options.map((o) => `'${o}'`).join(",")}])[1 + floor(random() * ${options.length})::int]`,
  );
const scale = choice([
  "satisfied",
  "satisfied",
  "satisfied",
  "satisfied",
  "basically_satisfied",
  "basically_satisfied",
  "dissatisfied",
  "unknown",
]);
const socialItems = [
  "sat_nearby_enrolment",
  "sat_facility_gap",
  "sat_teacher_gap",
  "sat_school_choice",
  "sat_government_effort",
  "sat_overall",
];
const staffItems = [
  ...socialItems.slice(0, 5),
  "sat_teacher_exchange",
  "sat_training",
  "sat_workload",
  "sat_overall",
];

async function createDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `junheng_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export async function benchAnalysisAtScale(
  opts: AnalysisBenchOptions,
): Promise<AnalysisBenchResult> {
  const log = opts.log ?? (() => {});
  const database = await createDatabase(opts.postgresUrl);
  const handle = createPostgresDb(database.url, { max: 4 });
  const { db } = handle;
  try {
    await migrateToLatest(db);
    const seedStart = performance.now();
    const now = Date.now();
    const setup = await setUpCampaign(db, {
      name: "基准区满意度调查",
      scheme: "basic_2012",
      // With 不了解, which the sheets below answer.
      scale: { points: 3, dontKnow: true },
      district: "基准区",
      residentPopulation: 1_070_000,
      opensAt: new Date(now - 30 * 86_400_000),
      closesAt: new Date(now + 86_400_000),
      status: "open",
      schools: benchSchools(200),
    });
    const campaignId = setup.campaignId;
    const socialChannels = setup.schoolChannels.map((c) => c.id);
    const [district, staff, deputy] = setup.districtChannels;
    socialChannels.push(district!.id, deputy!.id);
    // 85 % answer the social questionnaire (parents mostly), 15 % the staff one.
    const staffShare = 0.15;
    for (let done = 0; done < opts.responses; done += chunk) {
      const n = Math.min(chunk, opts.responses - done);
      const staffRows = Math.round(n * staffShare);
      await insertChunk(db, {
        campaignId,
        rows: n - staffRows,
        channelIds: socialChannels,
        questionnaireId: setup.questionnaireIds.social!,
        items: socialItems,
        social: true,
        offset: done,
      });
      await insertChunk(db, {
        campaignId,
        rows: staffRows,
        channelIds: [staff!.id],
        questionnaireId: setup.questionnaireIds.staff!,
        items: staffItems,
        social: false,
        offset: done + n,
      });
      log(`seeded ${done + n} responses`);
    }
    await sql`vacuum analyze response`.execute(db);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s`);

    const runs = opts.runs ?? 5;
    const liveResponses = opts.liveResponses ?? 2_000;
    let inserted = opts.responses;
    const timeReports = async (
      label: string,
      before: () => Promise<void>,
      cache?: AnalysisCellCache,
    ) => {
      const times: number[] = [];
      for (let run = 0; run <= runs; run++) {
        await before();
        const start = performance.now();
        const passes: string[] = [];
        let source: CellSource | undefined;
        const report = await campaignReport(db, campaignId, {
          cache,
          onPass: (pass) => passes.push(`${pass.mode} SQL ${pass.ms.toFixed(0)} ms`),
          onCells: (s) => (source = s),
        });
        const json = JSON.stringify(report);
        const ms = performance.now() - start;
        log(
          `${label} report ${run === 0 ? "(warm-up)" : run}: ${ms.toFixed(0)} ms (${source}; ${passes.join(", ")}), ${report.sample.rows} rows, ${json.length} bytes, satisfaction ${report.satisfaction.estimate?.toFixed(4)}`,
        );
        if (report.sample.rows !== inserted) {
          throw new Error(`the report holds ${report.sample.rows} responses, not ${inserted}`);
        }
        if (run > 0) times.push(ms);
      }
      times.sort((a, b) => a - b);
      return { p50: times[Math.floor((times.length - 1) / 2)]!, max: times[times.length - 1]! };
    };
    const reportMs = await timeReports("cold", async () => {});
    const live = async () => {
      await insertChunk(db, {
        campaignId,
        rows: liveResponses,
        channelIds: socialChannels,
        questionnaireId: setup.questionnaireIds.social!,
        items: socialItems,
        social: true,
        offset: inserted,
        live: true,
      });
      inserted += liveResponses;
    };
    const warmReportMs = await timeReports("warm", live, new AnalysisCellCache());
    return { seedSeconds, reportMs, warmReportMs, liveResponses };
  } finally {
    await handle.close();
    if (opts.keep) log(`kept ${database.url}`);
    else await database.drop();
  }
}

interface ChunkSpec {
  campaignId: number;
  rows: number;
  channelIds: number[];
  questionnaireId: number;
  items: string[];
  social: boolean;
  offset: number;
  /** Received just now (the live part), not over the past 30 days. */
  live?: boolean;
}

/**
 * One INSERT … SELECT: a channel per row at random (its school with it), a group, answers
 * drawn per item, the awareness answers (social questionnaire), completion times over 30
 * days. Values are literals of this file, never outside input.
 */
async function insertChunk(
  db: ReturnType<typeof createPostgresDb>["db"],
  spec: ChunkSpec,
): Promise<void> {
  if (spec.rows === 0) return;
  const answers = sql.join(
    [
      ...spec.items.map((item) => sql`${sql.lit(item)}, ${scale}`),
      ...(spec.social
        ? [
            sql`'aware_campaign', x.aware`,
            sql`'aware_source', case when x.aware <> 'unaware' then to_jsonb(array_remove(array[
              case when random() < 0.4 then 'parent_meeting' end,
              case when random() < 0.5 then 'letter' end,
              case when random() < 0.45 then 'wechat_account' end,
              case when random() < 0.2 then 'school_board' end,
              case when random() < 0.1 then 'media' end], null)) end`,
          ]
        : []),
    ],
    sql`, `,
  );
  const group = spec.social
    ? choice([
        "parent",
        "parent",
        "parent",
        "parent",
        "parent",
        "parent",
        "parent",
        "resident",
        "deputy",
        "cppcc_member",
      ])
    : choice(["teacher", "teacher", "teacher", "teacher", "principal"]);
  await sql`
    with channels as (
      select id, school_id, row_number() over (order by id)::int - 1 as k
      from channel where id = any(${spec.channelIds}::int[])
    ), schools as (
      select array_agg(id order by id) as ids from school where campaign_id = ${spec.campaignId}
    ), drawn as (
      select g, floor(random() * ${spec.channelIds.length})::int as k, ${group} as grp,
        ${choice(["know", "know", "heard", "unaware"])} as aware,
        now() - random() * ${spec.live ? sql`interval '1 minute'` : sql`interval '30 days'`} as received
      from generate_series(1, ${spec.rows}) as g
    )
    insert into response (id, campaign_id, channel_id, questionnaire_id, school_id,
      respondent_group, answers, started_at, completed_at, duration_seconds, locale,
      browser_family, content_hash, received_at)
    select gen_random_uuid(), ${spec.campaignId}, c.id, ${spec.questionnaireId},
      coalesce(c.school_id, s.ids[1 + x.g % array_length(s.ids, 1)]),
      x.grp, jsonb_build_object(${answers}),
      x.received - interval '5 minutes', x.received - interval '2 seconds', 298,
      'zh-cn', 'wechat', md5((x.g + ${spec.offset})::text), x.received
    from drawn x join channels c on c.k = x.k cross join schools s`.execute(db);
}
