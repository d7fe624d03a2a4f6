import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, createPostgresDb } from "../../../api/db/create-db.ts";
import {
  type PrivatePostgres,
  postgresBinaries,
  startPrivatePostgres,
} from "../../helpers/private-postgres.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { type ServerProcess, startServerProcess } from "../../helpers/server-process.ts";
import { submissionBody, validSocialAnswers } from "../../helpers/submission.ts";

/**
 * PostgreSQL restarted under a load of submissions, on a server of the test's
 * own: while it is down the API answers 503 with Retry-After, it recovers by itself, and
 * every acknowledged response is stored exactly once.
 */
describe("a PostgreSQL restart under load", () => {
  if (postgresBinaries() === null) {
    it.skip("needs PostgreSQL's server binaries (apt-get install postgresql): skipped", () => {});
    return;
  }
  let server: PrivatePostgres;
  let api: ServerProcess;
  let handle: DbHandle;
  let seeded: SeededCampaign;

  beforeAll(async () => {
    server = startPrivatePostgres(55_000 + (process.pid % 1000));
    // The API migrates the empty database at start.
    api = await startServerProcess({
      DATABASE_URL: server.url,
      DEMO: "0",
      RATE_LIMIT_LINK_PER_MINUTE: "1000000",
      DB_STATEMENT_TIMEOUT_MS: "3000",
    });
    handle = createPostgresDb(server.url);
    seeded = await seedCampaign(handle.db);
  });
  afterAll(async () => {
    await api?.stop();
    await handle?.close();
    server?.destroy();
  });

  it("answers 503 with Retry-After while it is down, recovers alone, and loses nothing", async () => {
    const base = new URL(api.staffUrl).origin;
    const sheets = Array.from({ length: 500 }, (_, k) => ({
      id: randomUUID(),
      body: JSON.stringify(
        submissionBody(seeded.tokens.schoolChannel, validSocialAnswers({ comment: `第${k}份` })),
      ),
    }));
    const acknowledged = new Set<string>();
    const unavailable: (string | null)[] = [];
    const queue = [...sheets];
    const client = async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        for (;;) {
          const res = await fetch(`${base}/api/responses/${s.id}`, {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: s.body,
          });
          const body = (await res.json()) as { id?: string; error?: { code: string } };
          if (res.status === 200) {
            expect(body.id).toBe(s.id);
            acknowledged.add(s.id);
            break;
          }
          // Nothing but "try again later" while the database is away.
          expect(res.status).toBe(503);
          expect(body.error?.code).toBe("service_unavailable");
          unavailable.push(res.headers.get("retry-after"));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, client));
    while (acknowledged.size < 150) await new Promise((resolve) => setTimeout(resolve, 20));
    server.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server.start();
    await load;

    expect(unavailable.length).toBeGreaterThan(0);
    for (const retryAfter of unavailable) expect(retryAfter).toMatch(/^\d+$/);
    expect(acknowledged.size).toBe(500);
    const rows = await handle.db
      .selectFrom("response")
      .select(["id", "content_hash"])
      .where("campaign_id", "=", seeded.campaignId)
      .execute();
    expect(rows.length).toBe(500);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(sheets.map((s) => s.id)));
    // The same process served throughout: it recovered by itself.
    expect(api.child.exitCode).toBeNull();
  });
});
