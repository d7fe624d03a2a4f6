import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { type TestServer, startTestServer } from "../../helpers/test-server.ts";

/**
 * Bodies read straight from Node's request under @hono/node-server (api/http/read-text-body.ts):
 * the same limits and errors as through the web Request the in-process tests use, on a real
 * socket, and a client that goes away mid-body leaves nothing behind.
 */
describe("request bodies on a real socket", () => {
  let server: TestServer;
  let seeded: SeededCampaign;

  beforeAll(async () => {
    server = await startTestServer();
    seeded = await seedCampaign(server.db);
  });
  afterAll(async () => server?.close());

  interface Reply {
    status: number;
    body: { error?: { code: string; message: string }; id?: string };
  }

  /** A PUT whose body is written in `chunks` (chunked transfer unless a length is given). */
  function put(path: string, chunks: readonly Buffer[], length?: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, server.url);
      const req = request(
        url,
        {
          method: "PUT",
          headers: {
            "content-type": "application/json",
            ...(length === undefined ? {} : { "content-length": String(length) }),
          },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (part: Buffer) => parts.push(part));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(parts).toString("utf8")) as Reply["body"],
            }),
          );
        },
      );
      req.on("error", reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  const stored = async (id: string) =>
    (await server.db.selectFrom("response").select("id").where("id", "=", id).execute()).length;

  it("stores a body written in small chunks", async () => {
    const id = randomUUID();
    const body = Buffer.from(
      JSON.stringify(submissionBody(seeded.tokens.schoolChannel, validSocialAnswers())),
    );
    const chunks = Array.from({ length: Math.ceil(body.length / 100) }, (_, k) =>
      body.subarray(k * 100, (k + 1) * 100),
    );
    const reply = await put(`/api/responses/${id}`, chunks);
    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe(id);
    expect(await stored(id)).toBe(1);
  });

  it("answers 413 for a body over the limit, declared or streamed, and stores nothing", async () => {
    const huge = Buffer.from(
      JSON.stringify(
        submissionBody(
          seeded.tokens.schoolChannel,
          validSocialAnswers({ comment: "好".repeat(30_000) }),
        ),
      ),
    );
    for (const length of [huge.length, undefined]) {
      const id = randomUUID();
      const chunks = Array.from({ length: Math.ceil(huge.length / 8192) }, (_, k) =>
        huge.subarray(k * 8192, (k + 1) * 8192),
      );
      const reply = await put(`/api/responses/${id}`, chunks, length);
      expect(reply.status).toBe(413);
      expect(reply.body.error?.code).toBe("payload_too_large");
      expect(await stored(id)).toBe(0);
    }
  });

  it("answers 400 for bytes that are not UTF-8 or not JSON", async () => {
    const notUtf8 = await put(`/api/responses/${randomUUID()}`, [Buffer.from([0x7b, 0xff, 0x7d])]);
    expect(notUtf8.status).toBe(400);
    const notJson = await put(`/api/responses/${randomUUID()}`, [Buffer.from("{ nope")]);
    expect(notJson.status).toBe(400);
    expect(notJson.body.error?.code).toMatch(/json/);
  });

  it("stores nothing when the client goes away mid-body, and serves the next request", async () => {
    const id = randomUUID();
    await new Promise<void>((resolve) => {
      const req = request(new URL(`/api/responses/${id}`, server.url), {
        method: "PUT",
        headers: { "content-type": "application/json", "content-length": "5000" },
      });
      req.on("error", () => resolve());
      req.write('{"channel": "');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    const next = randomUUID();
    const reply = await put(`/api/responses/${next}`, [
      Buffer.from(
        JSON.stringify(submissionBody(seeded.tokens.schoolChannel, validSocialAnswers())),
      ),
    ]);
    expect(reply.status).toBe(200);
    expect(await stored(id)).toBe(0);
  });
});
