import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { type Kysely, type RawBuilder, sql } from "kysely";
import pg from "pg";
import { submissionBody } from "./load.ts";
import { createStaffAccount } from "../api/staff/staff-accounts.ts";
import { createPostgresDb } from "../api/db/create-db.ts";
import type { Database } from "../api/db/database.ts";
import { migrateToLatest } from "../api/db/migrate.ts";
import { type CampaignSetup, type SchoolSpec, setUpCampaign } from "../api/demo/campaign-setup.ts";
import { demoDistrict } from "../api/demo/demo-district.ts";
import { startFlags } from "../scripts/start-flags.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const day = 24 * 3600 * 1000;
const chunkRows = 100_000;
/**
 * Staff polling every 10 s: 20 requests/s for the whole campaign (the bureau)
 * and 20/s for single schools chosen at random (principals): some 400 open
 * dashboards. School polls mostly miss the 1 s reuse of read figures.
 */
const pollRate = 20;
const pollConnections = 2;
/**
 * Submissions arriving meanwhile, unless the caller says otherwise. 100/s is
 * about half of what one app process stores per second on the 2-core bench
 * machine; at 200/s submissions alone saturate it and every endpoint's
 * latency grows without bound, the dashboard's included.
 */
const defaultSubmissionRate = 100;
const submissionConnections = 16;
const log = (line: string) => process.stderr.write(`[dashboard bench] ${line}\n`);

export interface DashboardScaleResult {
  p50Ms: number;
  p95Ms: number;
  /** Dashboard requests answered 200 during the measured run. */
  requests: number;
  p99Ms: number;
  /** The whole campaign's polls alone, and single schools' alone. */
  campaignP95Ms: number;
  schoolP95Ms: number;
  /** Dashboard answers other than 200, and errors or timeouts. */
  failed: number;
  /** Submissions stored per second meanwhile. */
  submissionsPerSecond: number;
  submissionsFailed: number;
  /** Responses and visits in the campaign when the run ended. */
  responses: number;
  visits: number;
  /** The dashboard's total equals count(*) of the campaign's responses after the run. */
  talliesExact: boolean;
  /** The machine's 1-minute load average when the run ended (the bench shares its cores). */
  loadAverage: number;
  seedSeconds: number;
}

/** The demo district's twelve schools stretched to `count`, with their towns and area types. */
function schoolSpecs(count: number): SchoolSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const base = demoDistrict.schools[i % demoDistrict.schools.length] as SchoolSpec;
    const n = String(i + 1).padStart(3, "0");
    return { ...base, code: `B${n}`, name: `${base.name}（${n}）` };
  });
}

/**
 * `rows` random draws per row (volatile, so evaluated row by row): route `r`,
 * group pick `gp`, school index `si` (1-based), arrival time `at`, row number `n`.
 */
function draws(rows: number, schools: number, window: { from: Date; to: Date }) {
  return sql`(
    select n, random() as r, random() as gp, 1 + floor(random() * ${schools})::int as si,
      ${window.from}::timestamptz + random() * (${window.to}::timestamptz - ${window.from}::timestamptz)
        as at
    from generate_series(1, ${rows}) as n) as x`;
}

/** One bulk statement without the pool's 15 s statement timeout (a chunk can take longer). */
async function bulk(db: Kysely<Database>, statement: RawBuilder<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local statement_timeout = 0`.execute(trx);
    await statement.execute(trx);
  });
}

/**
 * Where a generated response or visit comes from, as SQL over `random()`:
 * 75 % school posters, 15 % the district's public link (the school picked),
 * 8 % the staff link, 2 % deputies (no school). `x.r` picks the route, `x.si`
 * the school, `x.gp` the respondent group.
 */
function routes(setup: CampaignSetup) {
  const [social, staff, deputy] = setup.districtChannels;
  if (!social || !staff || !deputy) throw new Error("district channels missing");
  const schools = setup.schools.map((s) => s.id);
  const posters = setup.schoolChannels.map((c) => c.id);
  const posterQuestionnaire = setup.schoolChannels[0]?.questionnaireId ?? social.questionnaireId;
  return {
    count: schools.length,
    channel: sql`case when x.r < 0.75 then (${posters}::int[])[x.si]
      when x.r < 0.90 then ${social.id}::int when x.r < 0.98 then ${staff.id}::int
      else ${deputy.id}::int end`,
    questionnaire: sql`case when x.r < 0.75 then ${posterQuestionnaire}::int
      when x.r < 0.90 then ${social.questionnaireId}::int
      when x.r < 0.98 then ${staff.questionnaireId}::int else ${deputy.questionnaireId}::int end`,
    school: sql`case when x.r < 0.98 then (${schools}::int[])[x.si] end`,
    group: sql`case when x.r < 0.90 then (case when x.gp < 0.85 then 'parent'
        when x.gp < 0.97 then 'resident' else 'cppcc_member' end)
      when x.r < 0.98 then (case when x.gp < 0.8 then 'teacher' else 'principal' end)
      else 'deputy' end`,
  };
}

/**
 * `count` responses in statements of at most 100,000 rows (INSERT … SELECT
 * generate_series), arriving uniformly over the campaign so far, with every
 * constraint, index and trigger (the tallies included) in place.
 */
async function seedResponses(
  db: Kysely<Database>,
  setup: CampaignSetup,
  window: { from: Date; to: Date },
  count: number,
): Promise<void> {
  const r = routes(setup);
  const answers = JSON.stringify({ identity: "parent", sat_overall: "satisfied" });
  for (let done = 0; done < count; done += chunkRows) {
    const rows = Math.min(chunkRows, count - done);
    await bulk(
      db,
      sql`
      insert into response (id, campaign_id, channel_id, questionnaire_id, school_id,
        respondent_group, answers, started_at, completed_at, duration_seconds, locale,
        browser_family, content_hash, received_at)
      select gen_random_uuid(), ${setup.campaignId}, ${r.channel}, ${r.questionnaire}, ${r.school},
        ${r.group}, ${answers}::jsonb, x.at - interval '4 minutes', x.at, 240, 'zh-cn', 'wechat',
        md5(${done}::text || ':' || x.n::text), x.at
      from ${draws(rows, r.count, window)}`,
    );
    log(`responses: ${done + rows}`);
  }
}

/** 1.3 visits per response: 85 % started, the furthest page spread over the four pages. */
async function seedVisits(
  db: Kysely<Database>,
  setup: CampaignSetup,
  window: { from: Date; to: Date },
  count: number,
): Promise<void> {
  const r = routes(setup);
  for (let done = 0; done < count; done += chunkRows) {
    const rows = Math.min(chunkRows, count - done);
    await bulk(
      db,
      sql`
      insert into visit (id, campaign_id, channel_id, opened_at, started_at, furthest_page)
      select gen_random_uuid(), ${setup.campaignId}, ${r.channel}, x.at,
        case when x.gp < 0.85 then x.at + interval '20 seconds' end,
        case when x.gp < 0.85 then 1 + floor(random() * 4)::int else 1 end
      from ${draws(rows, r.count, window)}`,
    );
  }
  log(`visits: ${count}`);
}

/**
 * Migrates an empty database and fills it: a campaign of 100 schools open for
 * 20 days of its 30, `responses` responses and 1.3 × as many visits.
 */
export async function seedBenchCampaign(
  db: Kysely<Database>,
  responses: number,
): Promise<CampaignSetup> {
  await migrateToLatest(db);
  const now = new Date();
  const window = { from: new Date(now.getTime() - 20 * day), to: now };
  const setup = await setUpCampaign(db, {
    name: "dashboard bench",
    scheme: "basic_2012",
    // With 不了解: the submissions meanwhile answer it (bench/load.ts).
    scale: { points: 3, dontKnow: true },
    district: "bench",
    residentPopulation: 3_000_000,
    opensAt: window.from,
    closesAt: new Date(now.getTime() + 10 * day),
    status: "open",
    schools: schoolSpecs(100),
  });
  await seedResponses(db, setup, window, responses);
  await seedVisits(db, setup, window, Math.round(responses * 1.3));
  await sql`vacuum analyze`.execute(db);
  // Flush the seeding's writes now rather than during the measurement (needs a superuser; optional).
  await sql`checkpoint`.execute(db).catch(() => undefined);
  return setup;
}

function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [...startFlags(), "--import", "tsx", path.join(root, "bench/servers/dashboard-server.ts"), url],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (line) =>
      resolve({ child, port: (JSON.parse(line) as { port: number }).port }),
    );
    child.once("exit", (code) => reject(new Error(`dashboard server exited with ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  child.kill("SIGKILL");
}

async function login(port: number, username: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const cookie = /jh_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  if (res.status !== 200 || !cookie) throw new Error(`login failed: ${res.status}`);
  return cookie;
}

// autocannon's tracker is also an event emitter with one "response" event per
// answer; bench/autocannon.d.ts only types the promise and has no p95.
type Tracker = Promise<autocannon.Result> & {
  on(
    event: "response",
    listener: (client: unknown, status: number, bytes: number, ms: number) => void,
  ): void;
};
const cannon = autocannon as unknown as (
  options: autocannon.Options & { overallRate?: number },
) => Tracker;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, rank)] ?? Number.NaN) * 10) / 10;
}

/** One dashboard load at a fixed arrival rate, with every answer's latency. */
async function dashboardLoad(
  port: number,
  nextPath: () => string,
  cookie: string,
  seconds: number,
): Promise<{ latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  const tracker = cannon({
    url: `http://127.0.0.1:${port}`,
    connections: pollConnections,
    overallRate: pollRate,
    duration: seconds,
    requests: [
      {
        method: "GET",
        headers: { cookie },
        setupRequest: (req: autocannon.Request) => ({ ...req, path: nextPath() }),
      },
    ],
  });
  tracker.on("response", (_client, status, _bytes, ms) => {
    if (status === 200) latencies.push(ms);
    else failed += 1;
  });
  const result = await tracker;
  return { latencies, failed: failed + result.errors + result.timeouts };
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** Parents answering through the school posters, a random school each time. */
function submissionLoad(
  port: number,
  tokens: readonly string[],
  rate: number,
  seconds: number,
): Tracker {
  const bodies = tokens.map(submissionBody);
  return cannon({
    url: `http://127.0.0.1:${port}`,
    connections: submissionConnections,
    overallRate: rate,
    duration: seconds,
    requests: [
      {
        method: "PUT",
        headers: { "content-type": "application/json" },
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          path: `/api/responses/${crypto.randomUUID()}`,
          body: bodies[Math.floor(Math.random() * bodies.length)] ?? "",
        }),
      },
    ],
  });
}

async function withDatabase<T>(serverUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `junheng_dashboard_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/**
 * The dashboard at scale (target: p95 under 100 ms on PostgreSQL at
 * 1,000,000 responses): a fresh database on the server at `postgresUrl`, a
 * campaign of 100 schools open for 20 days of its 30, `responses` responses
 * and 1.3 × as many visits inserted in SQL, then `measureDashboard`.
 */
export async function benchDashboardAtScale(opts: {
  postgresUrl: string;
  responses: number;
  seconds: number;
  /** Submissions per second during the measurement (default 100; 0: none). */
  submissionRate?: number;
}): Promise<DashboardScaleResult> {
  return withDatabase(opts.postgresUrl, async (url) => {
    const started = Date.now();
    const handle = createPostgresDb(url, { max: 4 });
    let setup: CampaignSetup;
    try {
      setup = await seedBenchCampaign(handle.db, opts.responses);
    } finally {
      await handle.close();
    }
    const seedSeconds = (Date.now() - started) / 1000;
    log(`seeded in ${seedSeconds.toFixed(0)} s; measuring for ${opts.seconds} s`);
    const rate = opts.submissionRate ?? defaultSubmissionRate;
    const measured = await measureDashboard(url, setup, opts.seconds, rate);
    return { ...measured, seedSeconds };
  });
}

/**
 * The real app in its own process on the seeded database at `url`, polled by
 * an admin for `seconds` at 20 requests/s for the whole campaign and 20/s for
 * random single schools (`?school=`), while submissions arrive at
 * `submissionRate` per second (100 by default) through random school posters.
 * Latencies are measured per request (autocannon's own histogram has no p95);
 * the figures at the end are checked against direct counts.
 */
export async function measureDashboard(
  url: string,
  setup: Pick<CampaignSetup, "campaignId" | "schools" | "schoolChannels">,
  seconds: number,
  submissionRate = defaultSubmissionRate,
): Promise<Omit<DashboardScaleResult, "seedSeconds">> {
  const username = `bench-${randomBytes(4).toString("hex")}`;
  const password = randomBytes(12).toString("base64url");
  const handle = createPostgresDb(url, { max: 1 });
  try {
    await createStaffAccount(handle.db, { username, password, role: "admin" }, { label: "bench" });
  } finally {
    await handle.close();
  }
  const { child, port } = await startServer(url);
  try {
    const cookie = await login(port, username, password);
    const campaignPath = `/api/campaigns/${setup.campaignId}/dashboard`;
    const schoolIds = setup.schools.map((school) => school.id);
    const schoolPath = () =>
      `${campaignPath}?school=${schoolIds[Math.floor(Math.random() * schoolIds.length)]}`;
    // Warm-up: JIT, the pool, PostgreSQL's caches.
    await Promise.all([
      dashboardLoad(port, () => campaignPath, cookie, 2),
      dashboardLoad(port, schoolPath, cookie, 2),
    ]);
    const tokens = setup.schoolChannels.map((channel) => channel.token);
    const submissions =
      submissionRate > 0 ? submissionLoad(port, tokens, submissionRate, seconds) : undefined;
    const [campaign, schools] = await Promise.all([
      dashboardLoad(port, () => campaignPath, cookie, seconds),
      dashboardLoad(port, schoolPath, cookie, seconds),
    ]);
    const submitted = (await submissions) ?? { "2xx": 0, non2xx: 0, errors: 0, timeouts: 0 };
    const all = sorted([...campaign.latencies, ...schools.latencies]);

    // Let the last submissions in flight commit, and the reused figures expire, before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const res = await fetch(`http://127.0.0.1:${port}${campaignPath}`, { headers: { cookie } });
    const body = (await res.json()) as {
      targets: { total: { responses: number } };
      funnel: { opened: number };
    };
    const counted = await directCounts(url, setup.campaignId);
    return {
      p50Ms: percentile(all, 50),
      p95Ms: percentile(all, 95),
      p99Ms: percentile(all, 99),
      requests: all.length,
      campaignP95Ms: percentile(sorted(campaign.latencies), 95),
      schoolP95Ms: percentile(sorted(schools.latencies), 95),
      failed: campaign.failed + schools.failed,
      submissionsPerSecond: submitted["2xx"] / seconds,
      submissionsFailed: submitted.non2xx + submitted.errors + submitted.timeouts,
      responses: counted.responses,
      visits: counted.visits,
      loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      talliesExact:
        body.targets.total.responses === counted.responses && body.funnel.opened === counted.visits,
    };
  } finally {
    await stop(child);
  }
}

async function directCounts(url: string, campaignId: number) {
  const handle = createPostgresDb(url, { max: 1 });
  try {
    const { rows } = await sql<{ responses: number; visits: number }>`
      select (select count(*)::int from response where campaign_id = ${campaignId}) as responses,
        (select count(*)::int from visit where campaign_id = ${campaignId}) as visits`.execute(
      handle.db,
    );
    return rows[0] ?? { responses: -1, visits: -1 };
  } finally {
    await handle.close();
  }
}
