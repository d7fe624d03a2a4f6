import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { createPostgresDb } from "../../../api/db/create-db.ts";
import { createMigrator, migrateToLatest } from "../../../api/db/migrate.ts";
import { type Database, type RespondentGroup, respondentGroups } from "../../../api/db/database.ts";
import { seededRandom } from "../../../api/demo/random.ts";
import { type NewResponse, insertResponses } from "../../../api/responses/repository.ts";
import { insertVisits, recordVisit } from "../../../api/visits/repository.ts";
import { responseRow } from "../../helpers/response-row.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";

// The dashboard reads counters kept by the triggers of migration 0003 instead
// of counting responses. Each test writes at random and then compares every
// counter with a direct count of the rows it summarises.

type Random = () => number;

function pickOf<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("empty list");
  return item;
}

/** A response with random channel, school (or none), group and arrival hour over three days. */
function randomResponse(random: Random, seeded: SeededCampaign): NewResponse {
  const channels = [...seeded.setup.schoolChannels, ...seeded.setup.districtChannels];
  const channel = pickOf(random, channels);
  const school = random() < 0.2 ? null : pickOf(random, seeded.setup.schools).id;
  const receivedAt = new Date(Date.now() - Math.floor(random() * 72 * 3600 * 1000));
  return responseRow(seeded, {
    channelId: channel.id,
    questionnaireId: channel.questionnaireId,
    schoolId: channel.schoolId ?? school,
    respondentGroup: pickOf(random, respondentGroups) as RespondentGroup,
    answers: {},
    receivedAt,
  });
}

const byKey = <T extends object>(rows: T[]) =>
  rows.map((r) => JSON.stringify(r)).sort((a, b) => a.localeCompare(b));

/** Response tallies and the same figures counted from `response`, as sorted comparable lists. */
async function responseFigures(db: Kysely<Database>) {
  const cells = await sql<object>`
    select campaign_id, channel_id, school_id, respondent_group, responses,
      (extract(epoch from last_at) * 1000)::bigint::text as last_at
    from response_tally where responses > 0`.execute(db);
  const direct = await sql<object>`
    select campaign_id, channel_id, school_id, respondent_group, count(*)::int as responses,
      (extract(epoch from max(received_at)) * 1000)::bigint::text as last_at
    from response group by 1, 2, 3, 4`.execute(db);
  const hourly = await sql<object>`
    select campaign_id, school_id, hour, responses from response_hourly where responses > 0`.execute(
    db,
  );
  const directHourly = await sql<object>`
    select campaign_id, school_id, date_trunc('hour', received_at, 'UTC') as hour,
      count(*)::int as responses
    from response group by 1, 2, 3`.execute(db);
  const campaignHourly = await sql<object>`
    select campaign_id, hour, shard, responses from response_hourly_campaign
    where responses > 0`.execute(db);
  const directCampaignHourly = await sql<object>`
    select campaign_id, date_trunc('hour', received_at, 'UTC') as hour,
      (coalesce(school_id, 0) % 16)::smallint as shard, count(*)::int as responses
    from response group by 1, 2, 3`.execute(db);
  return {
    cells: byKey(cells.rows),
    direct: byKey(direct.rows),
    hourly: byKey(hourly.rows),
    directHourly: byKey(directHourly.rows),
    campaignHourly: byKey(campaignHourly.rows),
    directCampaignHourly: byKey(directCampaignHourly.rows),
  };
}

/** Visit tallies and the same figures counted from `visit`. */
async function visitFigures(db: Kysely<Database>) {
  const tally = await sql<object>`
    select campaign_id, channel_id, opened, started from visit_tally where opened <> 0`.execute(db);
  const direct = await sql<object>`
    select campaign_id, channel_id, count(*)::int as opened, count(started_at)::int as started
    from visit group by 1, 2`.execute(db);
  const pages = await sql<object>`
    select campaign_id, channel_id, page, reached from visit_page_tally where reached <> 0`.execute(
    db,
  );
  const directPages = await sql<object>`
    select v.campaign_id, v.channel_id, p.page::smallint as page, count(*)::int as reached
    from visit v, generate_series(1, v.furthest_page) as p(page)
    group by 1, 2, 3`.execute(db);
  return {
    tally: byKey(tally.rows),
    direct: byKey(direct.rows),
    pages: byKey(pages.rows),
    directPages: byKey(directPages.rows),
  };
}

async function expectResponseTalliesExact(db: Kysely<Database>, atLeast: number) {
  const f = await responseFigures(db);
  expect(f.direct.length).toBeGreaterThan(0);
  expect(f.cells).toEqual(f.direct);
  expect(f.hourly).toEqual(f.directHourly);
  expect(f.campaignHourly).toEqual(f.directCampaignHourly);
  const total = await sql<{ n: number }>`select count(*)::int as n from response`.execute(db);
  expect(total.rows[0]?.n).toBeGreaterThanOrEqual(atLeast);
}

async function expectVisitTalliesExact(db: Kysely<Database>) {
  const f = await visitFigures(db);
  expect(f.direct.length).toBeGreaterThan(0);
  expect(f.tally).toEqual(f.direct);
  expect(f.pages).toEqual(f.directPages);
}

async function purge(db: Kysely<Database>, where: (trx: Kysely<Database>) => Promise<unknown>) {
  await db.transaction().execute(async (trx) => {
    await sql`set local junheng.allow_purge = 'on'`.execute(trx);
    await where(trx);
  });
}

describe.each(availableDbKinds())("migration 0003 on a database with responses, on %s", (kind) => {
  let handle: DbHandle;
  afterAll(async () => handle?.close());

  it("counts the responses stored before it into the tallies", async () => {
    handle = await createTestDb(kind);
    const seeded = await seedCampaign(handle.db, { schools: 3 });
    // Back to the schema before the dashboard, as a deployment upgrading would be.
    const { error } = await createMigrator(handle.db).migrateTo("0002_staff_accounts");
    expect(error).toBeUndefined();
    const random = seededRandom(31);
    const rows = Array.from({ length: 120 }, () => randomResponse(random, seeded));
    await insertResponses(handle.db, rows);
    await migrateToLatest(handle.db);
    await expectResponseTalliesExact(handle.db, 120);
  });
});

describe.each(availableDbKinds())("dashboard tallies on %s", (kind) => {
  let handle: DbHandle;
  let seeded: SeededCampaign;
  let other: SeededCampaign;

  beforeAll(async () => {
    handle = await createTestDb(kind);
    seeded = await seedCampaign(handle.db, { schools: 5 });
    other = await seedCampaign(handle.db, { schools: 2 });
  });
  afterAll(async () => handle?.close());

  it("equal direct counts after random single and multi-row inserts in two campaigns", async () => {
    const random = seededRandom(7);
    const { db } = handle;
    for (let i = 0; i < 40; i++) {
      await insertResponses(db, [randomResponse(random, random() < 0.7 ? seeded : other)]);
    }
    // Multi-row statements whose rows share cells: one upsert per cell must add them all.
    for (const size of [2, 17, 250, 600]) {
      await insertResponses(
        db,
        Array.from({ length: size }, () => randomResponse(random, random() < 0.7 ? seeded : other)),
      );
    }
    await expectResponseTalliesExact(db, 40 + 2 + 17 + 250 + 600);
  });

  it("follow a purge: counts go down and each cell's latest arrival is found again", async () => {
    const { db } = handle;
    // The newest response of some cells goes, so last_at must move back.
    await purge(db, (trx) =>
      trx
        .deleteFrom("response")
        .where("campaign_id", "=", seeded.campaignId)
        .where("received_at", ">", new Date(Date.now() - 20 * 3600 * 1000))
        .execute(),
    );
    await expectResponseTalliesExact(db, 1);
    // A whole campaign: its cells disappear, the other campaign's stay exact.
    await purge(db, (trx) =>
      trx.deleteFrom("response").where("campaign_id", "=", other.campaignId).execute(),
    );
    const left = await db
      .selectFrom("response_tally")
      .select("campaign_id")
      .where("campaign_id", "=", other.campaignId)
      .execute();
    expect(left).toEqual([]);
    await expectResponseTalliesExact(db, 1);
  });

  it("count visits by stage and furthest page, whatever order the stages arrive in", async () => {
    const random = seededRandom(11);
    const { db } = handle;
    const tokens = [...seeded.setup.schoolChannels, ...seeded.setup.districtChannels];
    const ids = Array.from({ length: 60 }, () => randomUUID());
    for (let i = 0; i < 400; i++) {
      const channel = pickOf(random, tokens);
      const outcome = await recordVisit(db, {
        // Some ids come back on another link: that visit must not move.
        id: pickOf(random, ids),
        token: channel.token,
        started: random() < 0.3,
        page: 1 + Math.floor(random() * 5),
      });
      expect(outcome).toBe("recorded");
    }
    await insertVisits(
      db,
      Array.from({ length: 300 }, () => {
        const channel = pickOf(random, tokens);
        return {
          id: randomUUID(),
          campaignId: seeded.campaignId,
          channelId: channel.id,
          openedAt: new Date(),
          startedAt: random() < 0.5 ? new Date() : null,
          furthestPage: 1 + Math.floor(random() * 6),
        };
      }),
    );
    await expectVisitTalliesExact(db);

    // Any update (even one the endpoint never makes) and a delete keep them exact.
    await sql`update visit set furthest_page = 1, started_at = null
      where id in (select id from visit order by id limit 40)`.execute(db);
    await sql`update visit set channel_id = ${seeded.setup.schoolChannels[1]?.id ?? 0}
      where id in (select id from visit order by id desc limit 30)`.execute(db);
    await db.deleteFrom("visit").where("furthest_page", ">=", 5).execute();
    await expectVisitTalliesExact(db);
  });

  it("moves a visit on only forward: started once, the furthest page only grows", async () => {
    const { db } = handle;
    const id = randomUUID();
    const token = seeded.tokens.schoolChannel;
    const stages: [boolean, number][] = [
      [false, 1],
      [true, 1],
      [false, 3],
      [true, 2],
      [false, 1],
    ];
    for (const [started, page] of stages) {
      await recordVisit(db, { id, token, started, page });
    }
    const row = await db
      .selectFrom("visit")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.furthest_page).toBe(3);
    expect(row.started_at).not.toBeNull();
    await expectVisitTalliesExact(db);
  });

  // Declared only on PostgreSQL: PGlite has one connection, and a skipped test would fail CI.
  if (kind === "postgres")
    it("stay exact under concurrent inserts and visits from several connections", async () => {
      const url = handle.url;
      if (!url) throw new Error("no database url");
      // Separate pools: separate connections, as several API processes would have.
      const pools = Array.from({ length: 4 }, () => createPostgresDb(url, { max: 4 }));
      try {
        const before = await sql<{ n: number }>`select count(*)::int as n from response`.execute(
          handle.db,
        );
        const sharedVisits = Array.from({ length: 30 }, () => randomUUID());
        // Everyone writes into the same few cells at once (one school, one hour).
        const hot = {
          ...seeded,
          setup: { ...seeded.setup, schools: seeded.setup.schools.slice(0, 1) },
        };
        await Promise.all(
          pools.flatMap((pool, p) =>
            Array.from({ length: 4 }, async (_, worker) => {
              const r = seededRandom(100 + p * 10 + worker);
              for (let i = 0; i < 25; i++) {
                const rows = Array.from({ length: 1 + Math.floor(r() * 8) }, () => ({
                  ...randomResponse(r, hot),
                  receivedAt: undefined,
                }));
                await insertResponses(pool.db, rows);
                const channel = pickOf(r, seeded.setup.schoolChannels);
                await recordVisit(pool.db, {
                  id: pickOf(r, sharedVisits),
                  token: channel.token,
                  started: r() < 0.5,
                  page: 1 + Math.floor(r() * 4),
                });
              }
            }),
          ),
        );
        await expectResponseTalliesExact(handle.db, (before.rows[0]?.n ?? 0) + 16 * 25);
        await expectVisitTalliesExact(handle.db);
      } finally {
        await Promise.all(pools.map((pool) => pool.close()));
      }
    });
});
