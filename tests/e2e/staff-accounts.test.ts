import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import {
  type StaffDemo,
  axeViolations,
  desktop,
  seedStaffDemo,
  signIn,
  submitLogin,
  submitNewPassword,
  temporaryPassword,
} from "./staff-steps.ts";

/** Server round trips (and scrypt for a dozen passwords) on a busy 2-core machine. */
const patient = { timeout: 30_000 };

describe.skipIf(!chromiumPath())("a bureau admin manages accounts in the browser", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let demo: StaffDemo;
  const contexts: BrowserContext[] = [];
  /** A slip from the bulk creation, for the school that signs in with it. */
  let slip: { school: string; username: string; password: string } | undefined;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    demo = await seedStaffDemo(server.db, 30);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await chromium?.close();
    await server?.close();
  });

  async function newPage(options: Parameters<TestBrowser["newPhone"]>[0] = {}): Promise<Page> {
    // bypassCSP: the accessibility check injects axe-core as an inline script.
    const context = await chromium.newPhone({ bypassCSP: true, ...options });
    contexts.push(context);
    return context.newPage();
  }

  const mustChange = (username: string) =>
    server.db
      .selectFrom("staff_user")
      .select("must_change_password")
      .where("username", "=", username)
      .executeTakeFirstOrThrow()
      .then((row) => row.must_change_password);

  it("creates an account, resets its password, and prints a slip for every school", async () => {
    const page = await newPage(desktop);
    await signIn(page, server.url, demo.admin);
    await page.getByRole("navigation").getByRole("link", { name: "账号管理" }).click();
    await page.waitForURL(/\/accounts$/);
    const rows = page.locator("#accounts tbody tr");
    await rows.filter({ hasText: "school-user" }).waitFor();
    const schoolRow = await rows.filter({ hasText: "school-user" }).textContent();
    expect(schoolRow).toContain("学校账号");
    expect(schoolRow).toContain(demo.school.schoolName);
    expect(await rows.filter({ hasText: "demo-admin" }).textContent()).toContain("（你）");
    expect(await axeViolations(page)).toEqual([]);

    // A new account: its temporary password shows once, with the warning and a copy button.
    await page.getByText("新建账号").click();
    await page.locator("#new-role").selectOption("viewer");
    await expect(page.locator("#new-school").isVisible()).resolves.toBe(false);
    await page.locator("#new-username").fill("duban");
    await page.locator("#new-display-name").fill("督导室");
    await page.getByRole("button", { name: "创建账号", exact: true }).click();
    const issued = page.locator("#issued-password");
    await issued.waitFor(patient);
    const first = await issued.inputValue();
    expect(first).toMatch(temporaryPassword);
    await expect(page.locator("#issued").textContent()).resolves.toContain("只在这里显示这一次");
    await page.getByRole("button", { name: "复制" }).click();
    await page.locator("#copy-state:not(:empty)").waitFor();
    const duban = rows.filter({ hasText: "duban" });
    await duban.waitFor();
    expect(await duban.textContent()).toContain("只读查看");
    expect(await duban.textContent()).toContain("待改密");
    expect(await duban.textContent()).toContain("从未登录");
    expect(await mustChange("duban")).toBe(true);

    // Reset: asked first, then a new password, shown once like the first.
    page.once("dialog", (dialog) => void dialog.accept());
    await duban.getByRole("button", { name: "重置密码（督导室）" }).click();
    await expect.poll(() => issued.inputValue(), patient).not.toBe(first);
    expect(await issued.inputValue()).toMatch(temporaryPassword);
    await page.getByRole("button", { name: "我已记下，关闭" }).click();
    await expect(page.locator("#issued").count()).resolves.toBe(0);

    // Disable and enable again, from the same row.
    page.once("dialog", (dialog) => void dialog.accept());
    await duban.getByRole("button", { name: "停用（督导室）" }).click();
    await expect.poll(() => duban.textContent(), patient).toContain("停用");
    await duban.getByRole("button", { name: "启用（督导室）" }).click();
    await duban.getByRole("button", { name: "停用（督导室）" }).waitFor(patient);

    // One account for each school but the one that has one, as slips to print.
    await page.getByRole("button", { name: "为每所学校创建账号" }).click();
    const slips = page.locator(".jh-slip");
    await slips.first().waitFor(patient);
    expect(await slips.count()).toBe(demo.schoolCodes.length - 1);
    await expect(page.locator("#page-title").textContent()).resolves.toBe("学校账号条");
    await expect(page.locator(".jh-no-print").textContent()).resolves.toContain("只显示这一次");
    const passwords = await page.locator('[data-field="password"]').allTextContents();
    expect(passwords.every((p) => temporaryPassword.test(p.trim()))).toBe(true);
    expect(new Set(passwords).size).toBe(passwords.length);
    const firstSlip = slips.first();
    expect(await firstSlip.textContent()).toContain(`${server.url}/staff/`);
    // A slip cut out of the sheet still says whose it is and what it opens.
    expect(await firstSlip.locator(".jh-slip__purpose").textContent()).toContain("示范区");
    await expect
      .poll(() =>
        firstSlip.locator("img").evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await page.getByRole("button", { name: "打印账号条" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    slip = {
      school: (await firstSlip.locator("h2").textContent()) ?? "",
      username: ((await firstSlip.locator('[data-field="username"]').textContent()) ?? "").trim(),
      password: ((await firstSlip.locator('[data-field="password"]').textContent()) ?? "").trim(),
    };

    // On paper: no header or buttons, two slips across, 64 mm high, eight to an A4 page.
    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => {
      const grid = getComputedStyle(document.querySelector(".jh-slips") as Element);
      const one = document.querySelector(".jh-slip") as HTMLElement;
      return {
        columns: grid.gridTemplateColumns.split(" ").length,
        heightMm: (one.getBoundingClientRect().height * 25.4) / 96,
        header: getComputedStyle(document.querySelector("#top") as Element).display,
        buttons: getComputedStyle(document.querySelector(".jh-no-print") as Element).display,
      };
    });
    expect(printed).toEqual({
      columns: 2,
      heightMm: expect.closeTo(64, 0),
      header: "none",
      buttons: "none",
    });
  });

  it("makes a school sign in with its slip's password, set its own, then see its dashboard", async () => {
    if (!slip) throw new Error("the slips were not made");
    const page = await newPage();
    await page.goto(`${server.url}/staff/`);
    await page.locator("#login-form").waitFor();
    await submitLogin(page, { username: slip.username, password: slip.password });
    await page.getByRole("heading", { name: "请设置新密码" }).waitFor(patient);
    await expect(page.locator(".jh-nav").count()).resolves.toBe(0);
    const rules = (await page.locator("#new-password-hint").textContent()) ?? "";
    expect(rules).toContain("至少 10 个字符");
    expect(rules).toContain("常见密码");
    expect(rules).toContain("用户名");
    expect(await axeViolations(page)).toEqual([]);

    await submitNewPassword(page, slip.password, "1234567890");
    await expect
      .poll(() => page.locator("#password-message").textContent(), patient)
      .toContain("常见密码");

    await submitNewPassword(page, slip.password, "我们学校的新密码-2025");
    await page.waitForURL(/\/staff\/campaigns\/\d+\/dashboard$/, patient);
    await page.getByRole("heading", { name: "实时进度" }).waitFor(patient);
    const schools = page.locator("#dashboard-schools tbody tr");
    await expect.poll(() => schools.count(), patient).toBe(1);
    await expect(schools.first().textContent()).resolves.toContain(slip.school);
    expect(await mustChange(slip.username)).toBe(false);
  });
});
