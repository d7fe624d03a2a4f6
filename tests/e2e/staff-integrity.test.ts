import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import { insertAt } from "../api/integrity/integrity-fixtures.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { type Account, axeViolations, paintedPixels, signIn } from "./staff-steps.ts";

/** Server round trips on a busy 2-core machine: poll for up to 20 s. */
const patient = { timeout: 20_000 };
const desktop = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false };

/**
 * The integrity page in Chromium: an admin sees the counts and a
 * flagged cluster with its evidence, excludes it with a reason, sees the
 * exclusion listed and the figures change, and reverses it; a viewer sees the
 * counts only.
 */
describe.skipIf(!chromiumPath())("the integrity page in a real browser", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let seeded: SeededCampaign;
  const admin: Account = { username: "integrity-admin", password: "pw-integrity-admin-0123" };
  const viewer: Account = { username: "integrity-viewer", password: "pw-integrity-viewer-0123" };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    seeded = await seedCampaign(server.db);
    const t0 = Date.now() - 5 * 3600_000;
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    // 30 ordinary answers over three and a half hours, then three answered in 8 seconds.
    await insertAt(
      server.db,
      seeded,
      Array.from({ length: 30 }, (_, i) => ({ at: at(i * 7), durationSeconds: 150 + i })),
    );
    await insertAt(
      server.db,
      seeded,
      [0, 1, 2].map((i) => ({ at: at(240 + i), schoolIndex: 1, durationSeconds: 8 })),
    );
    await createStaffAccount(server.db, { ...admin, role: "admin" }, { label: "test" });
    await createStaffAccount(
      server.db,
      { ...viewer, role: "viewer", campaignId: seeded.campaignId },
      { label: "test" },
    );
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await chromium?.close();
    await server?.close();
  });

  async function open(options: Parameters<TestBrowser["newPhone"]>[0]): Promise<Page> {
    const context = await chromium.newPhone(options);
    contexts.push(context);
    return context.newPage();
  }

  const totals = async (page: Page) => {
    const values = await page.locator("#integrity-totals dd").allTextContents();
    return values.map((v) => v.trim());
  };
  const clusters = (page: Page) => page.locator("#integrity-clusters > li");
  const exclusionRows = (page: Page) => page.locator("#integrity-exclusions tbody tr");

  it("an admin sees the counts and the cluster, excludes it with a reason and reverses it", async () => {
    const page = await open({ ...desktop, bypassCSP: true });
    await signIn(page, server.url, admin);
    await page.getByRole("navigation").getByRole("link", { name: "数据质量", exact: true }).click();
    await page.waitForURL(`**/staff/campaigns/${seeded.campaignId}/integrity`);
    await page.locator("#integrity-totals").waitFor(patient);
    // Responses, flagged, excluded, refused while closed.
    expect(await totals(page)).toEqual(["33", "3", "0", "0"]);
    const tooFast = page.locator("#integrity-kinds tbody tr", { hasText: "作答过快" });
    await expect(tooFast.locator("td").allTextContents()).resolves.toEqual(["3", "1"]);
    const school1 = seeded.schoolCodes[1] as string;
    const schoolRow = page.locator("#integrity-schools tbody tr", { hasText: school1 });
    await expect(schoolRow.locator("td").allTextContents()).resolves.toEqual(["3", "3", "0"]);
    // Each school's poster link is named with its school: twelve "校门海报" would read alike.
    const channelNames = (await page.locator("#integrity-channels tbody th").allTextContents()).map(
      (name) => name.trim(),
    );
    for (const school of seeded.setup.schools) {
      expect(channelNames).toContain(`${school.name} · 校门海报`);
    }

    // The timeline: drawn by chart.js, its figures in the table beside it, school 0 (busiest) first.
    await expect
      .poll(() => paintedPixels(page, "#chart-integrity-timeline"), patient)
      .toBeGreaterThan(500);
    const bucketCounts = await page
      .locator("#integrity-timeline-table tbody td:nth-of-type(1)")
      .allTextContents();
    expect(bucketCounts.reduce((n, c) => n + Number(c), 0)).toBe(30);

    // The cluster with its evidence.
    await expect(clusters(page).count()).resolves.toBe(1);
    const cluster = clusters(page).first();
    await expect(cluster.textContent()).resolves.toMatch(
      /作答过快[\s\S]*3 份答卷，已排除 0 份[\s\S]*用时（秒）[\s\S]*8/,
    );
    expect(await axeViolations(page)).toEqual([]);

    // Exclude it: the reason is required.
    await cluster.getByRole("button", { name: /排除这一组\s*（作答过快，3 份）/ }).click();
    const reason = cluster.getByLabel("理由（必填，至少 2 个字）");
    await expect(reason.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await cluster.getByRole("button", { name: "确认排除" }).click();
    await expect(cluster.getByRole("alert").textContent()).resolves.toContain("理由");
    expect(await axeViolations(page)).toEqual([]);
    await reason.fill("三份答卷均在 8 秒内完成，经核实为测试提交");
    await cluster.getByRole("button", { name: "确认排除" }).click();

    const status = page.locator("#integrity-status");
    await expect.poll(() => status.textContent(), patient).toMatch(/已排除 3 份答卷（记录 #\d+）/);
    expect(await totals(page)).toEqual(["33", "3", "3", "0"]);
    await expect(clusters(page).first().textContent()).resolves.toContain("整组已排除");
    await expect(exclusionRows(page).count()).resolves.toBe(1);
    const excluded = exclusionRows(page).first();
    await expect(excluded.textContent()).resolves.toMatch(
      /排除 3 份 · 来自：作答过快[\s\S]*经核实为测试提交[\s\S]*integrity-admin[\s\S]*生效中/,
    );

    // Reverse it, again with a reason: a second record, the first marked as reversed.
    await excluded.getByRole("button", { name: /撤销\s*（排除记录 #\d+）/ }).click();
    await page.getByLabel("理由（必填，至少 2 个字）").fill("误判：这三位家长确实答得很快");
    await page.getByRole("button", { name: "确认撤销" }).click();
    await expect.poll(() => status.textContent(), patient).toMatch(/已撤销排除记录 #\d+/);
    expect(await totals(page)).toEqual(["33", "3", "0", "0"]);
    await expect(exclusionRows(page).count()).resolves.toBe(2);
    const texts = await exclusionRows(page).allTextContents();
    expect(texts[0]).toMatch(/撤销 #\d+[\s\S]*误判/);
    expect(texts[1]).toMatch(/已被 #\d+ 撤销/);
    await expect(
      clusters(page)
        .first()
        .getByRole("button", { name: /排除这一组\s*（作答过快，3 份）/ })
        .count(),
    ).resolves.toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // Both decisions are records in the database; nothing was deleted.
    const records = await server.db
      .selectFrom("exclusion")
      .select(["kind", "reason"])
      .orderBy("id")
      .execute();
    expect(records.map((r) => r.kind)).toEqual(["exclude", "reverse"]);
  });

  it("a viewer, on a phone, sees the counts only and nothing that changes data", async () => {
    const page = await open({ bypassCSP: true });
    await signIn(page, server.url, viewer);
    await page.goto(`${server.url}/staff/campaigns/${seeded.campaignId}/integrity`);
    await page.locator("#integrity-totals").waitFor(patient);
    await expect(page.locator(".jh-alert").first().textContent()).resolves.toContain(
      "只能查看计数",
    );
    expect((await totals(page))[0]).toBe("33");
    await expect(page.locator("#integrity-clusters").count()).resolves.toBe(0);
    await expect(page.locator("#integrity-exclusions").count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: /排除|撤销/ }).count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // The same page in English.
    await page.locator("#lang-switch").click();
    await page.locator("#page-title").filter({ hasText: "Data integrity" }).waitFor(patient);
    await expect(
      page.getByRole("navigation").getByRole("link", { name: "Data integrity" }).count(),
    ).resolves.toBe(1);
    await expect(page.locator("#integrity-kinds").textContent()).resolves.toContain("Too fast");
  });
});
