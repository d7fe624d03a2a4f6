import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import { type DbHandle, createPgliteDb, createPostgresDb } from "../../../api/db/create-db.ts";
import { migrateToLatest } from "../../../api/db/migrate.ts";
import { countResponses } from "../../../api/responses/repository.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";

/**
 * The phone sent its answers, the server stored them, then restarted before the
 * acknowledgement arrived: the retry reaches a new process and must not double.
 */
describe.each(availableDbKinds())(
  "a server restart between a submit and its retry (%s)",
  (kind) => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it("still stores exactly one row", async () => {
      let first: DbHandle;
      let reopen: () => Promise<DbHandle>;
      if (kind === "pglite") {
        const dir = mkdtempSync(path.join(os.tmpdir(), "junheng-restart-"));
        cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
        first = await createPgliteDb(dir);
        await migrateToLatest(first.db);
        reopen = () => createPgliteDb(dir);
      } else {
        first = await createTestDb("postgres");
        const url = first.url as string;
        cleanups.push(() => first.close());
        reopen = async () => createPostgresDb(url);
      }
      const seeded = await seedCampaign(first.db);
      const id = randomUUID();
      const body = submissionBody(seeded.tokens.schoolChannel, validSocialAnswers());
      const before = createApp({ db: first.db, dbKind: kind, config: testConfig() });
      expect((await put(before, id, body)).status).toBe(200);
      if (kind === "pglite") await first.close();

      const second = await reopen();
      cleanups.push(() => second.close());
      const after = createApp({ db: second.db, dbKind: kind, config: testConfig() });
      const retry = await put(after, id, body);
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ id });
      expect(await countResponses(second.db, { id })).toBe(1);
      expect(await countResponses(second.db, { campaignId: seeded.campaignId })).toBe(1);
    });
  },
);
