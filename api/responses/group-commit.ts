import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { isDatabaseUnavailable } from "../db/unavailable.ts";
import { type BatchItem, type BatchOutcome, storeResponseBatch } from "./batch-repository.ts";

/**
 * Group commit of submissions: concurrent submissions wait together and are
 * stored by one statement (batch-repository.ts), and each is answered only after that
 * statement has committed, so an acknowledgement still means "on disk".
 *
 * No timer: the queue leaves at the end of the event-loop turn in which a submission
 * joined it (setImmediate, after the turn's network reads), so every request read in the
 * same turn goes in one statement; those arriving while a batch is in flight queue up and
 * leave together as soon as it has committed. Under load batches grow by themselves, up
 * to `maxBatch`. Waiting for the end of the turn matters most on PGlite: its queries ran
 * synchronously on this thread, so a batch sent the moment a submission arrived held the
 * loop before the next request could even be read, and every batch was a batch of one
 * (201 submissions/s against 1,043/s measured, bench/).
 *
 * One batch in flight by default, on PostgreSQL too: concurrent batches of one process
 * share the tally cells and the links' rate windows, so each waited on the row locks of
 * the one before it until its commit, and ran one at a time anyway, only smaller (12 rows
 * a batch with 4 in flight against 32 with 1; 2,500 against 3,300 submissions/s on the
 * bench's PostgreSQL). Most of a small batch's cost is the statement's own: the database
 * spent ~1.3 ms of CPU on a batch of one, ~0.22 ms a row in batches of 13 and ~0.11 ms in
 * batches of 50, so big batches are what make the database side cheap.
 *
 * A batch that fails as a whole (one bad row, a serialisation error) is written again one
 * submission at a time, so each gets its own outcome and one bad row costs no one else.
 * A database that is down or too slow fails the whole batch at once (the route's 503 with
 * Retry-After), without trying each submission again, and with it every submission queued
 * behind it.
 */
export interface GroupCommitOptions {
  /**
   * Submissions per statement; default 200. The rows travel as one array per column, so the
   * statement's parameters do not grow with the batch.
   */
  readonly maxBatch?: number;
  /** Statements in flight at once; default 1 (see above). */
  readonly maxInFlight?: number;
}

interface Waiting {
  readonly item: BatchItem;
  readonly resolve: (outcome: BatchOutcome) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit {
  readonly #db: Kysely<Database>;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  #queue: Waiting[] = [];
  #inFlight = 0;
  #scheduled = false;
  #batches = 0;

  constructor(db: Kysely<Database>, options: GroupCommitOptions = {}) {
    this.#db = db;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 200);
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  /** Batches written so far (a batch retried one by one counts once). */
  get batchesWritten(): number {
    return this.#batches;
  }

  /** Stores one submission with the others waiting now; settles after the commit. */
  store(item: BatchItem): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#pump();
        });
      }
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight += 1;
      void this.#write(batch).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
      });
    }
  }

  async #write(batch: Waiting[]): Promise<void> {
    this.#batches += 1;
    try {
      const outcomes = await storeResponseBatch(
        this.#db,
        batch.map((w) => w.item),
      );
      batch.forEach((w, k) => w.resolve(outcomes[k]!));
    } catch (error) {
      // A database that is down or too slow would fail each one again, one timeout after
      // another: fail them all at once (503), their clients retry. So too those queued
      // behind the batch meanwhile: each would wait a timeout of its own for the same answer.
      if (isDatabaseUnavailable(error)) {
        for (const waiting of [...batch, ...this.#queue.splice(0)]) waiting.reject(error);
        return;
      }
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One at a time: each its own outcome or error.
      for (const waiting of batch) {
        try {
          const [outcome] = await storeResponseBatch(this.#db, [waiting.item]);
          waiting.resolve(outcome!);
        } catch (single) {
          waiting.reject(single);
        }
      }
    }
  }
}
