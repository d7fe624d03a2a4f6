import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirInUseError } from "../../../api/db/data-dir-lock.ts";
import { createPgliteDb } from "../../../api/db/create-db.ts";

describe("one PGlite data folder, one process", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "junheng-lock-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a second opener while the first holds it, and allows it after close", async () => {
    const first = await createPgliteDb(dir);
    await expect(createPgliteDb(dir)).rejects.toThrow(DataDirInUseError);
    await first.close();
    const second = await createPgliteDb(dir);
    await second.close();
  });

  it("takes over a claim left by a process that crashed", async () => {
    const dead = spawnSync(process.execPath, [
      "-e",
      "process.stdout.write(String(process.pid))",
    ]).stdout.toString();
    writeFileSync(path.join(dir, "junheng.pid"), dead);
    const handle = await createPgliteDb(dir);
    await handle.close();
  });
});
