import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import {
  type GradeAnswerCount,
  countGradeAnswers,
  studentSnapshot,
} from "./grade-count-repository.ts";

/**
 * Students' grade answers for the dashboard's grade-band quotas, without reading every student's
 * answers on every poll. No tally holds grades (a grade is an answer, not a column), so the
 * counts of the responses received before a boundary (the settled part) are kept per campaign
 * and each read counts only what arrived since, through the (campaign_id, received_at, id) index:
 * in steady state a poll reads the last `settleMs` of arrivals, whatever the campaign's size.
 * The first read after a start counts the campaign's students once (a scan; under a second at a
 * million responses).
 *
 * Correct whatever the clocks do, as the report's cell cache is: one REPEATABLE READ snapshot per
 * read; the boundary trails the database clock by `settleMs`, so a transaction that took its
 * received_at before the boundary but commits after it lies in the part counted afresh; and the
 * kept and new counts must add up to the students in the response tallies (kept by triggers in
 * the inserting transaction), else everything is counted again (a late commit, a purge).
 *
 * Each API process keeps its own; reads of one campaign run one after another.
 */
export interface GradeCountOptions {
  /** How far the settled part trails the database clock; default 60 s. */
  readonly settleMs?: number;
  /** Campaigns kept; the least recently read go first. Default 1,000. */
  readonly maxCampaigns?: number;
}

/** How a read was served (tests). */
export type GradeCountSource = "full" | "incremental" | "uncached";

interface Settled {
  boundary: Date;
  counts: Map<string | null, number>;
  rows: number;
}

const rowsOf = (counts: readonly GradeAnswerCount[]) =>
  counts.reduce((total, c) => total + c.responses, 0);

function merged(
  into: ReadonlyMap<string | null, number>,
  add: readonly GradeAnswerCount[],
): Map<string | null, number> {
  const out = new Map(into);
  for (const { answer, responses } of add) out.set(answer, (out.get(answer) ?? 0) + responses);
  return out;
}

const asList = (counts: ReadonlyMap<string | null, number>): GradeAnswerCount[] =>
  [...counts].map(([answer, responses]) => ({ answer, responses }));

export class StudentGradeCounts {
  readonly #settleMs: number;
  readonly #maxCampaigns: number;
  readonly #settled = new Map<number, Settled>();
  readonly #queues = new Map<number, Promise<unknown>>();

  constructor(options: GradeCountOptions = {}) {
    this.#settleMs = options.settleMs ?? 60_000;
    this.#maxCampaigns = options.maxCampaigns ?? 1000;
  }

  /** The campaign's students per grade answer now. */
  read(
    db: Kysely<Database>,
    campaignId: number,
  ): Promise<{ counts: GradeAnswerCount[]; source: GradeCountSource }> {
    const previous = this.#queues.get(campaignId) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.#count(db, campaignId));
    const queued = run.finally(() => {
      if (this.#queues.get(campaignId) === queued) this.#queues.delete(campaignId);
    });
    this.#queues.set(campaignId, queued);
    return run;
  }

  #count(
    db: Kysely<Database>,
    campaignId: number,
  ): Promise<{ counts: GradeAnswerCount[]; source: GradeCountSource }> {
    return db
      .transaction()
      .setIsolationLevel("repeatable read")
      .execute(async (trx) => {
        const now = await studentSnapshot(trx, campaignId, this.#settleMs);
        const fresh = await countGradeAnswers(trx, campaignId, {
          from: now.boundary,
          before: null,
        });
        const freshRows = rowsOf(fresh);

        const kept = this.#settled.get(campaignId);
        if (kept && kept.boundary.getTime() <= now.boundary.getTime()) {
          const added =
            kept.boundary.getTime() === now.boundary.getTime()
              ? []
              : await countGradeAnswers(trx, campaignId, {
                  from: kept.boundary,
                  before: now.boundary,
                });
          const rows = kept.rows + rowsOf(added);
          if (rows + freshRows === now.students) {
            const counts = merged(kept.counts, added);
            this.#keep(campaignId, { boundary: now.boundary, counts, rows });
            return { counts: asList(merged(counts, fresh)), source: "incremental" as const };
          }
        }

        const settled = await countGradeAnswers(trx, campaignId, {
          from: null,
          before: now.boundary,
        });
        const rows = rowsOf(settled);
        const counts = merged(new Map(), settled);
        // Counts that disagree with the tallies (a purge meanwhile): right for this snapshot,
        // not worth keeping.
        const consistent = rows + freshRows === now.students;
        if (consistent) this.#keep(campaignId, { boundary: now.boundary, counts, rows });
        else this.#settled.delete(campaignId);
        return {
          counts: asList(merged(counts, fresh)),
          source: consistent ? ("full" as const) : ("uncached" as const),
        };
      });
  }

  #keep(campaignId: number, entry: Settled): void {
    // Re-inserted last: a Map iterates in insertion order, so the first key is the least recent.
    this.#settled.delete(campaignId);
    this.#settled.set(campaignId, entry);
    while (this.#settled.size > this.#maxCampaigns) {
      const oldest = this.#settled.keys().next().value;
      if (oldest === undefined) break;
      this.#settled.delete(oldest);
    }
  }
}
