import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import { type Kysely, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { recordAudit } from "../../../api/staff/audit.ts";
import { testConfig } from "../../../api/config.ts";
import { type DbHandle, createPgliteDb } from "../../../api/db/create-db.ts";
import type { Database } from "../../../api/db/database.ts";
import { createMigrator, migrateToLatest } from "../../../api/db/migrate.ts";
import { excludeResponses } from "../../../api/integrity/exclusion-workflow.ts";
import { verifyIntegrity } from "../../../api/integrity/verify-integrity.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { signedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Runs `npm run audit:verify` (its script, as npm would) against a database. */
function auditVerify(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/audit-verify.ts"],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", DEMO: "0", ...env },
        timeout: 90_000,
      },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 99) : 0;
        resolve({ code: typeof code === "number" ? code : 99, out: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * Tampering as an intruder with database access would: the append-only
 * triggers switched off for the session (`session_replication_role =
 * replica`, which also silences the seal and chain triggers), then a row
 * changed or removed. The edit is undone afterwards, to show the check
 * follows the content and nothing else.
 */
async function tamper(db: Kysely<Database>, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });
}

async function activity(app: Hono, db: Kysely<Database>, seeded: SeededCampaign) {
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const id = randomUUID();
    const res = await put(
      app,
      id,
      submissionBody(seeded.tokens.schoolChannel, validSocialAnswers({ comment: `第${i}条` })),
    );
    expect(res.status).toBe(200);
    ids.push(id);
  }
  await signedIn(app, db, { username: `auditor-${randomUUID().slice(0, 6)}`, role: "admin" });
  const exclusion = await excludeResponses(
    {
      db,
      campaignId: seeded.campaignId,
      actor: { userId: null, label: "test" },
      ipHash: null,
    },
    { responseIds: ids.slice(0, 2) },
    "测试排除",
  );
  return { ids, exclusion };
}

describe.each(availableDbKinds())("tamper evidence on %s", (kind) => {
  const ctx = useSeededApp(kind);
  const { seeded } = ctx;
  let ids: string[];
  let exclusionId: number;

  beforeAll(async () => {
    const done = await activity(ctx.app, ctx.db, seeded);
    ids = done.ids;
    exclusionId = done.exclusion.id;
  });

  it("a database as the app wrote it verifies: the triggers and the verifier agree", async () => {
    const report = await verifyIntegrity(ctx.db);
    expect(report.checks.map((c) => [c.table, c.broken])).toEqual([
      ["audit_log", 0],
      ["exclusion", 0],
      ["response", 0],
    ]);
    expect(report.ok).toBe(true);
    const audit = report.checks[0];
    expect(audit?.checked).toBeGreaterThanOrEqual(3);
    expect(audit?.head).toMatch(/^[0-9a-f]{64}$/);
    expect(report.checks[2]?.checked).toBe(6);
  });

  it("an edited answer is named: table, id, expected and found", async () => {
    const id = ids[3] as string;
    const original = await ctx.db
      .selectFrom("response")
      .select("answers")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    await tamper(
      ctx.db,
      sql`update response set answers = jsonb_set(answers, '{sat_overall}', '"dissatisfied"')
          where id = ${id}`,
    );
    const report = await verifyIntegrity(ctx.db);
    expect(report.ok).toBe(false);
    const check = report.checks.find((c) => c.table === "response");
    expect(check?.broken).toBe(1);
    expect(check?.first).toMatchObject({ table: "response", id, field: "seal" });
    expect(check?.first?.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(check?.first?.found).toMatch(/^[0-9a-f]{64}$/);
    expect(check?.first?.expected).not.toBe(check?.first?.found);

    await tamper(
      ctx.db,
      sql`update response set answers = ${JSON.stringify(original.answers)}::jsonb
          where id = ${id}`,
    );
    expect((await verifyIntegrity(ctx.db)).ok).toBe(true);
  });

  it("an edited or removed audit entry breaks the chain at that entry", async () => {
    const rows = await ctx.db
      .selectFrom("audit_log")
      .select(["id", "action"])
      .orderBy("id")
      .execute();
    const target = rows[1];
    if (!target) throw new Error("too few audit rows");
    await tamper(
      ctx.db,
      sql`update audit_log set action = 'nothing.happened' where id = ${target.id}`,
    );
    let report = await verifyIntegrity(ctx.db);
    expect(report.checks[0]?.first).toMatchObject({
      table: "audit_log",
      id: String(target.id),
      field: "hash",
    });
    await tamper(
      ctx.db,
      sql`update audit_log set action = ${target.action} where id = ${target.id}`,
    );
    expect((await verifyIntegrity(ctx.db)).ok).toBe(true);

    // Removing an entry: the next one no longer links to its predecessor.
    const removed = await ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("id", "=", target.id)
      .executeTakeFirstOrThrow();
    await tamper(ctx.db, sql`delete from audit_log where id = ${target.id}`);
    report = await verifyIntegrity(ctx.db);
    expect(report.checks[0]?.first).toMatchObject({
      table: "audit_log",
      id: String(rows[2]?.id),
      field: "prev_hash",
      expected: removed.prev_hash,
      found: removed.hash,
    });
    await tamper(
      ctx.db,
      sql`insert into audit_log (id, at, actor_user_id, actor_label, action, target, details,
            ip_hash, prev_hash, hash)
          values (${removed.id}, ${removed.at}, ${removed.actor_user_id}, ${removed.actor_label},
            ${removed.action}, ${removed.target}, ${JSON.stringify(removed.details)}::jsonb,
            ${removed.ip_hash}, ${removed.prev_hash}, ${removed.hash})`,
    );
    expect((await verifyIntegrity(ctx.db)).ok).toBe(true);
  });

  it("an edited exclusion record and a deleted response are named", async () => {
    await tamper(ctx.db, sql`update exclusion set reason = '无' where id = ${exclusionId}`);
    let report = await verifyIntegrity(ctx.db);
    expect(report.checks[1]?.first).toMatchObject({
      table: "exclusion",
      id: String(exclusionId),
      field: "hash",
    });
    await tamper(ctx.db, sql`update exclusion set reason = '测试排除' where id = ${exclusionId}`);

    const gone = ids[5] as string;
    await tamper(ctx.db, sql`delete from response where id = ${gone}`);
    report = await verifyIntegrity(ctx.db);
    expect(report.checks[2]?.first).toMatchObject({
      table: "response",
      id: gone,
      field: "orphan_seal",
    });
    expect(report.checks[1]?.broken).toBe(0);
  });

  it("the append-only triggers still refuse an ordinary session", async () => {
    await expect(sql`update audit_log set action = 'x'`.execute(ctx.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from response_seal`.execute(ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`update response_seal set seal = 'x'`.execute(ctx.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it("concurrent audit writers never fork the chain", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordAudit(ctx.db, {
          actor: { label: "load" },
          action: "test.concurrent",
          details: { i },
        }),
      ),
    );
    const chain = await ctx.db
      .selectFrom("audit_log")
      .select(["prev_hash", "hash"])
      .where("action", "=", "test.concurrent")
      .orderBy("id")
      .execute();
    expect(chain).toHaveLength(40);
    for (let i = 1; i < chain.length; i++) expect(chain[i]?.prev_hash).toBe(chain[i - 1]?.hash);
    const audit = (await verifyIntegrity(ctx.db)).checks[0];
    expect(audit?.broken).toBe(0);
  });

  it("rows written before the migration get their chain from it", async () => {
    const fresh = await createTestDb(kind);
    try {
      const migrator = createMigrator(fresh.db);
      const down = await migrator.migrateTo("0005_campaign_plan");
      expect(down.error).toBeUndefined();
      for (const action of ["a.one", "a.two", "a.three"]) {
        await sql`insert into audit_log (actor_label, action) values ('old', ${action})`.execute(
          fresh.db,
        );
      }
      await migrateToLatest(fresh.db);
      const rows = await fresh.db
        .selectFrom("audit_log")
        .select(["action", "prev_hash", "hash"])
        .orderBy("id")
        .execute();
      expect(rows.map((r) => r.action)).toEqual(["a.one", "a.two", "a.three"]);
      expect(rows[0]?.prev_hash).toBe("0".repeat(64));
      expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
      await recordAudit(fresh.db, { actor: { label: "new" }, action: "a.four" });
      const report = await verifyIntegrity(fresh.db);
      expect(report.ok).toBe(true);
      expect(report.checks[0]?.checked).toBe(4);
    } finally {
      await fresh.close();
    }
  });
});

describe("npm run audit:verify", () => {
  it.each(availableDbKinds())(
    "exits 0 on an intact %s database and 1 naming the first broken link",
    async (kind) => {
      let dir: string | undefined;
      let handle: DbHandle;
      let env: Record<string, string>;
      if (kind === "postgres") {
        handle = await createTestDb("postgres");
        env = { DATABASE_URL: handle.url as string };
      } else {
        dir = mkdtempSync(path.join(tmpdir(), "junheng-verify-"));
        handle = await createPgliteDb(path.join(dir, "pglite"));
        await migrateToLatest(handle.db);
        env = { DATA_DIR: dir };
      }
      try {
        const app = createApp({ db: handle.db, dbKind: handle.kind, config: testConfig() });
        const seeded = await seedCampaign(handle.db);
        const { ids } = await activity(app, handle.db, seeded);
        // PGlite's data directory belongs to one process: release it for the script.
        if (kind === "pglite") await handle.close();
        const clean = await auditVerify(env);
        expect(clean.out).toContain("integrity verified");
        expect(clean.code).toBe(0);

        if (kind === "pglite") handle = await createPgliteDb(path.join(dir as string, "pglite"));
        await tamper(
          handle.db,
          sql`update response set answers = answers || '{"comment": "改过"}' where id = ${ids[0]}`,
        );
        if (kind === "pglite") await handle.close();
        const broken = await auditVerify(env);
        expect(broken.code).toBe(1);
        expect(broken.out).toMatch(
          new RegExp(
            `BROKEN +response: 1 of 6 row\\(s\\); first broken link: response id ${ids[0]}, seal: expected [0-9a-f]{64}, found [0-9a-f]{64}`,
          ),
        );
        expect(broken.out).toContain("INTEGRITY CHECK FAILED");
      } finally {
        if (kind === "postgres") await handle.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
