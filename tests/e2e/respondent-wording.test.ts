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
  seeText,
  tapButton,
  tapChoice,
  weChatAndroid,
} from "./respondent-steps.ts";

/**
 * A county's 2017 campaign, made from the 2017 library as every campaign is (its scheme's
 * files on the scheme's default scale), reads as its own: 本县 and 优质均衡 wherever a
 * respondent reads, never the 2012 wording or another kind of district; and its 学生卷 is
 * served to students' links only.
 */
describe.skipIf(!chromiumPath())("the questionnaire's wording on a phone in WeChat", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let seeded: SeededCampaign;
  /** The social questionnaire's satisfaction items, as the campaign stored them. */
  let socialItems: string[];

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
    const social = await server.db
      .selectFrom("questionnaire")
      .select("item_roles")
      .where("campaign_id", "=", seeded.campaignId)
      .where("key", "=", "social")
      .executeTakeFirstOrThrow();
    socialItems = social.item_roles.satisfaction ?? [];
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  async function open(token: string) {
    const context = await chromium.newPhone({ userAgent: weChatAndroid });
    const page = await context.newPage();
    expect(page.viewportSize()).toEqual({ width: 390, height: 844 });
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

  /** Nothing of the 学生卷 on a page that is not a student's. */
  async function noStudentQuestionnaire(page: Page): Promise<void> {
    await expect(question(page, "grade").count()).resolves.toBe(0);
    await expect(question(page, "sat_fairness").count()).resolves.toBe(0);
    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/学生问卷|你现在读几年级/);
  }

  it("a parent reads 本县 and 优质均衡 on every page of the 社会卷, and never the 学生卷", async () => {
    const { context, page } = await open(seeded.tokens.schoolChannel);
    try {
      const intro = await readable(page);
      expect(intro).toContain("清河县义务教育优质均衡发展社会满意度调查");
      await noStudentQuestionnaire(page);
      // The 社会卷 asks who answers; students are not among them.
      const identity = await question(page, "identity").innerText();
      expect(identity).toContain("学生家长");
      expect(identity).not.toMatch(/学生\s*$|^学生$/m);
      await answerIntroAsParent(page);
      await tapButton(page, "下一页");
      await expect(pageTitle(page).first().textContent()).resolves.toContain(
        "对本县义务教育优质均衡发展的评价",
      );
      const items = await readable(page);
      // The 2017 topics, in plain and neutral words.
      expect(items).toContain("您对本县规范招生、治理择校的情况是否满意？");
      expect(items).toContain("您对本县减轻学生过重作业负担的情况是否满意？");
      expect(items).toContain("您对本县政府推进义务教育优质均衡发展的努力程度是否满意？");
      expect(items).toContain("总体而言，您对本县义务教育优质均衡发展的情况是否满意？");
      // The 2017 default scale: four points and 不了解.
      const options = await question(page, "sat_overall")
        .locator(".sd-item__control-label")
        .allInnerTexts();
      expect(options.map((o) => o.trim())).toEqual([
        "满意",
        "比较满意",
        "基本满意",
        "不满意",
        "不了解",
      ]);
      await noStudentQuestionnaire(page);
      expect(socialItems.length).toBeGreaterThanOrEqual(10);
      await answerItems(page, socialItems);
      await tapButton(page, "下一页");
      await question(page, "aware_campaign").waitFor();
      const awareness = await readable(page);
      expect(awareness).toContain("您是否知道本县正在创建义务教育优质均衡发展县？");
      await tapChoice(page, "aware_campaign", "知道");
      await tapChoice(page, "aware_source", "家长会");
      await tapButton(page, "下一页");
      await question(page, "comment").waitFor();
      await readable(page);
      await tapButton(page, "提交");
      await seeText(page, "提交成功，感谢您的参与");
      const stored = await server.db
        .selectFrom("response as r")
        .innerJoin("questionnaire as q", "q.id", "r.questionnaire_id")
        .select(["q.key", "r.respondent_group"])
        .where("r.campaign_id", "=", seeded.campaignId)
        .execute();
      expect(stored).toEqual([{ key: "social", respondent_group: "parent" }]);
    } finally {
      await context.close();
    }
  });

  it("the district's social and staff links never serve the 学生卷 either", async () => {
    for (const token of [seeded.tokens.districtChannel, seeded.tokens.staffChannel]) {
      const { context, page } = await open(token);
      try {
        await readable(page);
        await noStudentQuestionnaire(page);
        await question(page, "identity").waitFor();
        const identity = await question(page, "identity").innerText();
        expect(identity).not.toMatch(/^学生$/m);
      } finally {
        await context.close();
      }
    }
  });

  it("a student's link serves the 学生卷: no identity question, statements a child reads", async () => {
    const link = seeded.setup.districtChannels.find((c) => c.questionnaireKey === "student");
    if (!link) throw new Error("the 2017 campaign has no student link");
    expect(link.presetGroup).toBe("student");
    const { context, page } = await open(link.token);
    try {
      await question(page, "grade").waitFor();
      await expect(question(page, "identity").count()).resolves.toBe(0);
      const intro = await readable(page);
      expect(intro).toContain("清河县义务教育优质均衡发展调查（学生问卷）");
      const dropdown = question(page, "school");
      await dropdown.locator(".sd-dropdown").tap();
      const options = page.locator(".sv-popup:visible .sv-list__item:visible");
      await options.first().waitFor();
      await options.first().tap();
      await expect
        .poll(async () => (await dropdown.locator(".sd-dropdown__value").textContent())?.trim())
        .not.toBe("");
      await tapChoice(page, "grade", "五年级");
      await tapButton(page, "下一页");
      await question(page, "sat_fairness").waitFor();
      const items = await readable(page);
      expect(items).toContain("老师能公平对待班上每一位同学，你对这一点满意吗？");
      expect(items).toContain("现在的作业量，你满意吗？");
      // Questions speak to the child (你), never as to an adult (您).
      const titles = await page.locator(".sd-question__title").allInnerTexts();
      expect(titles.length).toBeGreaterThanOrEqual(9);
      for (const title of titles) expect(title).not.toContain("您");
    } finally {
      await context.close();
    }
  });
});
