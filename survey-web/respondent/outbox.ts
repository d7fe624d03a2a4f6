import { type KeyValueStore, isRecord, readJson } from "./safe-storage.ts";

/** One completed answer sheet waiting for the server's acknowledgement. */
export interface OutboxItem {
  /** The response id (v4 UUID); the URL ends with it. */
  id: string;
  url: string;
  /** The exact JSON sent on every attempt: the server answers a same-body retry with the same 200. */
  body: string;
  campaignId: number;
  token: string;
  attempts: number;
  /** Epoch milliseconds before which the item is not sent again. */
  nextAttemptAt: number;
}

export interface ServerError {
  code: string;
  message: string;
  details?: { question: string; code: string; message: string }[];
}

export type OutboxEvent =
  | { type: "sending"; item: OutboxItem }
  | { type: "acknowledged"; item: OutboxItem; receivedAt: string | null }
  | { type: "waiting"; item: OutboxItem; reason: "offline" | "server"; retryAt: number }
  | { type: "rejected"; item: OutboxItem; status: number; error: ServerError };

/** The part of a fetch Response the outbox reads. */
export interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

export type FetchLike = (
  url: string,
  init: { method: "PUT"; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<ResponseLike>;

export interface OutboxDeps {
  store: KeyValueStore;
  fetch: FetchLike;
  now: () => number;
  /** In [0, 1): spreads retries so phones that lost the network together do not return together. */
  random: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** A 4G request that hangs is abandoned and retried (default 20 s). */
  requestTimeoutMs?: number;
}

const storageKey = "junheng:outbox";
const baseDelayMs = 2_000;
const maxDelayMs = 5 * 60_000;
const maxRetryAfterMs = 60 * 60_000;

/**
 * Exponential backoff with "equal jitter": between half and all of
 * 2 s × 2^(attempts − 1), capped at 5 minutes, and never sooner than the
 * server's Retry-After.
 */
export function retryDelayMs(attempts: number, random: number, retryAfterMs?: number): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential / 2 + (random * exponential) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(maxRetryAfterMs, Math.max(0, ms));
}

/** Timeouts, rate limits and server-side failures pass; other client errors will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function asItem(value: unknown): OutboxItem | undefined {
  if (!isRecord(value)) return undefined;
  const { id, url, body, campaignId, token, attempts, nextAttemptAt } = value;
  if (
    typeof id !== "string" ||
    typeof url !== "string" ||
    typeof body !== "string" ||
    typeof campaignId !== "number" ||
    typeof token !== "string" ||
    typeof attempts !== "number" ||
    typeof nextAttemptAt !== "number"
  ) {
    return undefined;
  }
  return { id, url, body, campaignId, token, attempts, nextAttemptAt };
}

async function readServerError(res: ResponseLike): Promise<ServerError> {
  try {
    const body = await res.json();
    const error = isRecord(body) ? body.error : undefined;
    if (isRecord(error) && typeof error.code === "string" && typeof error.message === "string") {
      const details = Array.isArray(error.details)
        ? error.details.filter(isRecord).map((d) => ({
            question: String(d.question ?? ""),
            code: String(d.code ?? ""),
            message: String(d.message ?? ""),
          }))
        : undefined;
      return { code: error.code, message: error.message, ...(details ? { details } : {}) };
    }
  } catch {
    // Not JSON (a proxy's error page): fall through to a generic error.
  }
  return { code: `http_${res.status}`, message: "" };
}

/**
 * A queue of submissions in browser storage that survives closing WeChat.
 * Each item is PUT until the server acknowledges it (2xx) or refuses it for
 * good (4xx other than 408/429); network errors and 408/429/5xx are retried
 * with backoff. Sending twice is safe: the server stores one row per id.
 */
export class Outbox {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: unknown;

  constructor(
    private readonly deps: OutboxDeps,
    private readonly onEvent: (event: OutboxEvent) => void = () => {},
  ) {}

  items(): OutboxItem[] {
    const stored = readJson(this.deps.store, storageKey);
    if (!Array.isArray(stored)) return [];
    return stored.map(asItem).filter((item): item is OutboxItem => item !== undefined);
  }

  hasPending(campaignId: number): boolean {
    return this.items().some((item) => item.campaignId === campaignId);
  }

  /** Queues a submission (replacing one with the same id) to be sent on the next flush. */
  enqueue(item: Omit<OutboxItem, "attempts" | "nextAttemptAt">): void {
    const rest = this.items().filter((i) => i.id !== item.id);
    this.write([...rest, { ...item, attempts: 0, nextAttemptAt: 0 }]);
  }

  /** Sends every item that is due; resolves when this round is over. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true; // something became due while sending: go round once more
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        for (const item of this.items()) {
          if (item.nextAttemptAt <= this.deps.now()) await this.attempt(item);
        }
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  /** The network is back or the page is visible again: try everything now. */
  wake(): Promise<void> {
    this.write(this.items().map((item) => ({ ...item, nextAttemptAt: 0 })));
    return this.flush();
  }

  private async attempt(item: OutboxItem): Promise<void> {
    this.onEvent({ type: "sending", item });
    let res: ResponseLike;
    try {
      res = await this.send(item);
    } catch {
      this.retryLater(item, "offline", undefined);
      return;
    }
    if (res.status >= 200 && res.status < 300) {
      let receivedAt: string | null = null;
      try {
        const body = await res.json();
        if (isRecord(body) && typeof body.receivedAt === "string") receivedAt = body.receivedAt;
      } catch {
        // The status is the acknowledgement; the body is a courtesy.
      }
      this.remove(item.id);
      this.onEvent({ type: "acknowledged", item, receivedAt });
      return;
    }
    if (isRetryableStatus(res.status)) {
      this.retryLater(
        item,
        "server",
        parseRetryAfter(res.headers.get("retry-after"), this.deps.now()),
      );
      return;
    }
    const error = await readServerError(res);
    this.remove(item.id);
    this.onEvent({ type: "rejected", item, status: res.status, error });
  }

  private async send(item: OutboxItem): Promise<ResponseLike> {
    const controller = new AbortController();
    const timeout = this.deps.setTimer(
      () => controller.abort(),
      this.deps.requestTimeoutMs ?? 20_000,
    );
    try {
      return await this.deps.fetch(item.url, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: item.body,
        signal: controller.signal,
      });
    } finally {
      this.deps.clearTimer(timeout);
    }
  }

  private retryLater(item: OutboxItem, reason: "offline" | "server", retryAfterMs?: number): void {
    const attempts = item.attempts + 1;
    const retryAt = this.deps.now() + retryDelayMs(attempts, this.deps.random(), retryAfterMs);
    // Another tab may have finished this item meanwhile: only update what is still queued.
    this.write(
      this.items().map((i) => (i.id === item.id ? { ...i, attempts, nextAttemptAt: retryAt } : i)),
    );
    this.onEvent({ type: "waiting", item: { ...item, attempts }, reason, retryAt });
  }

  private remove(id: string): void {
    this.write(this.items().filter((i) => i.id !== id));
  }

  private write(items: OutboxItem[]): void {
    if (items.length === 0) this.deps.store.removeItem(storageKey);
    else this.deps.store.setItem(storageKey, JSON.stringify(items));
  }

  /** One timer for the earliest retry; online/visibility events call `wake` sooner. */
  private schedule(): void {
    if (this.timer !== undefined) this.deps.clearTimer(this.timer);
    this.timer = undefined;
    const next = Math.min(...this.items().map((i) => i.nextAttemptAt));
    if (!Number.isFinite(next)) return;
    this.timer = this.deps.setTimer(
      () => {
        this.timer = undefined;
        void this.flush();
      },
      Math.max(0, next - this.deps.now()),
    );
  }
}
