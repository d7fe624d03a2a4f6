import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import {
  type StaffDemo,
  axeViolations,
  paintedPixels,
  seedStaffDemo,
  signIn,
  submitLogin,
} from "./staff-steps.ts";

/** Server round trips on a busy 2-core machine: poll for up to 20 s. */
const patient = { timeout: 20_000 };
const desktop = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false };
const charts = ["#chart-groups", "#chart-areas", "#chart-hourly", "#chart-pages"];

describe.skipIf(!chromiumPath())("the staff pages in a real browser", () => {
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

  async function open(options: Parameters<TestBrowser["newPhone"]>[0] = desktop): Promise<Page> {
    const context = await chromium.newPhone(options);
    contexts.push(context);
    return context.newPage();
  }

  const schoolRows = (page: Page) => page.locator("#dashboard-schools tbody tr");
  const dashboardPath = () => `/staff/campaigns/${demo.campaignId}/dashboard`;

  it("an admin sees the charts drawn, every school, and the figures refresh by themselves", async () => {
    const page = await open();
    const requested: string[] = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}/staff/`);
    await page.locator("#login-form").waitFor();
    // The sign-in page does not fetch chart.js.
    expect(requested.filter((p) => p.includes("staff-charts"))).toEqual([]);
    await submitLogin(page, demo.admin);
    await page.waitForURL(`**${dashboardPath()}`);

    await expect.poll(() => schoolRows(page).count(), patient).toBe(demo.schoolCodes.length);
    const codes = await schoolRows(page).locator("td:first-child").allTextContents();
    expect(new Set(codes.map((c) => c.trim()))).toEqual(new Set(demo.schoolCodes));
    for (const chart of charts) {
      await expect.poll(() => paintedPixels(page, chart), patient).toBeGreaterThan(500);
    }
    // Every staff page of the bureau is in its navigation.
    const nav = page.getByRole("navigation");
    for (const name of ["实时进度", "学校", "渠道与海报", "分析报告", "设置"]) {
      await expect(nav.getByRole("link", { name, exact: true }).count()).resolves.toBe(1);
    }
    // Lagging schools say so in words, not by colour alone.
    const lagging = page.locator("#dashboard-schools tr.jh-row--lagging");
    for (const row of await lagging.all())
      await expect(row.textContent()).resolves.toContain("落后");

    const updated = page.locator(".jh-refresh__time");
    await expect(updated.textContent()).resolves.toMatch(/更新于 \d{2}:\d{2}:\d{2}/);
    const next = await page.waitForResponse(
      (r) => r.url().endsWith(`/api/campaigns/${demo.campaignId}/dashboard`),
      { timeout: 15_000 },
    );
    expect([200, 304]).toContain(next.status());
  });

  it("a school account sees only its own school, no report, and 403 at the report's address", async () => {
    const page = await open();
    await signIn(page, server.url, demo.school);
    await expect.poll(() => schoolRows(page).count(), patient).toBe(1);
    await expect(schoolRows(page).first().textContent()).resolves.toContain(demo.school.schoolCode);
    const nav = page.getByRole("navigation");
    await expect(nav.getByRole("link", { name: "分析报告" }).count()).resolves.toBe(0);
    await expect(nav.getByRole("link", { name: "渠道与海报" }).count()).resolves.toBe(1);

    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/report`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/403[\s\S]*无权/);
    await expect(page.locator("#page-title").textContent()).resolves.toBe("无权访问");
    // The report's figures never reached this browser.
    await expect(page.locator(".jh-figure").count()).resolves.toBe(0);
  });

  it("a viewer, on a phone, sees the dashboard and the report but no button that changes anything", async () => {
    const page = await open({}); // the phone of helpers/browser.ts
    await signIn(page, server.url, demo.viewer);
    await expect.poll(() => schoolRows(page).count(), patient).toBe(demo.schoolCodes.length);
    const changing = /编辑|保存|导入|新建|删除|修改/;
    const buttons = async () =>
      (await page.getByRole("button").allTextContents()).filter((t) => changing.test(t));
    expect(await buttons()).toEqual([]);
    expect(await page.locator("form").count()).toBe(0);

    await page.getByRole("navigation").getByRole("link", { name: "分析报告" }).click();
    const figure = page.locator("#figure-satisfaction");
    await figure.waitFor();
    // The figure names its definition beside the pass line, with its interval, readable on a phone.
    await expect(figure.locator(".jh-figure__value").textContent()).resolves.toMatch(/^\d+\.\d%$/);
    await expect(figure.textContent()).resolves.toMatch(
      /计算口径[\s\S]*及格线（一票否决）\s*85\.0%/,
    );
    for (const value of await figure.locator("dd").all()) {
      expect((await value.boundingBox())?.width ?? 0).toBeGreaterThan(40);
    }
    expect(await buttons()).toEqual([]);
    await expect(page.locator("a[href*='/exports/']").count()).resolves.toBe(0);

    for (const other of ["schools", "settings", "channels"]) {
      await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/${other}`);
      await expect(page.getByRole("alert").textContent()).resolves.toContain("403");
      expect(await page.locator("form").count()).toBe(0);
    }
  });

  it("publicity sees progress, links and the report's awareness, never satisfaction or schools", async () => {
    const page = await open();
    await signIn(page, server.url, demo.publicity);
    await page.locator("#dashboard-channels tbody tr").first().waitFor();
    await expect(page.locator("#dashboard-schools").count()).resolves.toBe(0);
    await page.getByRole("navigation").getByRole("link", { name: "分析报告" }).click();
    await page.locator("#figure-awareness").waitFor();
    await expect(page.locator("#figure-satisfaction").count()).resolves.toBe(0);
    await expect(page.locator("#report-breakdowns, #report-weights").count()).resolves.toBe(0);
  });

  it("the sign-in form says the account is locked, and for how long, after repeated wrong passwords", async () => {
    const account = { username: "forgetful-user", password: "the-right-password-1" };
    await createStaffAccount(
      server.db,
      { ...account, role: "viewer", campaignId: demo.campaignId },
      { label: "test" },
    );
    const page = await open();
    await page.goto(`${server.url}/staff/login`);
    const error = page.locator("#login-error");
    // The API locks a username after five failures (api/staff/login-throttle.ts).
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitLogin(page, { username: account.username, password: `wrong-${attempt}` });
      await expect.poll(() => error.getAttribute("data-code"), patient).toBe("invalid_credentials");
      await expect(error.textContent()).resolves.toBe("用户名或密码不正确。");
      await page.locator("#login-error").evaluate((el) => el.removeAttribute("data-code"));
    }
    // Even the right password is refused now, with the wait the API gave.
    await submitLogin(page, account);
    await expect.poll(() => error.getAttribute("data-code"), patient).toBe("login_locked");
    await expect(error.textContent()).resolves.toMatch(
      /登录失败次数过多.*请 15 分钟后（约 \d{2}:\d{2}:\d{2}）再试/,
    );
    expect(page.url()).toMatch(/\/staff\/login$/);
  });

  it("has no WCAG 2.1 A/AA violations on sign-in, the dashboard and the report, phone and desktop", async () => {
    const overflow = (page: Page) =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
    // axe is injected as a script, which the page's CSP rightly forbids: bypassed for the check.
    for (const options of [{ ...desktop, bypassCSP: true }, { bypassCSP: true }]) {
      const page = await open(options);
      await page.goto(`${server.url}/staff/`);
      await page.locator("#login-form").waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await submitLogin(page, demo.admin);
      await expect.poll(() => schoolRows(page).count(), patient).toBe(demo.schoolCodes.length);
      await expect.poll(() => paintedPixels(page, "#chart-hourly"), patient).toBeGreaterThan(500);
      expect(await axeViolations(page)).toEqual([]);
      expect(await overflow(page)).toBe(0);

      await page.getByRole("navigation").getByRole("link", { name: "分析报告" }).click();
      await page.locator("#figure-satisfaction").waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(await overflow(page)).toBe(0);
    }
  });
});
