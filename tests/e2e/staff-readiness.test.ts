import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic2012 } from "../../analysis/assessment/index.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { type StaffDemo, axeViolations, seedStaffDemo, signIn } from "./staff-steps.ts";

/** Server round trips on a busy 2-core machine: poll for up to 20 s. */
const patient = { timeout: 20_000 };
const desktop = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false };

/** The demo's scheme (basic_2012): three conditions of its own, then its eight vetoes. */
const criteria = [
  "government_score",
  "balance:primary",
  "balance:junior",
  ...Object.keys(basic2012.vetoes).map((id) => `veto:${id}`),
];

/**
 * The readiness page in Chromium: the demo district's every criterion with a
 * status, the CV tables per level, printable; admin and viewer only.
 */
describe.skipIf(!chromiumPath())("the readiness page in a real browser", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let demo: StaffDemo;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    demo = await seedStaffDemo(server.db);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await chromium?.close();
    await server?.close();
  });

  async function open(): Promise<Page> {
    const context = await chromium.newPhone({ ...desktop, bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  }

  const rows = (page: Page) => page.locator("#readiness-criteria tbody tr");

  it("shows an admin every criterion of the demo district with a status, and the CVs per level", async () => {
    const page = await open();
    await signIn(page, server.url, demo.admin);
    await page.getByRole("navigation").getByRole("link", { name: "评估准备", exact: true }).click();
    await page.waitForURL(`**/staff/campaigns/${demo.campaignId}/readiness`);
    await page.locator("#readiness-criteria").waitFor(patient);
    expect(
      await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-criterion"))),
    ).toEqual(criteria);
    const statuses = await rows(page).evaluateAll((trs) =>
      trs.map((tr) => tr.getAttribute("data-status")),
    );
    for (const status of statuses) expect(["pass", "fail", "unknown"]).toContain(status);
    // Each row says its status in words, in Chinese by default: a veto names what must not
    // happen, so it exists (存在) or not (不存在); a condition passes (达标) or not.
    const badges = await rows(page).locator("td:nth-child(3)").allTextContents();
    expect(badges.map((b) => b.trim())).toEqual(
      statuses.map((s, i) =>
        criteria[i]?.startsWith("veto:")
          ? { pass: "不存在", fail: "存在", unknown: "待定" }[s as string]
          : { pass: "达标", fail: "未达标", unknown: "待定" }[s as string],
      ),
    );
    // The demo's figures decide the computed criteria; its entries the manual ones.
    const row = (id: string) => page.locator(`#readiness-criteria tr[data-criterion="${id}"]`);
    await expect(row("veto:core_indicators").getAttribute("data-status")).resolves.toBe("fail");
    await expect(row("veto:core_indicators").textContent()).resolves.toContain("柳河镇河西小学");
    await expect(row("veto:weak_school_renovation").textContent()).resolves.toContain("区发改委");
    await expect(row("veto:three_growths").getAttribute("data-status")).resolves.toBe("pass");
    // CV tables per level, 3 decimals, never NaN.
    for (const level of ["primary", "junior"]) {
      const table = page.locator(`table[data-level="${level}"]`);
      await expect(table.locator("tbody tr").count()).resolves.toBe(8);
      const composite = (await table.locator("tr[data-composite] td").first().textContent()) ?? "";
      expect(composite.trim()).toMatch(/^\d\.\d{3}/);
    }
    const text = (await page.locator("#main").textContent()) ?? "";
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
    expect(await axeViolations(page)).toEqual([]);

    // Printing leaves the navigation and the print button out.
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".jh-top").isVisible()).resolves.toBe(false);
    await expect(page.locator("#readiness-print").isVisible()).resolves.toBe(false);
    await expect(page.locator("#readiness-criteria").isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: "screen" });

    // What-if: the far-behind rural school brought to the county mean on books per student.
    await page.locator("#what-if-indicator").selectOption("books");
    await page.locator("#what-if-school").selectOption("DS010");
    await page.locator("#what-if-form button[type=submit]").click();
    await expect
      .poll(() => page.locator("#what-if-result").textContent(), patient)
      .toMatch(/差异系数由 \d\.\d{3} 变为 \d\.\d{3}（-0\.\d{3}）/);

    // The admin records an entry and attaches evidence; the criterion follows.
    const falsification = page.locator('#veto-list li[data-item="falsification"]');
    await falsification.locator("select").selectOption("met");
    await falsification.locator("textarea").fill("区政府办公室已出具承诺书。");
    await falsification.getByRole("button", { name: "保存" }).click();
    await page.locator("#readiness-status", { hasText: "已保存" }).waitFor(patient);
    await expect(row("veto:falsification").getAttribute("data-status")).resolves.toBe("pass");
    await page.locator('#veto-list li[data-item="safety"] input[type=file]').setInputFiles({
      name: "安全排查报告.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    await page.locator("#readiness-status", { hasText: "已上传" }).waitFor(patient);
    await expect(
      page.locator('#veto-list li[data-item="safety"] a', { hasText: "安全排查报告.pdf" }).count(),
    ).resolves.toBe(1);

    // Scoring the two open items of the government work score decides it: 76 + 7 + 7 = 90.
    await expect(row("government_score").getAttribute("data-status")).resolves.toBe("unknown");
    await page.locator("#score-quality_3").fill("7");
    await page.locator("#score-quality_4").fill("7");
    await page.locator("#score-form button[type=submit]").click();
    await expect
      .poll(() => row("government_score").getAttribute("data-status"), patient)
      .toBe("pass");
    // A disabled-children rate under the line turns that veto to a fail, with its margin.
    await page.locator("#disabled-rate").fill("70");
    await page.locator("#rate-form button[type=submit]").click();
    await expect
      .poll(() => row("veto:disabled_enrolment").getAttribute("data-status"), patient)
      .toBe("fail");
    await expect(row("veto:disabled_enrolment").textContent()).resolves.toContain("-10.0");

    // And in English.
    await page.locator("#lang-switch").click();
    await page.getByRole("heading", { name: "Assessment readiness" }).waitFor(patient);
    await rows(page).first().waitFor(patient);
    expect(await rows(page).count()).toBe(criteria.length);
  });

  it("is open to a viewer and closed to a school account", async () => {
    const viewerPage = await open();
    await signIn(viewerPage, server.url, demo.viewer);
    await viewerPage.goto(`${server.url}/staff/campaigns/${demo.campaignId}/readiness`);
    await viewerPage.locator("#readiness-criteria").waitFor(patient);
    expect(await rows(viewerPage).count()).toBe(criteria.length);

    const schoolPage = await open();
    await signIn(schoolPage, server.url, demo.school);
    await expect(
      schoolPage.getByRole("navigation").getByRole("link", { name: "评估准备" }).count(),
    ).resolves.toBe(0);
    await schoolPage.goto(`${server.url}/staff/campaigns/${demo.campaignId}/readiness`);
    await schoolPage.locator(".jh-alert--error").waitFor(patient);
    await expect(schoolPage.locator(".jh-alert--error").textContent()).resolves.toContain("403");
    await expect(schoolPage.locator("#readiness-criteria").count()).resolves.toBe(0);
  });
});
