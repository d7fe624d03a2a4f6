import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import {
  answerIntroAsParent,
  answerItems,
  pageTitle,
  question,
  tapButton,
  weChatAndroid,
} from "./respondent-steps.ts";

/**
 * A county's 2017 campaign reads as its own: 本县 and 优质均衡 wherever a respondent reads,
 * never the 2012 wording or another kind of district.
 */
describe.skipIf(!chromiumPath())("the questionnaire's wording on a phone in WeChat", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let seeded: SeededCampaign;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    seeded = await seedCampaign(server.db, { scheme: "quality_2017", schools: 2 });
    await server.db
      .updateTable("district")
      .set({ name: "清河县", level: "county", bureau_name: "清河县教育局" })
      .where("id", "=", seeded.setup.districtId)
      .execute();
    await server.db
      .updateTable("campaign")
      .set({ name: "清河县2026年义务教育优质均衡发展满意度调查", district: "清河县" })
      .where("id", "=", seeded.campaignId)
      .execute();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  async function open(token: string) {
    const context = await chromium.newPhone({ userAgent: weChatAndroid });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${token}`);
    await pageTitle(page).first().waitFor();
    return { context, page };
  }

  /** What the respondent can read now; it must never carry the 2012 or 区 wording. */
  async function readable(page: Page): Promise<string> {
    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/本区|基本均衡|\{\w+\}/);
    return text;
  }

  it("a parent reads 本县 and 优质均衡 on every page", async () => {
    const { context, page } = await open(seeded.tokens.schoolChannel);
    try {
      const intro = await readable(page);
      expect(intro).toContain("清河县义务教育优质均衡发展社会满意度调查");
      await answerIntroAsParent(page);
      await tapButton(page, "下一页");
      await expect(pageTitle(page).first().textContent()).resolves.toContain(
        "对本县义务教育优质均衡发展的评价",
      );
      const items = await readable(page);
      expect(items).toContain("您对本县规范招生、治理择校的情况是否满意？");
      expect(items).toContain("您对本县缩小学校之间办学条件");
      await answerItems(page);
      await tapButton(page, "下一页");
      await question(page, "aware_campaign").waitFor();
      const awareness = await readable(page);
      expect(awareness).toContain("您是否知道本县正在创建义务教育优质均衡发展县？");
    } finally {
      await context.close();
    }
  });

  it("a student's link asks no identity question and speaks to the student", async () => {
    const link = seeded.setup.districtChannels.find((c) => c.questionnaireKey === "student");
    if (!link) throw new Error("the 2017 campaign has no student link");
    const { context, page } = await open(link.token);
    try {
      await question(page, "grade").waitFor();
      await expect(question(page, "identity").count()).resolves.toBe(0);
      await readable(page);
    } finally {
      await context.close();
    }
  });
});
