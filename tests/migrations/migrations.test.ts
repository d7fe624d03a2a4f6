import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../api/db/create-db.ts";
import { migrateDownToZero, migrateToLatest } from "../../api/db/migrate.ts";
import { availableDbKinds, createTestDb } from "../helpers/test-db.ts";

async function tables(handle: DbHandle): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name`.execute(handle.db);
  return rows.map((r) => r.name);
}

const allTables = [
  "analysis_settings",
  "assessment_settings",
  "audit_log",
  "budget_year",
  "call_attempt",
  "campaign",
  "channel",
  "closed_refusal",
  "district",
  "evidence_file",
  "exclusion",
  "government_score",
  "integrity_settings",
  "interviewer",
  "login_attempt",
  "paper_entry",
  "questionnaire",
  "rate_bucket",
  "response",
  "response_hourly",
  "response_hourly_campaign",
  "response_seal",
  "response_tally",
  "school",
  "school_indicator",
  "setup_token",
  "staff_session",
  "staff_user",
  "veto_entry",
  "visit",
  "visit_page_tally",
  "visit_tally",
];

describe.each(availableDbKinds())("migrations on %s", (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it("go down to zero and up again", async () => {
    expect(await tables(handle)).toEqual(allTables);
    const down = await migrateDownToZero(handle.db);
    expect(down.every((r) => r.status === "Success")).toBe(true);
    expect(await tables(handle)).toEqual([]);
    const up = await migrateToLatest(handle.db);
    expect(up.length).toBeGreaterThan(0);
    expect(await tables(handle)).toEqual(allTables);
  });

  it("are idempotent: a second run applies nothing", async () => {
    expect(await migrateToLatest(handle.db)).toEqual([]);
  });
});
