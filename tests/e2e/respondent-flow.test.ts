import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import {
  answerIntroAsParent,
  answerItems,
  answerToLastPage,
  pageTitle,
  question,
  satisfactionItems,
  seeText,
  storedDraft,
  tapButton,
  tapChoice,
} from "./respondent-steps.ts";

// The real page in Debian's Chromium against the real app on PGlite. Skipped
// (with the reason printed by the global setup) when Chromium is missing,
// except under CI=true, where the global setup fails instead.
describe.skipIf(!chromiumPath())("the respondent page in a phone browser", () => {
  let server: TestServer;
  let chromium: TestBrowser;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  async function rowsFor(campaignId: number) {
    return server.db
      .selectFrom("response")
      .select(["id", "school_id", "respondent_group", "answers", "page_seconds", "locale"])
      .where("campaign_id", "=", campaignId)
      .execute();
  }

  async function open(seeded: SeededCampaign, link: keyof SeededCampaign["tokens"]) {
    const context = await chromium.newPhone();
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${seeded.tokens[link]}`);
    await pageTitle(page).first().waitFor();
    return { context, page };
  }

  async function submitAndReadId(page: Page, token: string): Promise<string> {
    const draft = await storedDraft(page, token);
    if (!draft) throw new Error("no draft in localStorage before submitting");
    await tapButton(page, "提交");
    return draft.responseId;
  }

  it("takes a parent's answers through a school poster link and stores them exactly once", async () => {
    const seeded = await seedCampaign(server.db);
    const { context, page } = await open(seeded, "schoolChannel");
    try {
      // The heading is in the HTML itself; the school question is not asked on a school's link.
      await expect(page.locator("h1").textContent()).resolves.toContain("测试区满意度调查");
      await expect(page.locator("#duration").textContent()).resolves.toBe("用时约 2 分钟");
      await expect(question(page, "school").count()).resolves.toBe(0);
      await answerIntroAsParent(page);
      await answerToLastPage(page);
      const id = await submitAndReadId(page, seeded.tokens.schoolChannel);
      await seeText(page, "提交成功，感谢您的参与");
      // Once sent, how long the survey takes is said no more.
      await expect(page.locator("#duration").isHidden()).resolves.toBe(true);

      const rows = await rowsFor(seeded.campaignId);
      expect(rows.map((r) => r.id)).toEqual([id]);
      expect(rows[0]).toMatchObject({ respondent_group: "parent", locale: "zh-cn" });
      expect(rows[0]?.answers).toMatchObject({
        sat_overall: "basically_satisfied",
        aware_source: ["letter"],
      });
      expect(Object.keys(rows[0]?.page_seconds ?? {}).sort()).toEqual(
        ["awareness", "comment", "intro", "items"].sort(),
      );
      const marker = await page.evaluate(
        (key) => localStorage.getItem(key),
        `junheng:done:${seeded.campaignId}`,
      );
      expect(JSON.parse(marker ?? "{}")).toMatchObject({ responseId: id });
      await expect(storedDraft(page, seeded.tokens.schoolChannel)).resolves.toBeNull();

      // Any other link of the same campaign on this phone: a polite page, no form.
      await page.goto(`${server.url}/s/${seeded.tokens.districtChannel}`);
      await seeText(page, "您已填写过本次调查");
      await expect(page.locator(".sd-root-modern").count()).resolves.toBe(0);
      await expect(page.locator("#screen button").count()).resolves.toBe(0);
      expect(await rowsFor(seeded.campaignId)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it("resumes after a reload with the earlier answers on the same page", async () => {
    const seeded = await seedCampaign(server.db);
    const { context, page } = await open(seeded, "schoolChannel");
    try {
      await answerIntroAsParent(page);
      await tapButton(page, "下一页");
      await answerItems(page, satisfactionItems.slice(0, 2));
      const before = await storedDraft(page, seeded.tokens.schoolChannel);
      expect(before).toMatchObject({ currentPage: "items" });

      await page.reload(); // as when WeChat discards the page in the background
      await pageTitle(page).first().waitFor();
      await expect(pageTitle(page).first().textContent()).resolves.toContain(
        "对本区义务教育基本均衡发展的评价",
      );
      await seeText(page, "已恢复您上次填写的内容");
      const checked = (name: string, value: string) =>
        question(page, name).locator(`input[value="${value}"]`).isChecked();
      await expect(checked("sat_nearby_enrolment", "satisfied")).resolves.toBe(true);
      await expect(checked("sat_facility_gap", "basically_satisfied")).resolves.toBe(true);
      await expect(checked("sat_teacher_gap", "satisfied")).resolves.toBe(false);
      const after = await storedDraft(page, seeded.tokens.schoolChannel);
      expect(after?.responseId).toBe(before?.responseId);

      await tapButton(page, "上一页");
      await expect(
        question(page, "identity").locator('input[value="parent"]').isChecked(),
      ).resolves.toBe(true);
      await expect(
        question(page, "child_level").locator('input[value="junior"]').isChecked(),
      ).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });

  it("keeps a sheet completed offline and sends it, once, when the network returns", async () => {
    const seeded = await seedCampaign(server.db);
    const { context, page } = await open(seeded, "schoolChannel");
    try {
      await answerIntroAsParent(page);
      await answerToLastPage(page);
      await context.setOffline(true);
      const id = await submitAndReadId(page, seeded.tokens.schoolChannel);
      await seeText(page, "网络恢复后将自动提交");
      expect(await rowsFor(seeded.campaignId)).toHaveLength(0);

      await context.setOffline(false); // the page hears "online" and sends at once
      await seeText(page, "提交成功，感谢您的参与");
      const rows = await rowsFor(seeded.campaignId);
      expect(rows.map((r) => r.id)).toEqual([id]);
      await expect(page.evaluate(() => localStorage.getItem("junheng:outbox"))).resolves.toBeNull();
    } finally {
      await context.close();
    }
  });

  it("lets a district link's respondent search the school list and pick a school", async () => {
    const seeded = await seedCampaign(server.db, { schools: 12 });
    const school = await server.db
      .selectFrom("school")
      .select(["id", "code", "name"])
      .where("campaign_id", "=", seeded.campaignId)
      .where("name", "=", "青山镇中心小学")
      .executeTakeFirstOrThrow();
    const { context, page } = await open(seeded, "districtChannel");
    try {
      await tapChoice(page, "identity", "学生家长");
      const dropdown = question(page, "school");
      await dropdown.locator(".sd-dropdown").tap();
      const search = page.locator(".sv-popup:visible .sv-list__input");
      await search.tap();
      await search.pressSequentially("青山");
      const options = page.locator(".sv-popup:visible .sv-list__item:visible");
      await expect
        .poll(async () => options.allTextContents(), { timeout: 10_000 })
        .toEqual(expect.arrayContaining([expect.stringContaining("青山镇中心小学")]));
      expect((await options.allTextContents()).every((t) => t.includes("青山"))).toBe(true);
      await options.getByText("青山镇中心小学", { exact: false }).first().tap();
      await expect
        .poll(() => dropdown.locator(".sd-dropdown__value").textContent())
        .toContain("青山镇中心小学");

      await tapChoice(page, "child_level", "小学一至三年级");
      await answerToLastPage(page);
      const id = await submitAndReadId(page, seeded.tokens.districtChannel);
      await seeText(page, "提交成功，感谢您的参与");
      const rows = await rowsFor(seeded.campaignId);
      expect(rows.map((r) => [r.id, r.school_id])).toEqual([[id, school.id]]);
      expect(rows[0]?.answers).toMatchObject({ school: school.code });
    } finally {
      await context.close();
    }
  });
});
