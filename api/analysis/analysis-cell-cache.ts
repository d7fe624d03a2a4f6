import type { Kysely } from "kysely";
import { mergeCellLists } from "../../analysis/merge-cells.ts";
import type { Database } from "../db/database.ts";
import {
  type CellQuery,
  type CountedCells,
  countedCells,
  countedRows,
} from "./cell-count-repository.ts";
import { cellsSnapshot } from "./cell-snapshot-repository.ts";
import { mergeVersionRows } from "./version-counts.ts";

/**
 * The report's cells without recounting a million responses on every request: the cells of
 * the responses received before a boundary (the settled part) are kept per campaign, and
 * each request counts only what arrived since, by the (campaign_id, received_at, id) index,
 * and merges (analysis/merge-cells.ts: exact, cells are sufficient statistics). A full count
 * at 1,000,000 responses takes seconds; the increments take milliseconds.
 *
 * Correct whatever the clocks do. The passes of one request and its checks run in one
 * REPEATABLE READ snapshot. The boundary trails the database clock by `settleMs`, so a
 * transaction that took its received_at before the boundary but commits after it is still
 * counted (it lies in the part counted afresh each time). And before the settled part is
 * reused, the responses it and the new passes hold must add up to the campaign's total in
 * the response tallies (migration 0003, kept by triggers in the inserting transaction): a
 * response stored late with an old received_at, or the retention purge, breaks the sum and
 * forces a full count. The settled part is also dropped when the settings or the
 * questionnaires' options change (the cache key) or any exclusion is decided (its mark).
 *
 * The cache is a cache: each API process keeps its own and nothing depends on it being
 * shared. Requests for one campaign run one after another, so concurrent first requests
 * count once. Memory is bounded by `maxCells` (the least recently used campaigns go first).
 */
export interface CellCacheOptions {
  /** How far the settled part trails the database clock; default 10 minutes. */
  readonly settleMs?: number;
  /** Cells kept over all campaigns; default 300,000 (about 1,000,000 responses' worth ×6). */
  readonly maxCells?: number;
}

/** How a request's cells were obtained (benchmarks and tests). */
export type CellSource = "full" | "incremental" | "uncached";

interface Settled {
  readonly key: string;
  readonly mark: string;
  readonly boundary: Date;
  readonly counted: CountedCells;
  readonly rows: number;
  lastUsed: number;
}

interface Snapshot {
  boundary: Date;
  total: number;
  /** Exclusion records (count and latest id): any decision changes it. */
  mark: string;
  exclusions: number;
}

export class AnalysisCellCache {
  readonly #settleMs: number;
  readonly #maxCells: number;
  readonly #settled = new Map<number, Settled>();
  readonly #queues = new Map<number, Promise<unknown>>();
  #uses = 0;

  constructor(options: CellCacheOptions = {}) {
    this.#settleMs = options.settleMs ?? 10 * 60_000;
    this.#maxCells = options.maxCells ?? 300_000;
  }

  /** The campaign's cells now, counting only what the settled part lacks. */
  cells(
    db: Kysely<Database>,
    query: CellQuery,
  ): Promise<CountedCells & { readonly source: CellSource }> {
    const campaignId = query.campaignId;
    const previous = this.#queues.get(campaignId) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.#count(db, query));
    const queued = run.finally(() => {
      if (this.#queues.get(campaignId) === queued) this.#queues.delete(campaignId);
    });
    this.#queues.set(campaignId, queued);
    return run;
  }

  /** Forgets a campaign's settled part (the next request counts in full). */
  forget(campaignId: number): void {
    this.#settled.delete(campaignId);
  }

  async #count(
    db: Kysely<Database>,
    query: CellQuery,
  ): Promise<CountedCells & { source: CellSource }> {
    const key = JSON.stringify([query.config, query.options]);
    return db
      .transaction()
      .setIsolationLevel("repeatable read")
      .execute(async (trx) => {
        const now = await snapshot(trx, query.campaignId, this.#settleMs);
        const pass = (from: Date | null, before: Date | null) =>
          countedCells(trx, {
            ...query,
            receivedFrom: from,
            receivedBefore: before,
            anyExclusion: now.exclusions > 0,
          });
        const fresh = await pass(now.boundary, null);
        const freshRows = countedRows(fresh);

        const kept = this.#settled.get(query.campaignId);
        if (
          kept !== undefined &&
          kept.key === key &&
          kept.mark === now.mark &&
          kept.boundary.getTime() <= now.boundary.getTime()
        ) {
          const added = await pass(kept.boundary, now.boundary);
          const rows = kept.rows + countedRows(added);
          if (rows + freshRows === now.total) {
            const counted = mergeCounted(kept.counted, added);
            this.#keep(query.campaignId, {
              key,
              mark: now.mark,
              boundary: now.boundary,
              counted,
              rows,
            });
            return { ...mergeCounted(counted, fresh), source: "incremental" as const };
          }
        }

        const settled = await pass(null, now.boundary);
        const rows = countedRows(settled);
        // Counts that disagree with the tallies (a purge meanwhile): right for this snapshot,
        // not worth keeping.
        const consistent = rows + freshRows === now.total;
        if (consistent) {
          this.#keep(query.campaignId, {
            key,
            mark: now.mark,
            boundary: now.boundary,
            counted: settled,
            rows,
          });
        } else {
          this.#settled.delete(query.campaignId);
        }
        return { ...mergeCounted(settled, fresh), source: consistent ? "full" : "uncached" };
      });
  }

  #keep(campaignId: number, entry: Omit<Settled, "lastUsed">): void {
    this.#settled.set(campaignId, { ...entry, lastUsed: ++this.#uses });
    let cells = 0;
    for (const kept of this.#settled.values()) cells += cellCount(kept.counted);
    const byAge = [...this.#settled].sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [id, kept] of byAge) {
      if (cells <= this.#maxCells) break;
      this.#settled.delete(id);
      cells -= cellCount(kept.counted);
    }
  }
}

function cellCount(counted: CountedCells): number {
  return counted.included.length + counted.excluded.length;
}

function mergeCounted(a: CountedCells, b: CountedCells): CountedCells {
  if (cellCount(b) === 0) return a;
  return {
    included: mergeCellLists(a.included, b.included),
    excluded: mergeCellLists(a.excluded, b.excluded),
    versions: mergeVersionRows(a.versions, b.versions),
  };
}

async function snapshot(
  trx: Kysely<Database>,
  campaignId: number,
  settleMs: number,
): Promise<Snapshot> {
  const now = await cellsSnapshot(trx, campaignId, settleMs);
  return {
    boundary: now.boundary,
    total: now.total,
    mark: `${now.exclusions}:${now.latestExclusion}`,
    exclusions: now.exclusions,
  };
}
