import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { type ChannelContext, findChannelContext } from "../channels/index.ts";

/**
 * The submission path's link lookups, kept for a moment: in an evening rush every
 * submission names one of a few hundred links, and the lookup was the one query each
 * submission made on its own (group-commit.ts shares the rest). Opening and closing
 * times are in the kept context and are checked against each request's clock, so they
 * apply to the second; an edit by staff (closing a campaign early, a new preset) reaches
 * submissions within `ttlMs` (0: every lookup queries). Unknown links are never kept: one
 * may be created a moment later. Each API process keeps its own; nothing depends on it being shared.
 */
export class ChannelContextCache {
  readonly #db: Kysely<Database>;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #kept = new Map<
    string,
    { context: Promise<ChannelContext | undefined>; until: number }
  >();

  constructor(db: Kysely<Database>, options: { ttlMs?: number; max?: number } = {}) {
    this.#db = db;
    this.#ttlMs = options.ttlMs ?? 2000;
    this.#max = options.max ?? 10_000;
  }

  get(token: string, now = Date.now()): Promise<ChannelContext | undefined> {
    if (this.#ttlMs === 0) return findChannelContext(this.#db, token);
    const kept = this.#kept.get(token);
    if (kept !== undefined && kept.until > now) return kept.context;
    const context = findChannelContext(this.#db, token);
    if (this.#kept.size >= this.#max) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(token, { context, until: now + this.#ttlMs });
    context.then(
      (found) => {
        if (found === undefined) this.#kept.delete(token);
      },
      () => this.#kept.delete(token),
    );
    return context;
  }
}
