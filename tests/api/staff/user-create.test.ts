import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import { openDatabase } from "../../../api/db/open-db.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const password = "first admin passphrase";

/** Runs `npm run user:create -- …` (the same script, without npm) on a PGlite folder. */
function userCreate(dataDir: string, args: string[]) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/user-create.ts", ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, stdout, stderr })),
  );
}

describe("npm run user:create", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "junheng-user-create-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("refuses bad arguments with a clear message", async () => {
    // These stop before opening the database, so they may run side by side.
    const [missing, role, unknown] = await Promise.all([
      userCreate(dataDir, ["--role", "admin", "--username", "chen"]),
      userCreate(dataDir, ["--role", "root", "--username", "chen", "--password", password]),
      userCreate(dataDir, ["--rol", "admin"]),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--password are required/);
    expect(missing.stderr).toMatch(/usage: npm run user:create/);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role must be one of admin, school, publicity, viewer/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--rol'/);
    const short = await userCreate(dataDir, [
      "--role",
      "admin",
      "--username",
      "chen",
      "--password",
      "short",
    ]);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    const school = await userCreate(dataDir, [
      "--role",
      "school",
      "--username",
      "li",
      "--password",
      password,
      "--school",
      "NOPE",
    ]);
    expect(school.code).toBe(1);
    expect(school.stderr).toMatch(/A school account needs a district/);
  });

  it("creates the first admin, who can then log in; the password is never printed", async () => {
    const run = await userCreate(dataDir, [
      "--role",
      "admin",
      "--username",
      "chen",
      "--password",
      password,
      "--display-name",
      "陈老师",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/created admin account "chen" \(id \d+\)/);
    expect(run.stdout + run.stderr).not.toContain(password);

    const again = await userCreate(dataDir, [
      "--role",
      "admin",
      "--username",
      "CHEN",
      "--password",
      password,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already taken/);
    expect(again.stdout + again.stderr).not.toContain(password);

    // One PGlite folder belongs to one process: the CLI has exited, now open it here.
    const config = testConfig({ dataDir, databaseUrl: undefined });
    const handle = await openDatabase(config);
    try {
      const app = createApp({ db: handle.db, dbKind: handle.kind, config });
      const res = await app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "chen", password }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        user: { username: "chen", role: "admin", displayName: "陈老师" },
      });
      const created = await handle.db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "user.create")
        .execute();
      expect(created).toHaveLength(1);
      expect(created[0]?.actor_label).toBe("cli");
    } finally {
      await handle.close();
    }
  });
});
