import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { listSchoolChoices } from "../repositories/schools.ts";

interface Entry {
  codes: ReadonlyMap<string, number>;
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

  async codes(campaignId: number, now = Date.now()): Promise<ReadonlyMap<string, number>> {
    const cached = this.entries.get(campaignId);
    if (cached && now - cached.loadedAt < this.ttlMs) return cached.codes;
    const schools = await listSchoolChoices(this.db, campaignId);
    const codes = new Map(schools.map((s) => [s.code, s.id]));
    this.entries.set(campaignId, { codes, loadedAt: now });
    return codes;
  }

  invalidate(campaignId: number): void {
    this.entries.delete(campaignId);
  }
}
