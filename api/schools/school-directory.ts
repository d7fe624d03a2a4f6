import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { listSchoolChoices } from "./repository.ts";

/** A campaign's schools by code, and the codes alone (the validator's choice list). */
export interface SchoolCodes {
  ids: ReadonlyMap<string, number>;
  codes: ReadonlySet<string>;
}

interface Entry extends SchoolCodes {
  loadedAt: number;
}

/**
 * School codes per campaign, cached briefly: every submission from a district
 * link names a school, and the list changes only when staff edit it.
 * The short TTL bounds staleness when several API processes run.
 */
export class SchoolDirectory {
  private readonly entries = new Map<number, Entry>();
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 30_000,
  ) {}

  async codes(campaignId: number, now = Date.now()): Promise<SchoolCodes> {
    const cached = this.entries.get(campaignId);
    if (cached && now - cached.loadedAt < this.ttlMs) return cached;
    const schools = await listSchoolChoices(this.db, campaignId);
    const ids = new Map(schools.map((s) => [s.code, s.id]));
    const entry = { ids, codes: new Set(ids.keys()), loadedAt: now };
    this.entries.set(campaignId, entry);
    return entry;
  }

  invalidate(campaignId: number): void {
    this.entries.delete(campaignId);
  }
}
