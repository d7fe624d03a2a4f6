import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { loadConfig } from "../../../api/config.ts";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { seededRandom } from "../../../api/demo/random.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";
import { parentSheet, submitAt } from "./integrity-fixtures.ts";

/**
 * The RATE_LIMIT_* variables reach the real PUT /api/responses/:id: the app is
 * built from a configuration read out of an environment, as `npm start` does.
 */
describe.each(availableDbKinds())("configured submission limits on %s", (kind) => {
  let handle: DbHandle;
  let app: Hono;
  let seeded: SeededCampaign;
  const random = seededRandom(11);
  // A whole minute ahead of now, inside the seeded campaign's window.
  const start = (Math.floor(Date.now() / 60_000) + 1) * 60_000;
  let clock = new Date(start);
  const setClock = (t: Date) => {
    clock = t;
  };

  beforeAll(async () => {
    handle = await createTestDb(kind);
    seeded = await seedCampaign(handle.db);
    const config = loadConfig({
      DEMO: "0",
      LOG_LEVEL: "silent",
      TRUST_PROXY: "1",
      RATE_LIMIT_IP_PER_MINUTE: "3",
      RATE_LIMIT_LINK_PER_MINUTE: "5",
    });
    app = createApp({ db: handle.db, dbKind: handle.kind, config, now: () => clock });
  });
  afterAll(async () => handle?.close());

  const send = (at: Date, ip: string) =>
    submitAt(app, setClock, {
      at,
      channel: seeded.tokens.schoolChannel,
      answers: parentSheet(random, { channelSchool: seeded.schoolCodes[0] as string }),
      durationSeconds: 160,
      ip,
      deviceToken: randomUUID(),
    });

  it("holds one address to the lowered per-minute limit and the link to its own", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await send(new Date(start + i * 1000), "61.8.8.1")).status);
    // The built-in limit (40 a minute) would have taken all four.
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Two more addresses: the link's fifth is accepted, its sixth refused.
    const others = [];
    for (const ip of ["61.8.8.2", "61.8.8.3", "61.8.8.3"])
      others.push(await send(new Date(start + 10_000), ip));
    expect(others.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(JSON.parse(others[2]?.body ?? "{}")).toMatchObject({ error: { code: "rate_limited" } });
    expect(Number(others[2]?.retryAfter)).toBe(50);
    // The next minute both windows are open again.
    expect((await send(new Date(start + 60_000), "61.8.8.1")).status).toBe(200);
  });
});
