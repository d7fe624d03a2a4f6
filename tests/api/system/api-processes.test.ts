import { execFileSync } from "node:child_process";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { type ServerProcess, startServerProcess } from "../../helpers/server-process.ts";
import { submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { provided } from "../../helpers/provided.ts";
import { createTestDb } from "../../helpers/test-db.ts";

/**
 * Several API processes against one PostgreSQL, through the real entry point
 * (api/main.ts) on loopback: the same submission sent to two processes is stored once; a
 * process killed with SIGKILL in the middle of a load loses nothing it acknowledged and
 * stores nothing twice while its clients retry; WORKERS=2 replaces a killed worker.
 */
describe("API processes sharing one PostgreSQL", () => {
  if (!provided.postgresUrl()) {
    it.skip("needs a PostgreSQL server (TEST_DATABASE_URL): skipped", () => {});
    return;
  }
  let handle: DbHandle;
  let seeded: SeededCampaign;
  const running: ServerProcess[] = [];

  beforeAll(async () => {
    handle = await createTestDb("postgres");
    seeded = await seedCampaign(handle.db);
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await handle?.close();
  });

  async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = await startServerProcess({
      DATABASE_URL: handle.url as string,
      DEMO: "0",
      // The submission limits are not under test here.
      RATE_LIMIT_LINK_PER_MINUTE: "1000000",
      ...env,
    });
    running.push(server);
    return server;
  }
  const baseOf = (server: ServerProcess) => new URL(server.staffUrl).origin;

  function sheet(k: number) {
    return {
      id: randomUUID(),
      body: JSON.stringify(
        submissionBody(seeded.tokens.schoolChannel, validSocialAnswers({ comment: `第${k}份` })),
      ),
    };
  }

  async function put(base: string, s: { id: string; body: string }) {
    const res = await fetch(`${base}/api/responses/${s.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: s.body,
    });
    return { status: res.status, json: (await res.json()) as { id?: string; receivedAt?: string } };
  }

  const stored = async (ids: readonly string[]) =>
    (await handle.db.selectFrom("response").select("id").where("id", "in", ids).execute()).length;

  it("stores a submission sent to two processes once, and both acknowledge it", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const sheets = Array.from({ length: 120 }, (_, k) => sheet(k));
    const replies = await Promise.all(
      sheets.map(async (s) => Promise.all([put(baseOf(a!), s), put(baseOf(b!), s)])),
    );
    for (const [k, [first, second]] of replies.entries()) {
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.json.id).toBe(sheets[k]!.id);
      // The same stored row answers both.
      expect(second.json.receivedAt).toBe(first.json.receivedAt);
    }
    expect(await stored(sheets.map((s) => s.id))).toBe(120);
    const tally = await handle.db
      .selectFrom("response_tally")
      .select((eb) => eb.fn.sum("responses").as("n"))
      .where("campaign_id", "=", seeded.campaignId)
      .executeTakeFirstOrThrow();
    const rows = await handle.db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("campaign_id", "=", seeded.campaignId)
      .executeTakeFirstOrThrow();
    expect(Number(tally.n)).toBe(Number(rows.n));
    await Promise.all([a!.stop(), b!.stop()]);
  });

  it("loses nothing acknowledged and stores nothing twice when a process is killed mid-load", async () => {
    let server = await start();
    let base = baseOf(server);
    const sheets = Array.from({ length: 600 }, (_, k) => sheet(k));
    const acknowledged = new Set<string>();
    let killed = false;
    // 16 clients, each retrying its sheet until acknowledged, as the respondent page's outbox.
    const queue = [...sheets];
    const client = async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        for (;;) {
          // Connection refused or reset (the process is gone): retry shortly.
          const reply = await put(base, s).catch(() => null);
          if (reply?.status === 200) {
            expect(reply.json.id).toBe(s.id);
            acknowledged.add(s.id);
            break;
          }
          // Anything but a lost connection or a server-side failure is a defect.
          if (reply !== null) expect(reply.status).toBeGreaterThanOrEqual(500);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, client));
    // Kill it once a third is in, then start another and point the clients at it.
    while (acknowledged.size < 200) await new Promise((resolve) => setTimeout(resolve, 20));
    server.child.kill("SIGKILL");
    killed = true;
    server = await start();
    base = baseOf(server);
    await load;
    expect(killed).toBe(true);
    expect(acknowledged.size).toBe(600);
    expect(await stored(sheets.map((s) => s.id))).toBe(600);
    await server.stop();
  });

  it("answers 503 with Retry-After within the statement timeout while the database is stuck", async () => {
    const server = await start({ DB_STATEMENT_TIMEOUT_MS: "1500" });
    const base = baseOf(server);
    const blocker = new pg.Client({ connectionString: handle.url as string });
    await blocker.connect();
    const sheets = Array.from({ length: 30 }, (_, k) => sheet(k));
    try {
      // Every write to the response table now waits for this transaction.
      await blocker.query("begin");
      await blocker.query("lock table response in access exclusive mode");
      const started = Date.now();
      const replies = await Promise.all(
        sheets.map(async (s) => {
          const res = await fetch(`${base}/api/responses/${s.id}`, {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: s.body,
          });
          const body = (await res.json()) as { error?: { code: string } };
          return { status: res.status, retryAfter: res.headers.get("retry-after"), body };
        }),
      );
      // Answered, not piled up: well within a few statement timeouts.
      expect(Date.now() - started).toBeLessThan(12_000);
      for (const reply of replies) {
        expect(reply.status).toBe(503);
        expect(reply.retryAfter).toMatch(/^\d+$/);
        expect(reply.body.error?.code).toBe("service_unavailable");
      }
      // Reads that do not touch the locked table still work meanwhile.
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
    } finally {
      await blocker.query("rollback");
      await blocker.end();
    }
    // The retries after the database recovers are stored, once each.
    for (const reply of await Promise.all(sheets.map((s) => put(base, s)))) {
      expect(reply.status).toBe(200);
    }
    expect(await stored(sheets.map((s) => s.id))).toBe(30);
    await server.stop();
  });

  it("runs WORKERS=2 processes on one port and replaces a worker killed with SIGKILL", async () => {
    const server = await start({ WORKERS: "2" });
    const base = baseOf(server);
    const workers = () =>
      execFileSync("pgrep", ["-P", String(server.child.pid)], { encoding: "utf8" })
        .trim()
        .split("\n")
        .filter((line) => line !== "");
    await expect.poll(() => workers().length, { timeout: 20_000 }).toBe(2);
    const first = Array.from({ length: 40 }, (_, k) => sheet(k));
    for (const reply of await Promise.all(first.map((s) => put(base, s)))) {
      expect(reply.status).toBe(200);
    }
    const victim = workers()[0]!;
    process.kill(Number(victim), "SIGKILL");
    await expect
      .poll(() => workers().filter((pid) => pid !== victim).length, { timeout: 30_000 })
      .toBe(2);
    // A connection the killed worker held is gone: clients retry on a lost connection, as the
    // respondent page's outbox does (fetch keeps sockets alive, so one may be stale).
    const retried = async (s: { id: string; body: string }) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const reply = await put(base, s).catch(() => null);
        if (reply !== null) return reply;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no answer for ${s.id}`);
    };
    const after = Array.from({ length: 40 }, (_, k) => sheet(k));
    for (const reply of await Promise.all(after.map(retried))) {
      expect(reply.status).toBe(200);
    }
    expect(await stored([...first, ...after].map((s) => s.id))).toBe(80);
    expect(await server.stop()).toBe(0);
  });
});
