import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { type Config, testConfig } from "../../../api/config.ts";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";

/**
 * Funnel beacons (PUT /api/visits/:id) are limited per address hash, so a link
 * in the wrong hands cannot inflate "opened" at will, while a school gate's
 * crowd on one carrier address is never turned away. The app's injected clock
 * moves the rate windows; the client address comes in X-Forwarded-For.
 */
describe.each(availableDbKinds())("rate limit of PUT /api/visits/:id on %s", (kind) => {
  let handle: DbHandle;
  let seeded: SeededCampaign;
  // Whole hours ahead of now, inside the seeded campaign's window (a submission checks it by this clock).
  const base = (Math.floor(Date.now() / 3600_000) + 1) * 3600_000;
  const at = (hour: number, ms = 0) => new Date(base + hour * 3600_000 + ms);
  let clock = at(0);
  const apps: Hono[] = [];

  const appWith = (rateLimits?: Partial<Config["rateLimits"]>): Hono => {
    const defaults = testConfig().rateLimits;
    const app = createApp({
      db: handle.db,
      dbKind: handle.kind,
      config: testConfig({ trustProxy: true, rateLimits: { ...defaults, ...rateLimits } }),
      now: () => clock,
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    handle = await createTestDb(kind);
    seeded = await seedCampaign(handle.db, { schools: 2 });
  });
  afterAll(async () => handle?.close());

  const beacon = (app: Hono, ip: string, body: Record<string, unknown>, id = randomUUID()) =>
    app.request(`/api/visits/${id}`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ token: seeded.tokens.schoolChannel, ...body }),
    });
  const opened = async (channelId: number) =>
    (
      await handle.db
        .selectFrom("visit_tally")
        .select("opened")
        .where("channel_id", "=", channelId)
        .executeTakeFirst()
    )?.opened ?? 0;
  const schoolChannelId = () => seeded.setup.schoolChannels[0]?.id ?? 0;

  it("lets a school gate's crowd through: 45 parents in one minute on one address, every stage", async () => {
    const app = appWith();
    clock = at(0);
    const before = await opened(schoolChannelId());
    const statuses: number[] = [];
    // The social questionnaire has four pages: opened, started, pages 2–4 — five beacons each.
    for (let parent = 0; parent < 45; parent++) {
      const id = randomUUID();
      statuses.push((await beacon(app, "117.136.40.8", { stage: "opened" }, id)).status);
      statuses.push((await beacon(app, "117.136.40.8", { stage: "started", page: 1 }, id)).status);
      for (const page of [2, 3, 4])
        statuses.push((await beacon(app, "117.136.40.8", { stage: "page", page }, id)).status);
    }
    expect(statuses).toHaveLength(225);
    expect(statuses.filter((s) => s !== 204)).toEqual([]);
    expect((await opened(schoolChannelId())) - before).toBe(45);
  });

  it("holds a script minting new visits at 10 a second to the minute's limit, with 429, Retry-After and Chinese", async () => {
    const app = appWith();
    const start = at(1).getTime();
    const before = await opened(schoolChannelId());
    const results: Response[] = [];
    for (let i = 0; i < 300; i++) {
      clock = new Date(start + i * 100); // 30 seconds, one minute window
      results.push(await beacon(app, "47.96.1.1", { stage: "opened" }));
    }
    const ok = results.filter((r) => r.status === 204).length;
    expect(ok).toBe(240);
    expect(results.filter((r) => r.status === 429)).toHaveLength(60);
    // Only the accepted beacons became visits: "opened" grew by 240, not 300.
    expect((await opened(schoolChannelId())) - before).toBe(240);
    const refused = results.find((r) => r.status === 429);
    const retry = Number(refused?.headers.get("retry-after"));
    // Refused at 24.0 s or later into the minute: at most 36 s to wait.
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(36);
    const body = (await refused?.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/^本网络的访问记录过于频繁，请约 \d+ 秒后再试.*Too many/);
    // Another address is not affected, and the next minute the same address is heard again.
    expect((await beacon(app, "47.96.1.2", { stage: "opened" })).status).toBe(204);
    clock = new Date(start + 60_000);
    expect((await beacon(app, "47.96.1.1", { stage: "opened" })).status).toBe(204);
  });

  it("keeps beacons and submissions apart: a beacon flood leaves the address its submissions", async () => {
    const app = appWith({ visitIpPerMinute: 3 });
    clock = at(2, 30_000);
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await beacon(app, "61.5.5.5", { stage: "opened" })).status);
    expect(statuses).toEqual([204, 204, 204, 429, 429]);
    const submitted = await app.request(`/api/responses/${randomUUID()}`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-forwarded-for": "61.5.5.5" },
      body: JSON.stringify(submissionBody(seeded.tokens.schoolChannel, validSocialAnswers())),
    });
    expect(submitted.status).toBe(200);
  });

  it("applies the hourly limit from the configuration, and never limits loopback", async () => {
    const app = appWith({ visitIpPerMinute: 5, visitIpPerHour: 8 });
    const hour = at(3).getTime();
    const minute = async (m: number) => {
      const out = [];
      for (let i = 0; i < 6; i++) {
        clock = new Date(hour + m * 60_000 + i * 1000);
        out.push((await beacon(app, "61.6.6.6", { stage: "opened" })).status);
      }
      return out;
    };
    expect(await minute(0)).toEqual([204, 204, 204, 204, 204, 429]);
    expect(await minute(1)).toEqual([204, 204, 204, 429, 429, 429]);
    clock = new Date(hour + 2 * 60_000);
    const refused = await beacon(app, "61.6.6.6", { stage: "opened" });
    expect(refused.status).toBe(429);
    // The hour's window ends on the hour: 58 minutes to wait.
    expect(Number(refused.headers.get("retry-after"))).toBe(58 * 60);
    for (let i = 0; i < 12; i++)
      expect((await beacon(app, "127.0.0.1", { stage: "opened" })).status).toBe(204);
  });

  it("answers an unknown link 404 without counting it", async () => {
    const app = appWith({ visitIpPerMinute: 1 });
    clock = at(4, 10_000);
    for (let i = 0; i < 3; i++) {
      const res = await beacon(app, "61.7.7.7", { token: "no-such-link", stage: "opened" });
      expect(res.status).toBe(404);
    }
    expect((await beacon(app, "61.7.7.7", { stage: "opened" })).status).toBe(204);
    expect((await beacon(app, "61.7.7.7", { stage: "opened" })).status).toBe(429);
  });
});
