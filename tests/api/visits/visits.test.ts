import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../../api/demo/random.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

const oddValues: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  201,
  1e308,
  "",
  "3",
  "\u0000",
  "opened ",
  "OPENED",
  "x".repeat(2000),
  [],
  ["opened"],
  {},
  { __proto__: { polluted: true } },
  "../../etc/passwd",
  "tok en",
];

describe.each(availableDbKinds())("PUT /api/visits/:id on %s", (kind) => {
  const ctx = useSeededApp(kind, { seed: { schools: 2 } });
  const { seeded } = ctx;
  let closed: SeededCampaign;
  let notYet: SeededCampaign;

  beforeAll(async () => {
    closed = await seedCampaign(ctx.db, { schools: 1, status: "closed" });
    const day = 24 * 3600 * 1000;
    notYet = await seedCampaign(ctx.db, {
      schools: 1,
      opensAt: new Date(Date.now() + day),
      closesAt: new Date(Date.now() + 10 * day),
    });
  });

  const send = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    ctx.app.request(`/api/visits/${id}`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const visits = () => ctx.db.selectFrom("visit").selectAll().execute();
  const tally = (channelId: number) =>
    ctx.db
      .selectFrom("visit_tally")
      .select(["opened", "started"])
      .where("channel_id", "=", channelId)
      .executeTakeFirst();

  it("records opened, started and pages once each, whatever is repeated", async () => {
    const id = randomUUID();
    const token = seeded.tokens.schoolChannel;
    const channelId = seeded.setup.schoolChannels[0]?.id ?? 0;
    const bodies = [
      { token, stage: "opened" },
      { token, stage: "opened" },
      { token, stage: "started", page: 1 },
      { token, stage: "page", page: 2 },
      { token, stage: "page", page: 4 },
      { token, stage: "page", page: 3 },
      { token, stage: "started", page: 2 },
    ];
    for (const body of bodies) {
      const res = await send(id, body);
      expect(res.status).toBe(204);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    const row = (await visits()).find((v) => v.id === id);
    expect(row).toMatchObject({ channel_id: channelId, campaign_id: seeded.campaignId });
    expect(row?.furthest_page).toBe(4);
    expect(row?.started_at).toBeInstanceOf(Date);
    await expect(tally(channelId)).resolves.toEqual({ opened: 1, started: 1 });
    const pages = await ctx.db
      .selectFrom("visit_page_tally")
      .select(["page", "reached"])
      .where("channel_id", "=", channelId)
      .orderBy("page")
      .execute();
    expect(pages).toEqual([1, 2, 3, 4].map((page) => ({ page, reached: 1 })));
    // An upper-case id is the same visit.
    expect((await send(id.toUpperCase(), { token, stage: "page", page: 5 })).status).toBe(204);
    expect((await visits()).filter((v) => v.id === id).map((v) => v.furthest_page)).toEqual([5]);
  });

  it("answers an unknown link 404 and a campaign outside its window 410, writing nothing", async () => {
    const before = (await visits()).length;
    const unknown = await send(randomUUID(), { token: "no-such-token", stage: "opened" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "channel_not_found" } });
    for (const campaign of [closed, notYet]) {
      const res = await send(randomUUID(), {
        token: campaign.tokens.schoolChannel,
        stage: "opened",
      });
      expect(res.status).toBe(410);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("campaign_not_open");
      expect(body.error.message).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff].* [A-Z]/);
    }
    expect((await visits()).length).toBe(before);
  });

  it("refuses malformed ids, media types, bodies and sizes with a 4xx JSON error", async () => {
    const token = seeded.tokens.schoolChannel;
    const cases: [string, string | object, Record<string, string>, number, string][] = [
      ["not-a-uuid", { token, stage: "opened" }, {}, 400, "invalid_id"],
      [`${randomUUID()}x`, { token, stage: "opened" }, {}, 400, "invalid_id"],
      [randomUUID(), { token, stage: "opened" }, { "content-type": "text/plain" }, 415, ""],
      [randomUUID(), "{", {}, 400, "malformed_json"],
      [randomUUID(), "", {}, 400, "malformed_json"],
      [randomUUID(), { token, stage: "page" }, {}, 400, "invalid_body"],
      [randomUUID(), { token, stage: "page", page: 0 }, {}, 400, "invalid_body"],
      [randomUUID(), { token, stage: "page", page: 201 }, {}, 400, "invalid_body"],
      [randomUUID(), { token, stage: "page", page: 2.5 }, {}, 400, "invalid_body"],
      [randomUUID(), { token, stage: "closed" }, {}, 400, "invalid_body"],
      [randomUUID(), { token, stage: "opened", ip: "1.2.3.4" }, {}, 400, "invalid_body"],
      [randomUUID(), { token: "a/b", stage: "opened" }, {}, 400, "invalid_body"],
      [randomUUID(), { stage: "opened" }, {}, 400, "invalid_body"],
      [randomUUID(), [token, "opened"], {}, 400, "invalid_body"],
      [randomUUID(), { token, stage: "opened", pad: "x".repeat(2000) }, {}, 413, ""],
    ];
    const before = (await visits()).length;
    for (const [id, body, headers, status, code] of cases) {
      const res = await send(id, body, headers);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(typeof json.error.message).toBe("string");
      if (code) expect(json.error.code).toBe(code);
    }
    expect((await visits()).length).toBe(before);
    // Other methods are not served.
    const get = await ctx.app.request(`/api/visits/${randomUUID()}`);
    expect(get.status).toBe(404);
  });

  it("never answers 500 to random mutations of a valid report, and writes only valid ones", async () => {
    const random = seededRandom(kind === "pglite" ? 5 : 6);
    const token = seeded.tokens.districtChannel;
    const keys = ["token", "stage", "page", "extra"];
    let accepted = 0;
    const before = (await visits()).length;
    for (let i = 0; i < 150; i++) {
      const body: Record<string, unknown> = { token, stage: "page", page: 2 };
      const key = keys[Math.floor(random() * keys.length)] ?? "token";
      const action = random();
      if (action < 0.7) body[key] = oddValues[Math.floor(random() * oddValues.length)];
      else delete body[key];
      const res = await send(randomUUID(), body);
      expect([204, 400, 404, 413]).toContain(res.status);
      if (res.status === 204) accepted += 1;
      else expect(await res.json()).toHaveProperty("error.code");
    }
    // Only dropping the extra key, or valid page values, can pass: some must, most must not.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(150);
    expect((await visits()).length).toBe(before + accepted);
  });
});
