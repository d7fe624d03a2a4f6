import { typescriptWorker } from "../db/typescript-worker.ts";
import type { PosterBundleOptions, PosterChannel } from "./poster-bundle.ts";
import type { PosterWorkerInput } from "./poster-worker.ts";

const workerUrl = new URL("./poster-worker.ts", import.meta.url);

/** Thrown when every slot is taken and the queue is full: the route answers 503. */
export class PosterWorkersBusy extends Error {
  override name = "PosterWorkersBusy";
}

export interface PosterWorkerPool {
  /** Builds the ZIP in a worker thread; rejects with `PosterWorkersBusy` when overloaded. */
  build(
    channels: PosterChannel[],
    options: PosterBundleOptions,
    signal?: AbortSignal,
  ): Promise<Uint8Array<ArrayBuffer>>;
}

/**
 * QR PNG rendering is CPU-bound (≈ 80 ms per channel): on the main thread a
 * few hundred channels would stall every submission for tens of seconds. Each
 * bundle is built in its own short-lived worker; at most `concurrency` run at
 * once (the host has few cores and answers respondents first), and at most
 * `queue` more wait. An aborted request (the browser went away) ends its worker.
 */
export function posterWorkerPool(
  opts: { concurrency?: number; queue?: number } = {},
): PosterWorkerPool {
  const concurrency = opts.concurrency ?? 1;
  const maxQueue = opts.queue ?? 4;
  let running = 0;
  const waiting: (() => void)[] = [];

  async function slot(): Promise<() => void> {
    if (running >= concurrency) {
      if (waiting.length >= maxQueue) throw new PosterWorkersBusy("poster workers busy");
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running += 1;
    return () => {
      running -= 1;
      waiting.shift()?.();
    };
  }

  return {
    async build(channels, options, signal) {
      const release = await slot();
      try {
        return await runWorker({ channels, options }, signal);
      } finally {
        release();
      }
    },
  };
}

function runWorker(
  input: PosterWorkerInput,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = typescriptWorker(workerUrl, { workerData: input });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(signal?.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (message: { zip?: Uint8Array<ArrayBuffer>; error?: string }) =>
      finish(() =>
        message.zip
          ? resolve(message.zip)
          : reject(new Error(`poster worker failed: ${message.error}`)),
      ),
    );
    worker.once("error", (error) => finish(() => reject(error)));
    worker.once("exit", (code) =>
      finish(() => reject(new Error(`poster worker exited with ${code} before answering`))),
    );
  });
}
