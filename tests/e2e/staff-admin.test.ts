import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import { excludeResponses } from "../../api/integrity/exclusion-workflow.ts";
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
const header =
  "学校代码,学校名称,乡镇（街道）,城乡类型,学段,小学在校生数,初中在校生数,高中在校生数";
const csv = (...rows: string[]) => Buffer.from(`\ufeff${[header, ...rows].join("\r\n")}\r\n`);

describe.skipIf(!chromiumPath())("the bureau's work in the staff pages", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let demo: StaffDemo;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    demo = await seedStaffDemo(server.db, 60);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await chromium?.close();
    await server?.close();
  });

  async function adminPage(path: string): Promise<Page> {
    const context = await chromium.newPhone({ ...desktop, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, demo.admin);
    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/${path}`);
    return page;
  }

  const schoolsInDb = () =>
    server.db
      .selectFrom("school")
      .select(["code", "name", "teachers"])
      .where("campaign_id", "=", demo.campaignId)
      .orderBy("code")
      .execute();

  it("edits a school, refuses a file with bad rows naming each line, then imports a good one", async () => {
    const page = await adminPage("schools");
    const rows = page.locator("#schools tbody tr");
    await expect.poll(() => rows.count(), patient).toBe(demo.schoolCodes.length);

    const first = demo.schoolCodes[0] as string;
    await rows.filter({ hasText: first }).getByRole("button", { name: /编辑/ }).click();
    await page.locator("#edit-name").fill("改名后的实验小学");
    await page.locator("#edit-teachers").fill("88");
    await page.locator("#edit-form").getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").filter({ hasText: "已保存" }).waitFor();
    await expect(rows.filter({ hasText: first }).textContent()).resolves.toContain(
      "改名后的实验小学",
    );
    expect((await schoolsInDb()).find((s) => s.code === first)).toMatchObject({
      name: "改名后的实验小学",
      teachers: 88,
    });

    const before = await schoolsInDb();
    await page.locator("#import-file").setInputFiles({
      name: "schools.csv",
      mimeType: "text/csv",
      buffer: csv("NEW1,新学校,城关街道,城区,小学,300,,", "NEW2,,城关街道,火星,小学,abc,,"),
    });
    await page.locator("#import-form").getByRole("button", { name: "导入" }).click();
    const errors = page.locator("#import-errors tbody tr");
    await errors.first().waitFor();
    const lines = await page.locator("#import-errors tbody td:first-child").allTextContents();
    expect(new Set(lines.map((l) => l.trim()))).toEqual(new Set(["3"]));
    await expect(page.getByRole("alert").first().textContent()).resolves.toContain(
      "未导入任何数据",
    );
    expect(await schoolsInDb()).toEqual(before); // nothing half-written

    await page.locator("#import-file").setInputFiles({
      name: "schools.csv",
      mimeType: "text/csv",
      buffer: csv("NEW1,新学校,城关街道,城区,小学,300,,"),
    });
    await page.locator("#import-form").getByRole("button", { name: "导入" }).click();
    await page.getByRole("status").filter({ hasText: "导入成功" }).waitFor();
    await expect.poll(() => rows.count(), patient).toBe(demo.schoolCodes.length + 1);
    expect((await schoolsInDb()).map((s) => s.code)).toContain("NEW1");

    // The Excel template from the page's own link imports as it is (its example row is DS001).
    const template = page.waitForEvent("download");
    await page.getByRole("link", { name: "下载 Excel 模板" }).click();
    const downloaded = await template;
    await page.locator("#import-file").setInputFiles({
      name: downloaded.suggestedFilename(),
      mimeType: "application/octet-stream",
      buffer: readFileSync(await downloaded.path()),
    });
    await page.locator("#import-form").getByRole("button", { name: "导入" }).click();
    await page.getByRole("status").filter({ hasText: "新增 0 所，更新 1 所" }).waitFor();
    expect((await schoolsInDb()).find((s) => s.code === "DS001")).toMatchObject({
      name: "示范区实验小学",
      teachers: 96,
    });
  });

  it("creates a link and downloads every poster as one ZIP, with the progress shown", async () => {
    const page = await adminPage("channels");
    const rows = page.locator("#channels tbody tr");
    await rows.first().waitFor();
    const count = await rows.count();
    // Each school's poster is listed under its school's name, not as one of many "校门海报".
    const schools = await schoolsInDb();
    const posters = rows.filter({ hasText: "校门海报" });
    await expect(posters.count()).resolves.toBe(schools.length);
    const listed = (await posters.allTextContents()).join("\n");
    for (const { name } of schools) expect(listed).toContain(`${name} · 校门海报`);
    // Only the groups the campaign's questionnaires serve (no students in this scheme).
    const groups = await page.locator("#create-group option").allTextContents();
    expect(groups.map((g) => g.trim())).toEqual([
      "不限（由答题人选择）",
      "家长",
      "教师",
      "校长",
      "人大代表",
      "政协委员",
      "其他群众",
    ]);

    await page.locator("#create-label").fill("三年级二班家长群");
    await page.locator("#create-kind").selectOption("class");
    await page.locator("#create-school").selectOption({ index: 1 });
    await page.getByLabel("允许一部手机多人填写（家庭共用手机）").check();
    await page.locator("#create-form").getByRole("button", { name: "新建链接" }).click();
    await page.getByRole("status").filter({ hasText: "已新建链接" }).waitFor();
    await expect.poll(() => rows.count(), patient).toBe(count + 1);
    const created = rows.filter({ hasText: "三年级二班家长群" });
    // The family-phone setting shows in the list: on for this link only.
    await expect(
      created
        .locator("td")
        .filter({ hasText: /^\s*允许\s*$/ })
        .count(),
    ).resolves.toBe(1);
    await expect(
      posters
        .locator("td")
        .filter({ hasText: /^\s*否\s*$/ })
        .count(),
    ).resolves.toBe(schools.length);
    const stored = await server.db
      .selectFrom("channel")
      .select("shared_device")
      .where("label", "=", "三年级二班家长群")
      .executeTakeFirstOrThrow();
    expect(stored.shared_device).toBe(true);
    await expect(created.locator("a[href*='/s/']").textContent()).resolves.toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/s\/[\w-]{16}$/,
    );
    await expect(created.locator("a[href$='/qr.svg']").count()).resolves.toBe(1);

    // Every state the progress line goes through, as the person sees it.
    await page.locator("#posters-status").evaluate((status) => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => seen.push(status.textContent ?? "")).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "下载全部海报（ZIP）" }).click();
    const file = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of file) chunks.push(chunk as Buffer);
    const zip = Buffer.concat(chunks);
    expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    await page.locator("#posters-status").filter({ hasText: "已下载" }).waitFor();
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen[0]).toBe("正在生成…");
    const kb = Math.round(zip.length / 1024).toLocaleString("zh-CN");
    expect(seen.some((s) => s.startsWith("正在下载：") && s.includes(`/ ${kb} KB`))).toBe(true);
    const bar = page.locator("#posters-progress");
    await expect(bar.evaluate((p) => (p as HTMLProgressElement).position)).resolves.toBe(1);
  });

  it("saves area populations and a raised target; a lower target is refused with the reason", async () => {
    const page = await adminPage("settings");
    await page.locator("#campaign-form").waitFor();
    await page.locator("#campaign-area-urban").fill("600000");
    await page.locator("#campaign-area-town").fill("300000");
    await page.locator("#campaign-area-rural").fill("170000");
    await page.locator("#campaign-target").fill("2000");
    await page.locator("#campaign-form").getByRole("button", { name: "保存" }).click();
    await page.locator("#campaign-message").filter({ hasText: "已保存" }).waitFor();
    const stored = await server.db
      .selectFrom("campaign")
      .select(["urban_population", "town_population", "rural_population", "target_total_override"])
      .where("id", "=", demo.campaignId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      urban_population: 600000,
      town_population: 300000,
      rural_population: 170000,
      target_total_override: 2000,
    });
    await expect(page.locator("#campaign-target-hint").textContent()).resolves.toContain("2,000");

    await page.locator("#campaign-target").fill("700");
    await page.locator("#campaign-form").getByRole("button", { name: "保存" }).click();
    await page.locator("#campaign-message").filter({ hasText: "1605" }).waitFor();
    const after = await server.db
      .selectFrom("campaign")
      .select("target_total_override")
      .where("id", "=", demo.campaignId)
      .executeTakeFirstOrThrow();
    expect(after.target_total_override).toBe(2000);
  });

  it("the report draws its charts, names its definition, exports, and follows the analysis settings", async () => {
    const page = await adminPage("report");
    const figure = page.locator("#figure-satisfaction");
    await figure.waitFor();
    await expect(figure.locator(".jh-figure__value").textContent()).resolves.toMatch(/^\d+\.\d%$/);
    await expect(figure.textContent()).resolves.toContain("“总体评价”题回答满意");
    await expect
      .poll(() => paintedPixels(page, "#chart-satisfaction-groups"), patient)
      .toBeGreaterThan(500);
    await expect(page.locator("#report-weights").textContent()).resolves.toContain("Kish");
    await expect(page.locator("#exclusions-none").textContent()).resolves.toContain("没有剔除");

    // Three responses excluded: the report leaves them out and shows the figures with them beside.
    const excluded = await server.db
      .selectFrom("response")
      .select("id")
      .where("campaign_id", "=", demo.campaignId)
      .orderBy("received_at")
      .limit(3)
      .execute();
    await excludeResponses(
      {
        db: server.db,
        campaignId: demo.campaignId,
        actor: { userId: null, label: "e2e" },
        ipHash: null,
      },
      { responseIds: excluded.map((r) => r.id) },
      "测试：重复填写",
    );
    await page.reload();
    const comparison = page.locator("#exclusions-comparison");
    await comparison.waitFor();
    const sides = await comparison.locator("tbody tr").first().locator("td").allTextContents();
    expect(sides.map((text) => Number(text.replace(/,/g, "")))).toEqual([
      Number(sides[1]!.replace(/,/g, "")) - 3,
      Number(sides[1]!.replace(/,/g, "")),
    ]);
    await expect(comparison.textContent()).resolves.toContain("含剔除答卷");
    // The data-quality section prints with the report, the exclusion and its reason in it.
    await expect(page.locator("#report-integrity").textContent()).resolves.toContain(
      "测试：重复填写",
    );

    const exported = page.waitForEvent("download");
    await page.getByRole("link", { name: "导出报告（Excel）" }).click();
    const workbook = readFileSync(await (await exported).path());
    expect(workbook.subarray(0, 2).toString("latin1")).toBe("PK");

    // The bureau switches to the mean score: the report says so, on the 0–100 scale.
    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/settings`);
    await page.locator("#analysis-definition").selectOption("score");
    await page.locator("#analysis-form").getByRole("button", { name: "保存" }).click();
    await page.locator("#analysis-message").filter({ hasText: "已保存" }).waitFor();
    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/report`);
    await figure.waitFor();
    await expect(figure.textContent()).resolves.toContain("平均分");
    await expect(figure.locator(".jh-figure__value").textContent()).resolves.toMatch(/^\d+\.\d$/);

    // A setting the questionnaires cannot meet is refused with the reason, nothing stored.
    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/settings`);
    await page.locator("#analysis-json").fill('{ "overallItem": "no_such_question" }');
    await page.locator("#analysis-definition").selectOption("overall_item");
    await page.locator("#analysis-form").getByRole("button", { name: "保存" }).click();
    await page.locator("#analysis-message").filter({ hasText: "no_such_question" }).waitFor();
    await page.getByRole("button", { name: "恢复默认设置" }).click();
    await page.locator("#analysis-message").filter({ hasText: "已保存" }).waitFor();
    await expect(page.locator("#analysis-definition").inputValue()).resolves.toBe("overall_item");
  });

  it("has no WCAG 2.1 A/AA violations on the schools, links, settings and account pages", async () => {
    const context = await chromium.newPhone({ ...desktop, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, demo.admin);
    const ready: Record<string, string> = {
      schools: "#schools tbody tr",
      channels: "#channels tbody tr",
      settings: "#analysis-form",
    };
    for (const [path, selector] of Object.entries(ready)) {
      await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/${path}`);
      await page.locator(selector).first().waitFor();
      expect(await axeViolations(page), path).toEqual([]);
    }
    await page.goto(`${server.url}/staff/account`);
    await page.locator("#password-form").waitFor();
    expect(await axeViolations(page), "account").toEqual([]);
  });

  it("switches to English and back, and remembers the choice", async () => {
    const page = await adminPage("dashboard");
    await page.locator("#page-title").filter({ hasText: "实时进度" }).waitFor();
    await page.locator("#lang-switch").click();
    await page.locator("#page-title").filter({ hasText: "Live progress" }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("en");
    await page.reload();
    await page.locator("#page-title").filter({ hasText: "Live progress" }).waitFor();
    await expect(
      page.getByRole("navigation").getByRole("link", { name: "Report" }).count(),
    ).resolves.toBe(1);
    await page.locator("#lang-switch").click();
    await page.locator("#page-title").filter({ hasText: "实时进度" }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("zh-CN");
  });

  it("changes the password and signs out; only the new password opens the pages again", async () => {
    const account = { username: "second-admin", password: "first-password-123" };
    await createStaffAccount(
      server.db,
      { ...account, role: "admin", campaignId: demo.campaignId },
      { label: "test" },
    );
    const context = await chromium.newPhone(desktop);
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, account);
    await page.goto(`${server.url}/staff/account`);
    await page.locator("#current-password").fill("wrong-password-000");
    await page.locator("#new-password").fill("second-password-456");
    await page.locator("#repeat-password").fill("second-password-456");
    await page.getByRole("button", { name: "修改密码" }).click();
    await page.locator("#password-message").filter({ hasText: "当前密码不正确" }).waitFor();

    await page.locator("#current-password").fill(account.password);
    await page.locator("#new-password").fill("second-password-456");
    await page.locator("#repeat-password").fill("second-password-456");
    await page.getByRole("button", { name: "修改密码" }).click();
    await page.locator("#password-message").filter({ hasText: "密码已修改" }).waitFor();

    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(/\/staff\/login$/);
    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/dashboard`);
    await page.locator("#login-form").waitFor(); // signed out: back to the form
    await submitLogin(page, account);
    await expect
      .poll(() => page.locator("#login-error").textContent(), patient)
      .toBe("用户名或密码不正确。");
    await submitLogin(page, { ...account, password: "second-password-456" });
    // Back where the person was going before signing in.
    await page.waitForURL(`**/staff/campaigns/${demo.campaignId}/dashboard`);
  });
});
