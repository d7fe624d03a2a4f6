import type { Worker } from "node:worker_threads";
import { typescriptWorker } from "./typescript-worker.ts";
import type { PGliteThreadInput, PGliteThreadReply, PGliteThreadRequest } from "./pglite-worker.ts";

const workerUrl = new URL("./pglite-worker.ts", import.meta.url);

export interface PGliteQueryResult {
  rows: unknown[];
  affectedRows?: number;
}

/** The part of PGlite that kysely-pglite-dialect calls. */
export interface PGliteClient {
  query(sql: string, params?: unknown[]): Promise<PGliteQueryResult>;
  close(): Promise<void>;
}

/**
 * The embedded database in a worker thread of its own. PGlite runs PostgreSQL as
 * WebAssembly, synchronously, on the thread that calls it: in the API's thread every
 * statement stops the server from reading requests, validating and answering while it runs.
 * Here the statements run beside the HTTP work, on the machine's other core.
 *
 * One statement at a time, in the order sent (PGlite has one connection; the dialect
 * already queues transactions behind each other). Errors come back with PostgreSQL's
 * fields (code, detail, constraint …) so callers see what in-process PGlite would throw.
 */
export class PGliteThread implements PGliteClient {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    { resolve: (r: PGliteQueryResult) => void; reject: (e: unknown) => void }
  >();
  #next = 1;
  #closed: Promise<void> | undefined;
  #failure: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (reply: PGliteThreadReply) => this.#settle(reply));
    worker.on("error", (error) =>
      this.#fail(threadGone(`the PGlite thread failed: ${error.message}`)),
    );
    worker.on("exit", (code) => this.#fail(threadGone(`the PGlite thread exited (${code})`)));
  }

  /** Opens the database (`dataDir` undefined: in memory; `loadDataDir`: a dumpDataDir tarball). */
  static async create(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGliteThread> {
    const input: PGliteThreadInput = {
      dataDir,
      loadDataDir: loadDataDir ? new Uint8Array(await loadDataDir.arrayBuffer()) : undefined,
    };
    const worker = typescriptWorker(workerUrl, { workerData: input });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: PGliteThreadReply) => {
        if (reply.id !== 0) return;
        cleanup();
        if (reply.ok) resolve();
        else reject(rebuildError(reply.error));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`the PGlite thread exited (${code}) before opening the database`));
      };
      const cleanup = () => {
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      worker.on("message", onMessage);
      worker.once("error", onError);
      worker.once("exit", onExit);
    });
    return new PGliteThread(worker);
  }

  query(sql: string, params: unknown[] = []): Promise<PGliteQueryResult> {
    if (this.#closed) return Promise.reject(new Error("the PGlite thread is closed"));
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const request: PGliteThreadRequest = { id, sql, params };
      this.#worker.postMessage(request);
    });
  }

  /** Closes the database (its files are complete on disk), then ends the thread. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      if (!this.#failure) {
        const request: PGliteThreadRequest = { id: this.#next++, close: true };
        await new Promise<void>((resolve, reject) => {
          this.#pending.set(request.id, { resolve: () => resolve(), reject });
          this.#worker.postMessage(request);
        });
      }
      await this.#worker.terminate();
    })();
    return this.#closed;
  }

  #settle(reply: PGliteThreadReply): void {
    const waiting = this.#pending.get(reply.id);
    if (!waiting) return;
    this.#pending.delete(reply.id);
    if (reply.ok) waiting.resolve({ rows: reply.rows, affectedRows: reply.affectedRows });
    else waiting.reject(rebuildError(reply.error));
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}

/**
 * The database is gone with its thread: every statement fails with this from then on, which
 * the API answers 503 (db/unavailable.ts) and /api/health reports, until the process restarts.
 */
function threadGone(message: string): Error {
  return Object.assign(new Error(message), { code: "PGLITE_THREAD_GONE" });
}

/** An Error again, with the fields PostgreSQL gave (code, detail, constraint, …). */
function rebuildError(fields: Record<string, unknown>): Error {
  const error = new Error(typeof fields.message === "string" ? fields.message : "PGlite error");
  if (typeof fields.name === "string") error.name = fields.name;
  for (const [key, value] of Object.entries(fields)) {
    if (key !== "message" && key !== "name" && key !== "stack") {
      (error as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return error;
}
