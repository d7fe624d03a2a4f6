import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import { createPostgresDb } from "../../../api/db/create-db.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";

describe.each(availableDbKinds())("GET /api/health on %s", (kind) => {
  const ctx = useSeededApp(kind, { seed: false });

  it("answers ok and names the database", async () => {
    const res = await ctx.app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: kind });
  });

  it("unknown API paths and methods answer 404 in our error shape", async () => {
    for (const [method, url] of [
      ["GET", "/api/nothing-here"],
      ["DELETE", "/api/responses/3f1c2e0a-8b1d-4c55-9a6e-0d3b1f2a4c5d"],
      ["POST", "/api/health"],
    ] as const) {
      const res = await ctx.app.request(url, { method });
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });
});

describe("when the database cannot be reached", () => {
  // A closed port on loopback: the pool's connect fails at once.
  const unreachable = createPostgresDb("postgres://postgres@127.0.0.1:9/none");
  afterAll(() => unreachable.close());
  const app = createApp({ db: unreachable.db, dbKind: "postgres", config: testConfig() });

  it("health answers 503 with Retry-After, not 500", async () => {
    const res = await app.request("/api/health");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toMatchObject({ error: { code: "service_unavailable" } });
  });

  it("a submission answers 503 so the phone's outbox retries later", async () => {
    const res = await put(
      app,
      crypto.randomUUID(),
      submissionBody("AnyToken1234", validSocialAnswers()),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });
});
