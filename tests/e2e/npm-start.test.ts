import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgliteDb } from "../../api/db/create-db.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type ServerProcess, startServerProcess } from "../helpers/server-process.ts";
import {
  answerIntroAsParent,
  answerToLastPage,
  pageTitle,
  seeText,
  tapButton,
} from "./respondent-steps.ts";

/**
 * The newcomer's path: the real entry point on a fresh PGlite folder creates
 * the demo and prints its links; a phone opens a printed link, answers and
 * submits; after the server stops, the database holds exactly that one row.
 */
describe.skipIf(!chromiumPath())("npm start on a fresh machine", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "junheng-start-"));
  let server: ServerProcess;
  let chromium: TestBrowser;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([
      startServerProcess({ DATA_DIR: dataDir, DEMO: "1" }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the staff home and one survey link per demo channel", async () => {
    expect(server.staffUrl).toMatch(/^http:\/\/localhost:\d+\/staff\/$/);
    expect(server.surveyUrls.length).toBeGreaterThanOrEqual(12);
    // The demo admin exists, so there is no first-run setup link.
    expect(server.lines.some((l) => l.startsWith("setup:"))).toBe(false);
    for (const url of server.surveyUrls)
      expect(url).toMatch(/^http:\/\/localhost:\d+\/s\/[\w-]{16}$/);
    const health = await fetch(new URL("/api/health", server.staffUrl));
    expect(await health.json()).toEqual({ status: "ok", db: "pglite" });
    const home = await (await fetch(new URL("/", server.staffUrl))).text();
    expect(home).toContain(new URL(server.surveyUrls[0] as string).pathname);
  });

  it("a phone answers through a printed link and exactly one row is stored", async () => {
    const context = await chromium.newPhone();
    const page = await context.newPage();
    const putIds: string[] = [];
    page.on("request", (request) => {
      // Only submissions: the page also reports funnel stages with PUT /api/visits/:id.
      if (
        request.method() === "PUT" &&
        new URL(request.url()).pathname.startsWith("/api/responses/")
      )
        putIds.push(new URL(request.url()).pathname.split("/").pop() as string);
    });
    await page.goto(server.surveyUrls[0] as string);
    await pageTitle(page).first().waitFor();
    await answerIntroAsParent(page);
    await answerToLastPage(page);
    await tapButton(page, "提交");
    await seeText(page, "提交成功，感谢您的参与");
    await context.close();

    expect(new Set(putIds).size).toBe(1);
    const id = putIds[0] as string;
    expect(await server.stop()).toBe(0);

    const db = await createPgliteDb(path.join(dataDir, "pglite"));
    try {
      const rows = await db.db
        .selectFrom("response as r")
        .innerJoin("campaign as c", "c.id", "r.campaign_id")
        .select(["r.id", "r.respondent_group", "r.browser_family", "r.ip_hash", "c.is_demo"])
        .where("r.id", "=", id)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ respondent_group: "parent", is_demo: true });
      // The address is kept only as a keyed hash.
      expect(rows[0]?.ip_hash).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await db.close();
    }
  });
});
