import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import { isDatabaseUnavailable } from "../../../api/db/unavailable.ts";
import { rateBuckets } from "../../../api/integrity/submission-rate-limit.ts";
import type { BatchItem } from "../../../api/responses/batch-repository.ts";
import type { NewResponse } from "../../../api/responses/repository.ts";
import { GroupCommit } from "../../../api/responses/group-commit.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { responseRow, unlimitedItem } from "../../helpers/response-row.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { seededPostgresPool } from "../../helpers/postgres-pool.ts";
import { provided } from "../../helpers/provided.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/**
 * Group commit (api/responses/group-commit.ts, api/responses/batch-repository.ts): concurrent
 * submissions stored by shared statements, each with its own outcome: stored once, found
 * stored, limited, or its own error; one bad row costs no one else.
 */
describe.each(availableDbKinds())("group commit on %s", (kind) => {
  const ctx = useSeededApp(kind);
  const { seeded } = ctx;

  const count = async () =>
    Number(
      (
        await ctx.db
          .selectFrom("response")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("campaign_id", "=", seeded.campaignId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const tallied = async () =>
    Number(
      (
        await ctx.db
          .selectFrom("response_tally")
          .select((eb) => eb.fn.sum("responses").as("n"))
          .where("campaign_id", "=", seeded.campaignId)
          .executeTakeFirstOrThrow()
      ).n ?? 0,
    );

  const row = (overrides: Partial<NewResponse> = {}) => responseRow(seeded, overrides);

  it("stores 300 concurrent submissions and their 60 retries exactly once", async () => {
    const before = await count();
    const sheets = Array.from({ length: 300 }, (_, k) => ({
      id: randomUUID(),
      body: submissionBody(
        seeded.tokens.schoolChannel,
        validSocialAnswers({ comment: `第${k}份` }),
      ),
    }));
    const retries = sheets.slice(0, 60);
    const replies = await Promise.all(
      [...sheets, ...retries].map(async ({ id, body }) => {
        const res = await put(ctx.app, id, body);
        return { id, status: res.status, body: (await res.json()) as { id: string } };
      }),
    );
    expect(replies.filter((r) => r.status !== 200)).toEqual([]);
    for (const reply of replies) expect(reply.body.id).toBe(reply.id);
    expect(await count()).toBe(before + 300);
    expect(await tallied()).toBe(await count());
  });

  it("gives each submission of a batch its own outcome, and one bad row costs no one else", async () => {
    const commit = new GroupCommit(ctx.db, { maxBatch: 50, maxInFlight: 1 });
    const before = await count();
    const now = new Date();
    const limits = { ip: [{ seconds: 60, max: 3 }], channel: [] };
    const limited = (ipHash: string): BatchItem => ({
      row: row({ ipHash }),
      buckets: rateBuckets({ ipHash, channelId: 1 }, limits, now),
      now,
    });
    const twin = row();
    const items: BatchItem[] = [
      { row: row(), buckets: [], now },
      // The same id twice: stored once, then found.
      { row: twin, buckets: [], now },
      { row: { ...twin }, buckets: [], now },
      // Five from one address with room for three.
      ...Array.from({ length: 5 }, () => limited(`gc-${kind}`)),
      // A row the database refuses (no such campaign).
      { row: row({ campaignId: 987_654 }), buckets: [], now },
      { row: row(), buckets: [], now },
    ];
    // All joined the queue in one turn, so they leave as one batch.
    const first = commit.store({ row: row(), buckets: [], now });
    const outcomes = await Promise.allSettled(items.map((item) => commit.store(item)));
    expect((await first).kind).toBe("stored");
    expect(commit.batchesWritten).toBe(1);
    const kinds = outcomes.map((o) => (o.status === "fulfilled" ? o.value.kind : "error"));
    expect(kinds).toEqual([
      "stored",
      "stored",
      "exists",
      "stored",
      "stored",
      "stored",
      "limited",
      "limited",
      "error",
      "stored",
    ]);
    const retry = outcomes[6];
    expect(retry?.status === "fulfilled" && retry.value.kind === "limited").toBe(true);
    if (retry?.status === "fulfilled" && retry.value.kind === "limited") {
      expect(retry.value.retryAfterSeconds).toBeGreaterThan(0);
      expect(retry.value.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect(await count()).toBe(before + 7);
    expect(await tallied()).toBe(await count());
    // The refused attempts counted nowhere; the three admitted did.
    const bucket = await ctx.db
      .selectFrom("rate_bucket")
      .select("count")
      .where("key", "=", `ip:gc-${kind}:60`)
      .executeTakeFirstOrThrow();
    expect(bucket.count).toBe(3);
  });

  it("keeps a link's details for CHANNEL_CACHE_MS: a campaign closed by staff refuses after it", async () => {
    const other = await seedCampaign(ctx.db);
    const cached = createApp({
      db: ctx.db,
      dbKind: kind,
      config: testConfig({ channelCacheMs: 400 }),
    });
    const send = async () =>
      (
        await put(
          cached,
          randomUUID(),
          submissionBody(other.tokens.schoolChannel, validSocialAnswers()),
        )
      ).status;
    expect(await send()).toBe(200);
    await ctx.db
      .updateTable("campaign")
      .set({ status: "closed" })
      .where("id", "=", other.campaignId)
      .execute();
    const started = Date.now();
    const kept = await send();
    // Within the time the details are kept, the link still reads as open…
    if (Date.now() - started < 300) expect(kept).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 450));
    // …and after it, the closing applies.
    expect(await send()).toBe(410);
  });

  it("sends what joined in one event-loop turn as one statement, and what joins while it is written as the next", async () => {
    const commit = new GroupCommit(ctx.db, { maxInFlight: 1 });
    const before = await count();
    const now = new Date();
    const turn = () =>
      Array.from({ length: 20 }, () => commit.store({ row: row(), buckets: [], now }));
    const first = turn();
    // Joined in a later turn, while the first batch is in flight: one more batch, not 20.
    await new Promise((resolve) => setImmediate(resolve));
    const second = turn();
    const outcomes = await Promise.all([...first, ...second]);
    expect(outcomes.every((o) => o.kind === "stored")).toBe(true);
    expect(commit.batchesWritten).toBe(2);
    expect(await count()).toBe(before + 40);
  });

  it("stores an id repeated within a batch whose windows have room once, and counts both", async () => {
    const commit = new GroupCommit(ctx.db, { maxInFlight: 1 });
    const before = await count();
    const now = new Date();
    const limits = { ip: [{ seconds: 60, max: 10 }], channel: [] };
    const buckets = rateBuckets({ ipHash: `twin-${kind}`, channelId: 1 }, limits, now);
    const twin = row();
    const outcomes = await Promise.all(
      [twin, { ...twin }, row()].map((r) => commit.store({ row: r, buckets, now })),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(["stored", "exists", "stored"]);
    expect(await count()).toBe(before + 2);
    const bucket = await ctx.db
      .selectFrom("rate_bucket")
      .select("count")
      .where("key", "=", `ip:twin-${kind}:60`)
      .executeTakeFirstOrThrow();
    // As one statement per submission would: the repeat was let through, so it counts.
    expect(bucket.count).toBe(3);
  });

  it("stores every column of a batch exactly as sent, whatever its text must escape", async () => {
    // The rows travel as one array per column: quotes, backslashes, braces, commas, the
    // word NULL and nulls must come back as they were, on both databases.
    const commit = new GroupCommit(ctx.db);
    const now = new Date();
    const earlier = new Date("2026-11-01T08:00:00.000Z");
    const texts = [
      'say "hi", {ok}',
      "C:\\path\\n \\u0041",
      "NULL",
      "",
      "多行\n文字 😀",
      "{}",
      '"',
      "\\",
    ];
    const rows = texts.map((comment, k) =>
      row({
        answers: { sat_overall: "satisfied", comment, nested: { list: [k, null, comment] } },
        pageSeconds: k % 2 === 0 ? { p1: 1.5 + k } : {},
        schoolId: k % 3 === 0 ? null : seeded.setup.schools[0]!.id,
        startedAt: k % 2 === 0 ? null : new Date(now.getTime() - 60_000),
        completedAt: k % 2 === 0 ? null : now,
        durationSeconds: k % 2 === 0 ? null : 60,
        ipHash: k % 2 === 0 ? null : `ip-${k}`,
        deviceToken: k % 2 === 0 ? null : randomUUID(),
        ...(k === 1 ? { receivedAt: earlier } : {}),
      }),
    );
    const outcomes = await Promise.all(rows.map((r) => commit.store({ row: r, buckets: [], now })));
    expect(outcomes.map((o) => o.kind)).toEqual(rows.map(() => "stored"));
    expect(commit.batchesWritten).toBe(1);
    const stored = await ctx.db
      .selectFrom("response")
      .selectAll()
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const [k, sent] of rows.entries()) {
      const got = byId.get(sent.id)!;
      expect(got.answers).toEqual(sent.answers);
      expect(got.page_seconds).toEqual(sent.pageSeconds);
      expect(got.school_id).toBe(sent.schoolId);
      expect(got.started_at && new Date(got.started_at).toISOString()).toBe(
        sent.startedAt?.toISOString() ?? null,
      );
      expect(got.duration_seconds).toBe(sent.durationSeconds);
      expect(got.ip_hash).toBe(sent.ipHash);
      expect(got.device_token).toBe(sent.deviceToken);
      expect(got.content_hash).toBe(sent.contentHash);
      // A row without its own time takes the database's clock, as the column's default.
      const receivedAt = new Date(got.received_at).getTime();
      if (k === 1) expect(receivedAt).toBe(earlier.getTime());
      else expect(Math.abs(receivedAt - Date.now())).toBeLessThan(60_000);
    }
  });

  it("fails each submission with its own error when the database refuses them all", async () => {
    const commit = new GroupCommit(ctx.db, { maxInFlight: 1 });
    const now = new Date();
    const bad = () => ({ row: row({ channelId: 987_654 }), buckets: [], now });
    const outcomes = await Promise.allSettled([bad(), bad(), bad()].map((i) => commit.store(i)));
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
  });
});

describe("group commit on a stuck postgres", () => {
  if (!provided.postgresUrl()) {
    it.skip("needs a PostgreSQL server (TEST_DATABASE_URL): none answered");
    return;
  }
  const context = seededPostgresPool({ statementTimeoutMs: 300 });

  it("fails the batch that timed out and every submission queued behind it, without a statement each", async () => {
    const commit = new GroupCommit(context.pool.db);
    const item = () => unlimitedItem(context.seeded);
    const blocker = new pg.Client({ connectionString: context.owner.url! });
    await blocker.connect();
    try {
      await blocker.query("begin");
      await blocker.query("lock table response in access exclusive mode");
      const first = commit.store(item()).catch((error: unknown) => error);
      // Joined while the first batch waits on the lock: queued behind it.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const behind = Array.from({ length: 5 }, () =>
        commit.store(item()).catch((error: unknown) => error),
      );
      const errors = await Promise.all([first, ...behind]);
      for (const error of errors) expect(isDatabaseUnavailable(error)).toBe(true);
      expect(commit.batchesWritten).toBe(1);
    } finally {
      await blocker.query("rollback");
      await blocker.end();
    }
    // The database is back: the next submission is stored.
    expect((await commit.store(item())).kind).toBe("stored");
  });
});
