import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import type { KyselyPlugin, PluginTransformQueryArgs, RootOperationNode } from "kysely";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { seededRandom } from "../../../api/demo/random.ts";
import type { IntegrityReport } from "../../../api/integrity/integrity-report.ts";
import { isLoopback, takeSubmissionSlot } from "../../../api/integrity/submission-rate-limit.ts";
import { setCampaignStatus } from "../../../api/campaigns/repository.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { signedIn } from "../../helpers/staff-session.ts";
import { submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";
import { parentSheet, submitAt } from "./integrity-fixtures.ts";

/** Counts the statements the app sends, to hold the hot path to one extra statement. */
class StatementCounter implements KyselyPlugin {
  statements: string[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.statements.push(args.node.kind);
    return args.node;
  }
  async transformResult<T>(args: { result: T }): Promise<T> {
    return args.result;
  }
}

/**
 * Abuse limits (docs/integrity.md, Rate limits) through the real PUT /api/responses/:id, with the
 * app's injected clock standing in for the hour that passes and the client
 * address in X-Forwarded-For (TRUST_PROXY on).
 */
describe.each(availableDbKinds())("abuse limits on %s", (kind) => {
  let handle: DbHandle;
  let app: Hono;
  let seeded: SeededCampaign;
  let clock = new Date("2026-03-11T07:00:00Z");
  const counter = new StatementCounter();
  const setClock = (t: Date) => {
    clock = t;
  };
  const random = seededRandom(5);

  beforeAll(async () => {
    handle = await createTestDb(kind);
    seeded = await seedCampaign(handle.db, {
      opensAt: new Date("2026-03-01T00:00:00Z"),
      closesAt: new Date("2026-04-01T00:00:00Z"),
    });
    app = createApp({
      db: handle.db.withPlugin(counter),
      dbKind: handle.kind,
      config: testConfig({ trustProxy: true }),
      now: () => clock,
    });
  });
  afterAll(async () => handle?.close());

  const sheet = () => parentSheet(random, { channelSchool: seeded.schoolCodes[0] as string });
  const submission = (at: Date, ip: string, id?: string) => ({
    at,
    channel: seeded.tokens.schoolChannel,
    answers: sheet(),
    durationSeconds: 150,
    ip,
    deviceToken: randomUUID(),
    ...(id ? { id } : {}),
  });
  const send = (at: Date, ip: string, id?: string) =>
    submitAt(app, setClock, submission(at, ip, id));

  it("a school gate's crowd of 400 parents on one carrier address in an hour all pass", async () => {
    // Pick-up time: most arrive in a 20-minute rush, the rest over the hour.
    const start = new Date("2026-03-11T08:00:00Z").getTime();
    const times = Array.from({ length: 400 }, (_, i) =>
      i < 260 ? start + 20 * 60_000 + random() * 20 * 60_000 : start + random() * 3600_000,
    ).sort((a, b) => a - b);
    const perMinute = new Map<number, number>();
    for (const t of times)
      perMinute.set(Math.floor(t / 60_000), (perMinute.get(Math.floor(t / 60_000)) ?? 0) + 1);
    // The rush is real: some minutes see well over 20 parents.
    expect(Math.max(...perMinute.values())).toBeGreaterThan(20);
    const statuses = [];
    for (const t of times) statuses.push((await send(new Date(t), "117.136.40.8")).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it("a script at 10 a second from one address is slowed to 40 a minute, with Retry-After", async () => {
    const start = new Date("2026-03-11T10:00:00Z").getTime();
    const results = [];
    for (let i = 0; i < 700; i++) results.push(await send(new Date(start + i * 100), "47.96.1.1"));
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    expect(ok.length + limited.length).toBe(700);
    // 70 seconds: two fixed minute windows, 40 each.
    expect(ok.length).toBe(80);
    const first = limited[0];
    expect(Number(first?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(first?.retryAfter)).toBeLessThanOrEqual(60);
    const body = JSON.parse(first?.body ?? "{}") as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/^提交过于频繁，请约 \d+ 秒后再试.*Too many submissions/);
    // Nothing was stored for a refusal; the same sheet after Retry-After is accepted.
    const refusedId = first?.id as string;
    const stored = await handle.db
      .selectFrom("response")
      .select("id")
      .where("id", "=", refusedId)
      .execute();
    expect(stored).toEqual([]);
    const later = new Date(start + 70_000 + Number(first?.retryAfter) * 1000 + 60_000);
    expect((await send(later, "47.96.1.1", refusedId)).status).toBe(200);
  });

  it("the hourly limit holds a patient script to 600 an hour", async () => {
    const start = new Date("2026-03-11T13:00:00Z").getTime();
    let ok = 0;
    // 39 a minute, under the minute limit, for 20 minutes: 780 tries.
    for (let m = 0; m < 20; m++) {
      for (let i = 0; i < 39; i++) {
        const r = await send(new Date(start + m * 60_000 + i * 1500), "47.96.2.2");
        if (r.status === 200) ok += 1;
        else expect(r.status).toBe(429);
      }
    }
    expect(ok).toBe(600);
  });

  it("a loopback address (a proxy not trusted, a local tool) is never limited by address", async () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("10.0.0.1")).toBe(false);
    const start = new Date("2026-03-11T15:00:00Z").getTime();
    const statuses = [];
    for (let i = 0; i < 60; i++)
      statuses.push((await send(new Date(start + i * 500), "127.0.0.1")).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it("costs no extra statement while the windows have room", async () => {
    await send(new Date("2026-03-11T16:00:00Z"), "61.1.1.1"); // caches warm
    counter.statements = [];
    const r = await send(new Date("2026-03-11T16:00:10Z"), "61.1.1.2");
    expect(r.status).toBe(200);
    // The link's context, then one statement checking the windows, counting and inserting.
    expect(counter.statements).toHaveLength(2);
  });

  it("per link, across addresses; windows at their limit do not count refusals", async () => {
    const now = new Date("2026-03-12T09:00:30Z");
    const limits = { ip: [{ seconds: 60, max: 2 }], channel: [{ seconds: 60, max: 5 }] };
    const channelId = 987_654;
    const verdicts = [];
    for (let i = 0; i < 7; i++) {
      verdicts.push(
        await takeSubmissionSlot(handle.db, { ipHash: `ip${i}`, channelId }, limits, now),
      );
    }
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(verdicts[5]?.retryAfterSeconds).toBe(30);
    const row = await handle.db
      .selectFrom("rate_bucket")
      .select("count")
      .where("key", "=", `channel:${channelId}:60`)
      .executeTakeFirstOrThrow();
    expect(row.count).toBe(5);
    // The addresses refused by the link were not counted either.
    const refusedIp = await handle.db
      .selectFrom("rate_bucket")
      .select("key")
      .where("key", "=", "ip:ip6:60")
      .execute();
    expect(refusedIp).toEqual([]);
    const nextMinute = new Date("2026-03-12T09:01:00Z");
    expect(
      (await takeSubmissionSlot(handle.db, { ipHash: "ip6", channelId }, limits, nextMinute))
        .allowed,
    ).toBe(true);
  });

  it("old windows are collected as submissions arrive", async () => {
    const long = new Date("2026-01-01T00:00:00Z");
    await sql`
      insert into rate_bucket (key, window_start, count)
      select 'old:' || g, ${long}::timestamptz, 1 from generate_series(1, 30) g`.execute(handle.db);
    const limits = { ip: [], channel: [{ seconds: 60, max: 100 }] };
    const now = new Date("2026-03-12T12:00:00Z");
    await takeSubmissionSlot(handle.db, { ipHash: null, channelId: 1 }, limits, now);
    await takeSubmissionSlot(handle.db, { ipHash: null, channelId: 1 }, limits, now);
    const left = await handle.db
      .selectFrom("rate_bucket")
      .select("key")
      .where("key", "like", "old:%")
      .execute();
    expect(left).toEqual([]);
  });

  it("answers arriving while the campaign is closed are refused and counted per link", async () => {
    const before = submission(new Date("2026-03-12T14:00:00Z"), "61.2.2.2");
    const stored = await submitAt(app, setClock, before);
    expect(stored.status).toBe(200);
    await setCampaignStatus(handle.db, seeded.campaignId, "closed");
    const after = new Date("2026-03-12T15:10:00Z");
    for (let i = 0; i < 3; i++) {
      const r = await send(new Date(after.getTime() + i * 1000), `61.3.3.${i}`);
      expect(r.status).toBe(410);
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: "campaign_not_open" } });
    }
    // A retry of a response stored before closing is still acknowledged, and not counted.
    const retry = await submitAt(app, setClock, { ...before, id: stored.id });
    expect(retry.status).toBe(200);
    const admin = await signedIn(app, handle.db, { username: "limits-admin", role: "admin" });
    const report = (await (
      await admin.request(`/api/campaigns/${seeded.campaignId}/integrity`)
    ).json()) as IntegrityReport;
    expect(report.closedRefusals.total).toBe(3);
    expect(report.closedRefusals.byChannel).toEqual([
      {
        channelId: seeded.setup.schoolChannels[0]?.id,
        count: 3,
        firstHour: "2026-03-12T15:00:00.000Z",
        lastHour: "2026-03-12T15:00:00.000Z",
      },
    ]);
    // An unknown link is a 404 and counts nowhere.
    const unknown = await app.request(`/api/responses/${randomUUID()}`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-forwarded-for": "61.4.4.4" },
      body: JSON.stringify(submissionBody("no-such-link", validSocialAnswers())),
    });
    expect(unknown.status).toBe(404);
  });
});
