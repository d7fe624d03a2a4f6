import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { pageTitle, weChatAndroid } from "./respondent-steps.ts";

const contact = "测试区教育局督导室 027-12345678（工作日 9:00–17:00）";
const day = 24 * 3600 * 1000;

describe.skipIf(!chromiumPath())("a survey link in WeChat says who runs the survey", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let phone: BrowserContext;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    phone = await chromium.newPhone({ userAgent: weChatAndroid });
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  async function campaignLink(status: "open" | "closed", closesAt: Date): Promise<string> {
    const seeded = await seedCampaign(server.db, {
      status,
      opensAt: new Date(closesAt.getTime() - 20 * day),
      closesAt,
      schools: 1,
    });
    await server.db
      .updateTable("campaign")
      .set({ contact_line: contact })
      .where("id", "=", seeded.campaignId)
      .execute();
    return `${server.url}/s/${seeded.tokens.schoolChannel}`;
  }

  it("a closed campaign's link shows the closed page with the bureau and whom to ask", async () => {
    // Closed at midnight Beijing time on 21 June: the last day was 20 June.
    const link = await campaignLink("closed", new Date("2026-06-20T16:00:00Z"));
    const page = await phone.newPage();
    const res = await page.goto(link);
    expect(res?.status()).toBe(410);
    const heading = page.locator("h1");
    await expect(heading.textContent()).resolves.toBe("调查已结束");
    expect(await heading.isVisible()).toBe(true);
    const body = await page.locator("main section").first().innerText();
    expect(body).toContain("本次调查已于2026年6月20日结束，感谢关注。");
    expect(body).toContain("主办单位：测试区教育局");
    expect(body).toContain(`咨询：${contact}`);
    // The campaign is named above, as on the survey page; English follows below the Chinese.
    await expect(page.locator("header").innerText()).resolves.toContain("测试区满意度调查");
    await expect(page.locator("section[lang=en] h2").textContent()).resolves.toBe(
      "The survey has closed",
    );
    // Fits the phone: nothing scrolls sideways; the Chinese notice is in the first screen.
    const widths = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1] as number);
    const box = await page.locator("main section").first().boundingBox();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThan(844);
    await page.close();
  });

  it("the open survey says it under the heading, and the labels follow the language switch", async () => {
    const link = await campaignLink("open", new Date(Date.now() + 10 * day));
    const page = await phone.newPage();
    await page.goto(link);
    await pageTitle(page).first().waitFor();
    const runBy = page.locator("header .jh-runner").first();
    const ask = page.locator("header .jh-runner").nth(1);
    await expect(runBy.innerText()).resolves.toBe("主办单位：测试区教育局");
    await expect(ask.innerText()).resolves.toBe(`咨询：${contact}`);
    await page.locator("#lang-switch").tap();
    await expect(runBy.innerText()).resolves.toBe("Run by: 测试区教育局");
    await expect(ask.innerText()).resolves.toBe(`Questions: ${contact}`);
    await expect(runBy.locator("[data-text]").getAttribute("lang")).resolves.toBe("en");
    await page.close();
  });
});
