import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import {
  answerIntroAsParent,
  answerToLastPage,
  pageTitle,
  seeText,
  storedDraft,
  tapButton,
  tapChoice,
} from "./respondent-steps.ts";

// A real phone browser reports its funnel stages (PUT /api/visits/:id) while
// the respondent answers; the dashboard's tallies must show them.
describe.skipIf(!chromiumPath())("the respondent page reports the funnel", () => {
  let server: TestServer;
  let chromium: TestBrowser;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  /** Every visit report the page sends, as { id, stage, page }. */
  function reports(page: Page) {
    const sent: { id: string; stage: string; page: number }[] = [];
    page.on("request", (request: Request) => {
      const match = /\/api\/visits\/([0-9a-f-]+)$/.exec(request.url());
      if (!match || request.method() !== "PUT") return;
      const body = JSON.parse(request.postData() ?? "{}") as { stage: string; page: number };
      sent.push({ id: match[1] as string, stage: body.stage, page: body.page });
    });
    return sent;
  }

  async function tallies(seeded: SeededCampaign) {
    const channelId = seeded.setup.schoolChannels[0]?.id ?? 0;
    const db = server.db;
    const visit = await db
      .selectFrom("visit_tally")
      .select(["opened", "started"])
      .where("channel_id", "=", channelId)
      .executeTakeFirst();
    const pages = await db
      .selectFrom("visit_page_tally")
      .select(["page", "reached"])
      .where("channel_id", "=", channelId)
      .orderBy("page")
      .execute();
    const responses = await db
      .selectFrom("response_tally")
      .select((eb) => eb.fn.sum<number>("responses").as("n"))
      .where("channel_id", "=", channelId)
      .executeTakeFirst();
    return {
      opened: visit?.opened ?? 0,
      started: visit?.started ?? 0,
      reached: pages.map((p) => [p.page, p.reached]),
      completed: Number(responses?.n ?? 0),
    };
  }

  it("opened, started, each page and completed arrive in the tallies, each once", async () => {
    const seeded = await seedCampaign(server.db);
    const context = await chromium.newPhone();
    const page = await context.newPage();
    const sent = reports(page);
    try {
      await page.goto(`${server.url}/s/${seeded.tokens.schoolChannel}`);
      await pageTitle(page).first().waitFor();
      await expect.poll(() => tallies(seeded)).toMatchObject({ opened: 1, started: 0 });

      await tapChoice(page, "identity", "学生家长");
      await expect.poll(() => tallies(seeded)).toMatchObject({ opened: 1, started: 1 });
      await tapChoice(page, "child_level", "初中"); // a second answer reports nothing new

      // A reload (WeChat discarding the page) continues the same visit.
      await page.reload();
      await pageTitle(page).first().waitFor();
      await answerIntroAsParent(page);
      await answerToLastPage(page);
      await expect
        .poll(() => tallies(seeded))
        .toMatchObject({
          opened: 1,
          started: 1,
          reached: [
            [1, 1],
            [2, 1],
            [3, 1],
            [4, 1],
          ],
        });
      await tapButton(page, "提交");
      await seeText(page, "提交成功，感谢您的参与");
      await expect.poll(() => tallies(seeded)).toMatchObject({ completed: 1 });

      const ids = new Set(sent.map((s) => s.id));
      expect(ids.size).toBe(1);
      expect(sent.map((s) => `${s.stage}:${s.page}`)).toEqual([
        "opened:1",
        "started:1",
        "page:2",
        "page:3",
        "page:4",
      ]);
      const visits = await server.db
        .selectFrom("visit")
        .selectAll()
        .where("campaign_id", "=", seeded.campaignId)
        .execute();
      expect(visits).toHaveLength(1);
      expect(Object.keys(visits[0] ?? {}).sort()).toEqual(
        ["campaign_id", "channel_id", "furthest_page", "id", "opened_at", "started_at"].sort(),
      );
    } finally {
      await context.close();
    }
  });

  it("never stands in the survey's way when the reports cannot get through", async () => {
    const seeded = await seedCampaign(server.db);
    const context = await chromium.newPhone();
    const page = await context.newPage();
    let refused = 0;
    // The funnel endpoint unreachable (a filtering proxy, a dead route): the survey goes on.
    await page.route("**/api/visits/**", (route) => {
      refused += 1;
      return route.abort("connectionrefused");
    });
    try {
      await page.goto(`${server.url}/s/${seeded.tokens.schoolChannel}`);
      await pageTitle(page).first().waitFor();
      await answerIntroAsParent(page);
      await answerToLastPage(page);
      await tapButton(page, "提交");
      await seeText(page, "提交成功，感谢您的参与");
      await expect(tallies(seeded)).resolves.toMatchObject({ opened: 0, completed: 1 });
      // A lost report is tried again with the next event rather than dropped for good.
      expect(refused).toBeGreaterThanOrEqual(4);
      await expect(storedDraft(page, seeded.tokens.schoolChannel)).resolves.toBeNull();
    } finally {
      await context.close();
    }
  });
});
