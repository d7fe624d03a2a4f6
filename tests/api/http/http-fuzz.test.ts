import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../../api/demo/random.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { type TestServer, startTestServer } from "../../helpers/test-server.ts";

/**
 * A fuzz of methods, paths, headers and bodies on a real socket: thousands of
 * malformed requests, each answered with a 4xx (a JSON `{ error: { code, message } }` under
 * /api), never a 5xx, and not one response row written.
 */
const odd = [
  "",
  "%00",
  "%ZZ",
  "..%2F..%2Fetc%2Fpasswd",
  "../../etc/passwd",
  "x".repeat(3000),
  "满意",
  "%E6%BB%A1",
  "' or 1=1 --",
  "<script>",
  "null",
  "-1",
  "99999999999999999999",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffgg",
  "a/b/c",
  "%20",
  ";",
  "?x=1",
  "#",
];
const routes = [
  (x: string) => `/api/responses/${x}`,
  (x: string) => `/api/visits/${x}`,
  (x: string) => `/api/campaigns/${x}/report`,
  (x: string) => `/api/campaigns/${x}/exclusions`,
  (x: string) => `/api/campaigns/${x}/dashboard`,
  (x: string) => `/api/campaigns/1/schools/${x}`,
  (x: string) => `/api/auth/${x}`,
  (x: string) => `/api/${x}`,
  (x: string) => `/s/${x}`,
  (x: string) => `/staff/${x}`,
];
const methods = ["GET", "PUT", "POST", "PATCH", "DELETE", "OPTIONS", "HEAD"];
const contentTypes = [
  undefined,
  "application/json",
  "application/json; charset=latin1",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "application/json\u0000",
  "*/*",
];

describe("a fuzz of methods, paths, headers and bodies on a real socket", () => {
  let server: TestServer;
  let seeded: SeededCampaign;

  beforeAll(async () => {
    server = await startTestServer();
    seeded = await seedCampaign(server.db);
  });
  afterAll(async () => server?.close());

  interface Sent {
    method: string;
    path: string;
    headers: Record<string, string>;
    body: Buffer | null;
  }

  function send(req: Sent): Promise<{ status: number; type: string; text: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(server.url);
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          method: req.method,
          // The client sends only visible ASCII: anything else goes percent-encoded.
          path: req.path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c)),
          headers: req.headers,
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (part: Buffer) => parts.push(part));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              type: String(res.headers["content-type"] ?? ""),
              text: Buffer.concat(parts).toString("utf8"),
            }),
          );
        },
      );
      outgoing.on("error", reject);
      if (req.body) outgoing.write(req.body);
      outgoing.end();
    });
  }

  it("answers 3,000 malformed requests with 4xx only and writes nothing", async () => {
    const random = seededRandom(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const valid = Buffer.from(
      JSON.stringify(submissionBody(seeded.tokens.schoolChannel, validSocialAnswers())),
    );
    const before = await server.db.selectFrom("response").select("id").execute();
    const statuses = new Map<number, number>();
    const cases: Sent[] = [];
    for (let i = 0; i < 3000; i++) {
      const kind = i % 3;
      const headers: Record<string, string> = {};
      let body: Buffer | null = null;
      let method = pick(methods);
      let path = pick(routes)(pick(odd));
      if (kind === 0) {
        // Paths and methods.
        if (random() < 0.3) path += `?${pick(odd)}=${pick(odd)}`;
      } else if (kind === 1) {
        // A submission with broken headers: type, length, encoding.
        method = "PUT";
        path = `/api/responses/${randomUUID()}`;
        const type = pick(contentTypes);
        if (type !== undefined) headers["content-type"] = type.replace("\u0000", "");
        // Never a whole valid sheet (that one would rightly be stored): cut short, or a byte
        // that is not UTF-8 in place of its last brace.
        body =
          random() < 0.5
            ? valid.subarray(0, Math.floor(random() * (valid.length - 1)))
            : Buffer.concat([valid.subarray(0, valid.length - 1), Buffer.from([0xff])]);
        if (random() < 0.3) headers["content-encoding"] = pick(["gzip", "br", "x-unknown"]);
        if (random() < 0.2) headers["x-forwarded-for"] = encodeURIComponent(pick(odd));
        headers["content-length"] = String(body.length);
      } else {
        // Bodies: random bytes, random JSON-looking text, deep nesting.
        method = pick(["PUT", "POST", "PATCH"]);
        path = pick([
          `/api/responses/${randomUUID()}`,
          `/api/visits/${randomUUID()}`,
          "/api/auth/login",
          `/api/campaigns/${seeded.campaignId}/exclusions`,
          `/api/campaigns/${seeded.campaignId}/analysis-settings`,
        ]);
        headers["content-type"] = "application/json";
        const shape = random();
        body =
          shape < 0.3
            ? Buffer.from(Array.from({ length: Math.floor(random() * 400) }, () => random() * 256))
            : shape < 0.6
              ? Buffer.from(`${"[".repeat(5000)}${"]".repeat(5000)}`)
              : Buffer.from(
                  JSON.stringify({ channel: pick(odd), answers: pick([null, [], "x", { a: 1 }]) }),
                );
        headers["content-length"] = String(body.length);
      }
      cases.push({ method, path, headers, body });
    }
    // Eight at a time, as a few clients would.
    for (let i = 0; i < cases.length; i += 8) {
      const replies = await Promise.all(cases.slice(i, i + 8).map(send));
      replies.forEach((reply, k) => {
        const sent = cases[i + k]!;
        const what = `${sent.method} ${sent.path.slice(0, 80)} ${JSON.stringify(sent.headers)}`;
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        expect(reply.status, what).toBeLessThan(500);
        if (reply.status >= 400 && sent.path.startsWith("/api/") && sent.method !== "HEAD") {
          expect(reply.type, what).toContain("application/json");
          const json = JSON.parse(reply.text) as { error?: { code?: unknown; message?: unknown } };
          expect(typeof json.error?.code, what).toBe("string");
          expect(typeof json.error?.message, what).toBe("string");
        }
      });
    }
    const after = await server.db.selectFrom("response").select("id").execute();
    expect(after.length).toBe(before.length);
    // Every layer was reached: routing, the envelope, authentication.
    expect(statuses.get(404)).toBeGreaterThan(100);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect((statuses.get(401) ?? 0) + (statuses.get(403) ?? 0)).toBeGreaterThan(20);
  });
});
