import type { BrowserContext, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardView } from "../../api/dashboard/types.ts";
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
const charts = ["#chart-categories", "#chart-areas", "#chart-hourly", "#chart-pages"];

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
  /** The figures the page was drawn from: the first dashboard answer it receives. */
  const dashboardJson = (page: Page) =>
    page
      .waitForResponse((r: Response) =>
        r.url().endsWith(`/api/campaigns/${demo.campaignId}/dashboard`),
      )
      .then(async (r) => (await r.json()) as DashboardView);
  /** The codes of the schools listed, in table order. */
  const listedCodes = async (page: Page) =>
    (await schoolRows(page).allTextContents()).map(
      (row) => demo.schoolCodes.find((code) => row.includes(code)) ?? row,
    );

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
    expect(new Set(await listedCodes(page))).toEqual(new Set(demo.schoolCodes));
    for (const chart of charts) {
      await expect.poll(() => paintedPixels(page, chart), patient).toBeGreaterThan(500);
    }
    // The drop-off by page, each questionnaire on its own: 4 pages of the social one, 3 of the staff one.
    const funnelPages = (key: string) => page.locator(`#funnel-pages-${key} tbody tr`);
    await expect(page.locator("#funnel-pages-social caption").textContent()).resolves.toContain(
      "各页到达人数 · 社会问卷",
    );
    await expect(page.locator("#funnel-pages-staff caption").textContent()).resolves.toContain(
      "各页到达人数 · 教师校长问卷",
    );
    await expect(funnelPages("social").count()).resolves.toBe(4);
    await expect(funnelPages("staff").count()).resolves.toBe(3);
    // Every school's poster link is named with its school, so the links can be told apart.
    const names = await server.db
      .selectFrom("school")
      .select("name")
      .where("campaign_id", "=", demo.campaignId)
      .execute();
    const links = (await page.locator("#dashboard-channels tbody tr").allTextContents()).join("\n");
    for (const { name } of names) expect(links).toContain(`${name} · 校门海报`);
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

  /**
   * Where the school table's completion and "behind" cells lie: every row's, against the
   * table's scrolling box and the screen.
   */
  const completionCells = (page: Page) =>
    page.locator("#dashboard-schools").evaluate((table) => {
      const heads = [...table.querySelectorAll("thead th")].map((th) =>
        (th.textContent ?? "").replace(/\s+/g, ""),
      );
      const columns = ["家长完成率", "进度"].map((name) =>
        heads.findIndex((h) => h.startsWith(name)),
      );
      const rects = [...table.querySelectorAll("tbody tr")].flatMap((row) =>
        columns.map((i) => row.children[i]?.getBoundingClientRect()),
      );
      const box = (table.parentElement as HTMLElement).getBoundingClientRect();
      return {
        columns,
        cells: rects.length,
        left: Math.min(...rects.map((r) => r?.left ?? -1)),
        right: Math.max(...rects.map((r) => r?.right ?? Infinity)),
        boxLeft: box.left,
        boxRight: box.right,
        screen: window.innerWidth,
      };
    });

  it("a school account on a phone sees its parents against its parent target, what is still needed, and why hours are missing", async () => {
    const page = await open({}); // the phone of helpers/browser.ts, 390 × 844
    const figures = dashboardJson(page);
    await signIn(page, server.url, demo.school);
    const d = await figures;
    await expect.poll(() => schoolRows(page).count(), patient).toBe(1);
    const shown = (n: number | "<5") => (typeof n === "number" ? n.toLocaleString("zh-CN") : n);

    // Like against like: the school's parents against its parent target.
    const parents = d.targets.byGroup.find((g) => g.group === "parent");
    expect(d.targets.total).toEqual({ group: "parent", ...parents });
    const headline = page.locator("#total-progress .jh-progress__label");
    await expect(headline.textContent()).resolves.toMatch(
      new RegExp(
        `家长答卷\\s*${shown(d.targets.total.responses)} / ${shown(d.targets.total.target)}`,
      ),
    );
    const { responses, target } = d.targets.total;
    const needed = page.locator("#still-needed");
    if (typeof responses === "number" && responses < target) {
      await expect(needed.textContent()).resolves.toContain(
        `家长：还需 ${shown(target - responses)} 份`,
      );
    } else {
      await expect(needed.textContent()).resolves.toMatch(
        /家长：(还需 [\d,]+–[\d,]+ 份|已达到目标)/,
      );
    }
    // The only group with a target at a school: nothing is said of the others.
    await expect(needed.locator("li").count()).resolves.toBe(1);

    // Completion and the "behind" mark on screen without scrolling sideways.
    const reach = await completionCells(page);
    expect(reach.columns.every((i) => i >= 0)).toBe(true);
    expect(reach.cells).toBe(2);
    expect(reach.left).toBeGreaterThanOrEqual(reach.boxLeft);
    expect(reach.right).toBeLessThanOrEqual(Math.min(reach.boxRight, reach.screen));

    // Hours under 5 are not drawn; the page says so, and how many.
    const hidden = d.hourly.filter((h) => h.responses === "<5").length;
    expect(hidden).toBeGreaterThan(0);
    await expect(page.locator("#hourly-hidden").textContent()).resolves.toBe(
      `答卷少于 5 份的小时不在图中显示（保护答卷人），共 ${hidden} 个小时。`,
    );
    await page.locator("#lang-switch").click();
    await page.locator("#page-title").filter({ hasText: "Live progress" }).waitFor();
    await expect(page.locator("#hourly-hidden").textContent()).resolves.toBe(
      `Hours with fewer than 5 responses are not shown in the chart (to protect respondents): ${hidden} hours hidden.`,
    );
    await expect(needed.textContent()).resolves.toMatch(
      /Parents: ([\d,–]+ more needed|target reached)/,
    );
  });

  it("a viewer, on a phone, sees the dashboard and the report but no button that changes anything", async () => {
    const page = await open({}); // the phone of helpers/browser.ts
    await signIn(page, server.url, demo.viewer);
    await expect.poll(() => schoolRows(page).count(), patient).toBe(demo.schoolCodes.length);
    // Every school's completion and "behind" mark fit on the screen of a phone 390 px wide.
    const reach = await completionCells(page);
    expect(reach.cells).toBe(2 * demo.schoolCodes.length);
    expect(reach.left).toBeGreaterThanOrEqual(reach.boxLeft);
    expect(reach.right).toBeLessThanOrEqual(Math.min(reach.boxRight, reach.screen));
    await expect(schoolRows(page).filter({ hasText: "落后" }).count()).resolves.toBeGreaterThan(0);
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
