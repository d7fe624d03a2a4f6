import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertDistrict } from "../../api/districts/index.ts";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { type Account, axeViolations, beijing, desktop, submitLogin } from "./staff-steps.ts";

const minute = 60_000;
const day = 24 * 60 * minute;

/** The instant a Beijing-clock input value means. */
const instant = (local: string) => new Date(`${local}:00+08:00`).getTime();

describe.skipIf(!chromiumPath())("a bureau runs its rounds in the staff pages", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  const admin: Account = { username: "qingshan-admin", password: "pw-qingshan-admin-0123" };
  const viewer: Account = { username: "qingshan-viewer", password: "pw-qingshan-viewer-0123" };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    const district = await insertDistrict(server.db, {
      name: "青山区",
      level: "district",
      province: "内蒙古自治区",
      city: "包头市",
      bureauName: "青山区教育局",
    });
    for (const [account, role] of [
      [admin, "admin"],
      [viewer, "viewer"],
    ] as const) {
      await createStaffAccount(
        server.db,
        { ...account, role, districtId: district.id },
        { label: "test" },
      );
    }
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await chromium?.close();
    await server?.close();
  });

  /** Signs in; `landing` is where the home page sends this account. */
  async function signedIn(account: Account, landing = /\/staff\/campaigns$/, bypassCSP = false) {
    const context = await chromium.newPhone({ ...desktop, bypassCSP });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/`);
    await page.locator("#login-form").waitFor();
    await submitLogin(page, account);
    await page.waitForURL(landing);
    return page;
  }

  const campaignRow = (id: number) =>
    server.db
      .selectFrom("campaign")
      .select([
        "name",
        "scheme",
        "status",
        "opens_at",
        "closes_at",
        "contact_line",
        "resident_population",
      ])
      .where("id", "=", id)
      .executeTakeFirst();
  const campaignCount = async () =>
    (await server.db.selectFrom("campaign").select("id").execute()).length;
  const idIn = (page: Page) => Number(/\/campaigns\/(\d+)\//.exec(page.url())?.[1]);

  it("tells a non-admin that the bureau has not started a campaign, with nothing to create", async () => {
    // No campaign yet: the landing page, not a campaign's.
    const page = await signedIn(viewer);
    const empty = page.locator("#campaigns-empty");
    await expect(empty.textContent()).resolves.toContain("教育局管理员新建并发布后");
    await expect(page.getByRole("link", { name: "新建调查活动" }).count()).resolves.toBe(0);
  });

  it("creates, publishes, closes, reopens, copies and deletes a round, the switcher following", async () => {
    const page = await signedIn(admin);
    // The header names whose platform this is.
    await expect(page.locator("#header-district").textContent()).resolves.toBe("青山区教育局");
    const empty = page.locator("#campaigns-empty");
    await expect(empty.textContent()).resolves.toContain("还没有调查活动");
    await expect(empty.textContent()).resolves.not.toContain("尚未关联");
    await empty.getByRole("link", { name: "新建调查活动" }).click();
    await page.waitForURL(/\/staff\/campaigns\/new$/);

    // A closing time before the opening time: the API refuses it, beside the closing field.
    const now = Date.now();
    const opens = beijing(now - 60 * minute);
    await page.locator("#new-name").fill("2027年春季满意度调查");
    await page.getByLabel("优质均衡（2017）").check();
    await page.locator("#new-opens").fill(opens);
    await page.locator("#new-closes").fill(beijing(now - 2 * 60 * minute));
    await page.locator("#new-residents").fill("500000");
    await page.locator("#new-contact").fill("区教育局督导室 0471-1234567（工作日 9:00–17:00）");
    await page.getByRole("button", { name: "新建", exact: true }).click();
    await page.locator("#new-closes-error").filter({ hasText: "截止时间须晚于开始时间" }).waitFor();
    await expect(page.locator("#new-closes").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#new-opens-error").textContent()).resolves.toBe("");
    expect(await campaignCount()).toBe(0);

    const closes = beijing(now + 10 * day);
    await page.locator("#new-closes").fill(closes);
    await page.getByRole("button", { name: "新建", exact: true }).click();
    await page.waitForURL(/\/staff\/campaigns\/\d+\/settings$/);
    const first = idIn(page);
    await page.locator("#overview-notice").filter({ hasText: "已新建" }).waitFor();
    await expect(page.locator("#lifecycle .jh-phase").textContent()).resolves.toBe("草稿");
    await expect(page.locator("#next-steps").textContent()).resolves.toContain("导入学校名单");
    expect(await campaignRow(first)).toEqual({
      name: "2027年春季满意度调查",
      scheme: "quality_2017",
      status: "draft",
      opens_at: new Date(instant(opens)),
      closes_at: new Date(instant(closes)),
      contact_line: "区教育局督导室 0471-1234567（工作日 9:00–17:00）",
      resident_population: 500000,
    });

    const lifecycle = page.locator("#lifecycle");
    const phase = lifecycle.locator(".jh-phase");
    await lifecycle.getByRole("button", { name: "发布" }).click();
    await page.locator("#overview-notice").filter({ hasText: "已发布" }).waitFor();
    await expect(phase.textContent()).resolves.toBe("进行中");
    expect((await campaignRow(first))?.status).toBe("open");

    // Closing asks first; closing early ends the window now.
    await lifecycle.getByRole("button", { name: "关闭" }).click();
    const confirm = page.locator("#confirm-form");
    await expect(confirm.textContent()).resolves.toContain("确定关闭吗");
    expect((await campaignRow(first))?.status).toBe("open");
    await confirm.getByRole("button", { name: "确定关闭" }).click();
    await page.locator("#overview-notice").filter({ hasText: "已关闭" }).waitFor();
    await expect(phase.textContent()).resolves.toBe("已结束");
    const closed = await campaignRow(first);
    expect(closed?.status).toBe("closed");
    expect(Math.abs((closed?.closes_at.getTime() ?? 0) - Date.now())).toBeLessThan(5 * minute);

    // The closing time has passed: reopening asks for a new one.
    await lifecycle.getByRole("button", { name: "重新开放" }).click();
    await expect(confirm.textContent()).resolves.toContain("已过");
    await confirm.getByRole("button", { name: "重新开放" }).click();
    await page
      .locator("#confirm-closes-error")
      .filter({ hasText: "请选择完整的日期和时间" })
      .waitFor();
    const reopenedUntil = beijing(Date.now() + 5 * day);
    await page.locator("#confirm-closes").fill(reopenedUntil);
    await confirm.getByRole("button", { name: "重新开放" }).click();
    await page.locator("#overview-notice").filter({ hasText: "已重新开放" }).waitFor();
    await expect(phase.textContent()).resolves.toBe("进行中");
    expect(await campaignRow(first)).toMatchObject({
      status: "open",
      closes_at: new Date(instant(reopenedUntil)),
    });

    // One campaign: the switcher offers a new one and the list, no other campaign.
    const switcher = page.locator("#campaign-switcher");
    await switcher.locator("summary").click();
    await expect(switcher.textContent()).resolves.toContain("新建调查活动");
    await expect(switcher.textContent()).resolves.not.toContain("其他调查活动");
    await switcher.locator("summary").click();

    await page.locator("#copy-name").fill("2027年秋季第二轮");
    await page.locator("#copy-opens").fill(beijing(Date.now() + 30 * day));
    await page.locator("#copy-closes").fill(beijing(Date.now() + 45 * day));
    await page.getByRole("button", { name: "复制为下一轮" }).click();
    await page.waitForURL(
      (url) => /\/settings$/.test(url.pathname) && !url.pathname.includes(`/${first}/`),
    );
    const second = idIn(page);
    await page.locator("#overview-notice").filter({ hasText: "已复制为下一轮" }).waitFor();
    await expect(phase.textContent()).resolves.toBe("草稿");
    expect(await campaignRow(second)).toMatchObject({
      name: "2027年秋季第二轮",
      status: "draft",
      scheme: "quality_2017",
      contact_line: "区教育局督导室 0471-1234567（工作日 9:00–17:00）",
    });

    // The switcher names this round and lists the other with its phase; switching keeps the page.
    await expect(switcher.locator("summary").textContent()).resolves.toContain("2027年秋季第二轮");
    await switcher.locator("summary").click();
    const other = switcher.getByRole("link", { name: /2027年春季满意度调查/ });
    await expect(other.textContent()).resolves.toContain("进行中");
    await other.click();
    await page.waitForURL(new RegExp(`/staff/campaigns/${first}/settings$`));
    await expect(phase.textContent()).resolves.toBe("进行中");
    await switcher.locator("summary").click();
    await switcher.getByRole("link", { name: /2027年秋季第二轮/ }).click();
    await page.waitForURL(new RegExp(`/staff/campaigns/${second}/settings$`));

    // The landing page lists both, newest first, each with its phase.
    await switcher.locator("summary").click();
    await switcher.getByRole("link", { name: "全部调查活动" }).click();
    const cards = page.locator("#campaigns > li");
    await cards.first().waitFor();
    await expect(cards.locator(".jh-card__title").allTextContents()).resolves.toEqual([
      expect.stringContaining("2027年秋季第二轮"),
      expect.stringContaining("2027年春季满意度调查"),
    ]);
    await expect(cards.locator(".jh-phase").allTextContents()).resolves.toEqual(["草稿", "进行中"]);

    // A draft can be deleted, after a confirmation; the list and the switcher lose it.
    await cards
      .first()
      .getByRole("link", { name: /活动设置/ })
      .click();
    await page.waitForURL(new RegExp(`/staff/campaigns/${second}/settings$`));
    await page.getByRole("button", { name: "删除这个草稿" }).click();
    await expect(page.locator("#delete-confirm").textContent()).resolves.toContain("不能恢复");
    expect(await campaignRow(second)).toBeDefined();
    await page.getByRole("button", { name: "确定删除" }).click();
    await page.waitForURL(/\/staff\/campaigns$/);
    await expect.poll(() => cards.count()).toBe(1);
    expect(await campaignRow(second)).toBeUndefined();
    await cards.first().getByRole("link", { name: "2027年春季满意度调查", exact: true }).click();
    await page.waitForURL(new RegExp(`/staff/campaigns/${first}/dashboard$`));
    await switcher.locator("summary").click();
    await expect(switcher.textContent()).resolves.not.toContain("2027年秋季第二轮");
  });

  it("has no WCAG 2.1 A/AA violations on the list, the form with an error, the overview and the switcher", async () => {
    // One campaign left: signing in opens it.
    const page = await signedIn(admin, /\/staff\/campaigns\/\d+\//, true);
    const id = idIn(page);
    await page.goto(`${server.url}/staff/campaigns`);
    await page.locator("#campaigns > li").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/staff/campaigns/new`);
    await page.getByRole("button", { name: "新建", exact: true }).click();
    await page.locator("#new-name-error").filter({ hasText: "活动名称" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/staff/campaigns/${id}/settings`);
    await page.locator("#campaign-form").waitFor();
    const switcher = page.locator("#campaign-switcher");
    await switcher.locator("summary").click();
    await expect(switcher.getAttribute("open")).resolves.toBe("");
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(switcher.getAttribute("open")).resolves.toBeNull();
  });
});
