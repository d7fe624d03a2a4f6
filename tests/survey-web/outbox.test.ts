import { describe, expect, it } from "vitest";
import {
  type FetchLike,
  Outbox,
  type OutboxEvent,
  type ResponseLike,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from "../../survey-web/respondent/outbox.ts";
import { memoryStore } from "../../survey-web/respondent/safe-storage.ts";

function response(
  status: number,
  body: unknown = {},
  headers: Record<string, string> = {},
): ResponseLike {
  return {
    status,
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
    json: async () => body,
  };
}

/** An outbox on a fake clock, fake timers and a scripted fetch. */
function harness(script: (Error | ResponseLike)[], random = 0.5) {
  let now = 1_000_000;
  const timers: { at: number; callback: () => void; handle: number }[] = [];
  let nextHandle = 1;
  const calls: { url: string; body: string }[] = [];
  const events: OutboxEvent[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, body: init.body });
    const next = script.shift();
    if (!next) throw new Error("fetch called more often than scripted");
    if (next instanceof Error) throw next;
    return next;
  };
  const store = memoryStore();
  const outbox = new Outbox(
    {
      store,
      fetch,
      now: () => now,
      random: () => random,
      setTimer: (callback, ms) => {
        const handle = nextHandle++;
        timers.push({ at: now + ms, callback, handle });
        return handle;
      },
      clearTimer: (handle) => {
        const i = timers.findIndex((t) => t.handle === handle);
        if (i >= 0) timers.splice(i, 1);
      },
    },
    (e) => events.push(e),
  );
  return {
    outbox,
    store,
    calls,
    events,
    /** Moves the clock to the next retry timer and runs it (request timeouts are skipped). */
    async runNextRetry(): Promise<number> {
      const retries = timers.filter((t) => t.at - now < 19_000 || t.at - now > 21_000);
      const next = retries.sort((a, b) => a.at - b.at)[0];
      if (!next) throw new Error("no retry scheduled");
      const waited = next.at - now;
      now = next.at;
      timers.splice(timers.indexOf(next), 1);
      next.callback();
      await outbox.flush();
      return waited;
    },
    pendingTimers: () => timers.length,
  };
}

const item = {
  id: "0b8f6a52-4a53-4c1e-9a44-7f1c2b3d4e5f",
  url: "/api/responses/0b8f6a52-4a53-4c1e-9a44-7f1c2b3d4e5f",
  body: JSON.stringify({ channel: "abc", answers: { q: "a" } }),
  campaignId: 7,
  token: "abc",
};

describe("outbox backoff policy", () => {
  it("doubles from 2 s with equal jitter and caps at 5 minutes", () => {
    expect(retryDelayMs(1, 0)).toBe(1000);
    expect(retryDelayMs(1, 0.999999)).toBe(2000);
    expect(retryDelayMs(2, 0)).toBe(2000);
    expect(retryDelayMs(4, 1)).toBe(16_000);
    expect(retryDelayMs(30, 1)).toBe(300_000);
    expect(retryDelayMs(30, 0)).toBe(150_000);
  });

  it("never retries sooner than Retry-After", () => {
    expect(retryDelayMs(1, 0.5, 30_000)).toBe(30_000);
    expect(retryDelayMs(8, 0.5, 1_000)).toBeGreaterThan(1_000);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-05-01T08:00:00Z");
    expect(parseRetryAfter("5", now)).toBe(5000);
    expect(parseRetryAfter("Fri, 01 May 2026 08:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("999999", now)).toBe(3_600_000);
  });

  it("retries timeouts, rate limits and server errors only", () => {
    for (const status of [408, 429, 500, 502, 503, 504])
      expect(isRetryableStatus(status)).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 410, 413, 422]) {
      expect(isRetryableStatus(status)).toBe(false);
    }
  });
});

describe("the outbox", () => {
  it("sends once and forgets the item when the server acknowledges", async () => {
    const h = harness([response(200, { id: item.id, receivedAt: "2026-05-01T08:00:00.000Z" })]);
    h.outbox.enqueue(item);
    await h.outbox.flush();
    expect(h.calls).toEqual([{ url: item.url, body: item.body }]);
    expect(h.outbox.items()).toEqual([]);
    expect(h.events.map((e) => e.type)).toEqual(["sending", "acknowledged"]);
    expect(h.events[1]).toMatchObject({ receivedAt: "2026-05-01T08:00:00.000Z" });
  });

  it("keeps the item through network errors and 5xx, sending the same body each time", async () => {
    const h = harness([
      new TypeError("Failed to fetch"),
      response(502),
      response(503, {}, { "retry-after": "40" }),
      response(200, { id: item.id, receivedAt: "2026-05-01T08:00:00.000Z" }),
    ]);
    h.outbox.enqueue(item);
    await h.outbox.flush();
    expect(h.events.at(-1)).toMatchObject({ type: "waiting", reason: "offline" });
    expect(h.outbox.hasPending(7)).toBe(true);

    expect(await h.runNextRetry()).toBe(1500); // attempt 1: 2 s × [½, 1] with random 0.5
    expect(h.events.at(-1)).toMatchObject({ type: "waiting", reason: "server" });
    expect(await h.runNextRetry()).toBe(3000); // attempt 2: 4 s × 0.75
    expect(await h.runNextRetry()).toBe(40_000); // Retry-After: 40 beats 6 s of backoff
    expect(h.events.at(-1)?.type).toBe("acknowledged");
    expect(new Set(h.calls.map((c) => c.body))).toEqual(new Set([item.body]));
    expect(h.calls).toHaveLength(4);
    expect(h.outbox.items()).toEqual([]);
    expect(h.pendingTimers()).toBe(0);
  });

  it("retries 408 and 429 too", async () => {
    const h = harness([response(429, {}, { "retry-after": "2" }), response(408), response(200)]);
    h.outbox.enqueue(item);
    await h.outbox.flush();
    await h.runNextRetry();
    await h.runNextRetry();
    expect(h.events.filter((e) => e.type === "waiting")).toHaveLength(2);
    expect(h.events.at(-1)?.type).toBe("acknowledged");
  });

  it("stops on a client error and surfaces the server's message and details", async () => {
    const details = [
      { question: "sat_overall", code: "required", message: "请回答 Please answer" },
    ];
    const h = harness([
      response(422, { error: { code: "invalid_answers", message: "有 1 道题…", details } }),
    ]);
    h.outbox.enqueue(item);
    await h.outbox.flush();
    expect(h.events.at(-1)).toEqual({
      type: "rejected",
      item: expect.objectContaining({ id: item.id }),
      status: 422,
      error: { code: "invalid_answers", message: "有 1 道题…", details },
    });
    expect(h.outbox.items()).toEqual([]);
    expect(h.pendingTimers()).toBe(0);
  });

  it("gives a generic error when a 4xx body is not our JSON", async () => {
    const h = harness([
      {
        status: 404,
        headers: { get: () => null },
        json: async () => Promise.reject(new SyntaxError("html")),
      },
    ]);
    h.outbox.enqueue(item);
    await h.outbox.flush();
    expect(h.events.at(-1)).toMatchObject({
      type: "rejected",
      status: 404,
      error: { code: "http_404" },
    });
  });

  it("survives a reload: a new outbox on the same storage sends what the old one queued", async () => {
    const first = harness([new TypeError("offline")]);
    first.outbox.enqueue(item);
    await first.outbox.flush();
    const second = harness([response(200)]);
    second.store.setItem("junheng:outbox", first.store.getItem("junheng:outbox") as string);
    await second.outbox.wake(); // on load: try now, whatever the old schedule said
    expect(second.calls).toHaveLength(1);
    expect(second.outbox.items()).toEqual([]);
  });

  it("sends immediately on wake (the network came back) instead of waiting for the timer", async () => {
    const h = harness([new TypeError("offline"), response(200)]);
    h.outbox.enqueue(item);
    await h.outbox.flush();
    expect(h.calls).toHaveLength(1);
    await h.outbox.wake();
    expect(h.calls).toHaveLength(2);
    expect(h.events.at(-1)?.type).toBe("acknowledged");
  });

  it("ignores unreadable storage", () => {
    const h = harness([]);
    h.store.setItem("junheng:outbox", "{not json");
    expect(h.outbox.items()).toEqual([]);
    h.store.setItem("junheng:outbox", JSON.stringify([{ id: 1 }, "x"]));
    expect(h.outbox.items()).toEqual([]);
  });
});
