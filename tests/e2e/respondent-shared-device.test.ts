import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import {
  answerIntroAsParent,
  answerToLastPage,
  pageTitle,
  question,
  seeText,
  storedDraft,
  tapButton,
  weChatAndroid,
} from "./respondent-steps.ts";

const another = "家里还有其他人要填写";

// A family's one phone: the real page in Chromium, as WeChat opens a poster's QR code.
describe.skipIf(!chromiumPath())("a shared-device link on one phone", () => {
  let server: TestServer;
  let chromium: TestBrowser;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  const rowsFor = (campaignId: number) =>
    server.db
      .selectFrom("response")
      .select(["id", "device_token", "answers"])
      .where("campaign_id", "=", campaignId)
      .orderBy("received_at")
      .execute();

  async function openOnPhone(seeded: SeededCampaign) {
    const context = await chromium.newPhone({ userAgent: weChatAndroid });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${seeded.tokens.schoolChannel}`);
    await pageTitle(page).first().waitFor();
    return { context, page };
  }

  /** Answers the whole questionnaire and sends it; returns the id it went under. */
  async function answerAndSend(page: Page, token: string, comment: string): Promise<string> {
    await answerIntroAsParent(page);
    await answerToLastPage(page);
    await question(page, "comment").locator("textarea").fill(comment);
    const draft = await storedDraft(page, token);
    if (!draft) throw new Error("no draft in localStorage before submitting");
    await tapButton(page, "提交");
    await seeText(page, "提交成功，感谢您的参与");
    return draft.responseId;
  }

  it("takes a second person's answers as a response of their own, from page 1", async () => {
    const seeded = await seedCampaign(server.db);
    const token = seeded.tokens.schoolChannel;
    await server.db
      .updateTable("channel")
      .set({ shared_device: true })
      .where("token", "=", token)
      .execute();
    const { context, page } = await openOnPhone(seeded);
    try {
      const mother = await answerAndSend(page, token, "妈妈：希望增加课后服务。");
      await page.getByRole("button", { name: another }).tap();

      // A fresh sheet: page 1, nothing chosen, a new id.
      await question(page, "identity").waitFor();
      await expect(page.locator("#screen").isHidden()).resolves.toBe(true);
      await expect(question(page, "identity").locator("input:checked").count()).resolves.toBe(0);
      const fresh = await storedDraft(page, token);
      expect(fresh?.responseId).toBeTruthy();
      expect(fresh?.responseId).not.toBe(mother);
      expect(fresh?.data).toEqual({});

      const father = await answerAndSend(page, token, "爸爸：希望改善校门口交通。");
      expect(father).not.toBe(mother);
      const rows = await rowsFor(seeded.campaignId);
      expect(rows.map((r) => r.id)).toEqual([mother, father]);
      expect(rows.map((r) => (r.answers as { comment?: string }).comment)).toEqual([
        "妈妈：希望增加课后服务。",
        "爸爸：希望改善校门口交通。",
      ]);
      // One phone, one device token: the link's setting is what keeps it from being flagged.
      expect(new Set(rows.map((r) => r.device_token)).size).toBe(1);

      // Coming back later: answered already, and the next person may still start.
      await page.reload();
      await seeText(page, "您已填写过本次调查");
      await page.getByRole("button", { name: another }).tap();
      await question(page, "identity").waitFor();
      const third = await storedDraft(page, token);
      expect([mother, father]).not.toContain(third?.responseId);
    } finally {
      await context.close();
    }
  });

  it("keeps an ordinary link at one response per phone, with no way to start another", async () => {
    const seeded = await seedCampaign(server.db);
    const token = seeded.tokens.schoolChannel;
    const { context, page } = await openOnPhone(seeded);
    try {
      const only = await answerAndSend(page, token, "希望增加课后服务。");
      await expect(page.locator("#screen button").count()).resolves.toBe(0);
      await page.goto(`${server.url}/s/${token}`);
      await seeText(page, "您已填写过本次调查");
      await expect(page.locator(".sd-root-modern").count()).resolves.toBe(0);
      await expect(page.locator("#screen button").count()).resolves.toBe(0);
      await expect(page.getByText(another).count()).resolves.toBe(0);
      expect((await rowsFor(seeded.campaignId)).map((r) => r.id)).toEqual([only]);
    } finally {
      await context.close();
    }
  });
});
