import { fileURLToPath } from "node:url";
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
  satisfactionItems,
  seeText,
  tapButton,
} from "./respondent-steps.ts";

const axePath = fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe-core's WCAG 2.0 A/AA and 2.1 AA rules on the page once it has settled: a question
 * fading in is checked for contrast at its final colours, not halfway through.
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== "running"),
  );
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, opts: unknown): Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations;
  });
  return (violations as AxeViolation[]).map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n"),
  );
}

describe.skipIf(!chromiumPath())("the respondent page for every reader", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let seeded: SeededCampaign;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    seeded = await seedCampaign(server.db, { schools: 12 });
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  async function open(link: keyof SeededCampaign["tokens"], width = 390, bypassCSP = false) {
    const context = await chromium.newPhone({ viewport: { width, height: 740 }, bypassCSP });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${seeded.tokens[link]}`);
    await pageTitle(page).first().waitFor();
    return { context, page };
  }

  it("has no WCAG 2.1 A/AA violations on the first page, an items page and the thank-you page", async () => {
    // The test injects axe-core as a script; the page's CSP rightly forbids that, so it is bypassed here.
    const { context, page } = await open("districtChannel", 390, true);
    try {
      expect(await axeViolations(page)).toEqual([]);
      await answerIntroAsParent(page);
      // A required question left empty: the error message must pass too.
      await tapButton(page, "下一页");
      await question(page, "school").locator(".sd-question__erbox").first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
    const school = await open("schoolChannel", 390, true);
    try {
      await answerIntroAsParent(school.page);
      await tapButton(school.page, "下一页");
      await question(school.page, "sat_overall").waitFor();
      expect(await axeViolations(school.page)).toEqual([]);
      await tapButton(school.page, "上一页");
      await answerToLastPage(school.page);
      await tapButton(school.page, "提交");
      await seeText(school.page, "提交成功，感谢您的参与");
      expect(await axeViolations(school.page)).toEqual([]);
    } finally {
      await school.context.close();
    }
  });

  it("switches the questions and the page to English and back", async () => {
    const { context, page } = await open("schoolChannel");
    try {
      const switcher = page.locator("#lang-switch");
      await expect(switcher.textContent()).resolves.toBe("English");
      // How long it takes (12 questions), and the page counter with Chinese punctuation.
      const duration = page.locator("#duration");
      await expect(duration.textContent()).resolves.toBe("用时约 2 分钟");
      await seeText(page, "第 1 页，共 4 页");
      await switcher.tap();
      await seeText(page, "Which of these describes you?");
      await expect(page.getByText("您的身份是").count()).resolves.toBe(0);
      await expect(
        page.locator("input.sd-navigation__next-btn").getAttribute("value"),
      ).resolves.toBe("Next");
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("en");
      await expect(page.locator(".sd-root-modern").getAttribute("lang")).resolves.toBe("en");
      await expect(switcher.textContent()).resolves.toBe("中文");
      await seeText(page, "Page 1 of 4"); // survey-core's own strings follow too
      await expect(duration.textContent()).resolves.toBe("About 2 minutes to complete");
      await expect(duration.getAttribute("lang")).resolves.toBe("en");
      // The campaign heading is Chinese data and says so to screen readers.
      await expect(page.locator("header").getAttribute("lang")).resolves.toBe("zh-CN");

      await page.reload(); // the choice is remembered with the draft
      await seeText(page, "Which of these describes you?");
      await page.locator("#lang-switch").tap();
      await seeText(page, "您的身份是");
      await expect(page.locator(".sd-root-modern").getAttribute("lang")).resolves.toBe("zh-CN");
      await expect(duration.textContent()).resolves.toBe("用时约 2 分钟");
      await seeText(page, "第 1 页，共 4 页");
    } finally {
      await context.close();
    }
  });

  it("fits a 320 px screen without sideways scrolling, with tap targets of 44 px or more", async () => {
    const { context, page } = await open("districtChannel", 320);
    try {
      const overflow = () =>
        page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
      expect(await overflow()).toBe(0);
      await answerIntroAsParent(page);
      expect(await overflow()).toBe(0);
      const heights = async (selector: string) =>
        await page
          .locator(selector)
          .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      for (const h of await heights(".sd-selectbase__label")) expect(h).toBeGreaterThanOrEqual(44);
      for (const h of await heights("#lang-switch, .sd-body__navigation .sd-btn")) {
        expect(h).toBeGreaterThanOrEqual(44);
      }

      // Items page: every satisfaction option is a tall enough, full-width target.
      const token = seeded.tokens.schoolChannel;
      await page.goto(`${server.url}/s/${token}`);
      await answerIntroAsParent(page);
      await tapButton(page, "下一页");
      await question(page, "sat_overall").waitFor();
      expect(await overflow()).toBe(0);
      for (const name of satisfactionItems) {
        const boxes = await question(page, name)
          .locator(".sd-selectbase__label")
          .evaluateAll((els) =>
            els.map((e) => e.getBoundingClientRect()).map((r) => ({ h: r.height, w: r.width })),
          );
        expect(boxes).toHaveLength(4);
        for (const box of boxes) {
          expect(box.h).toBeGreaterThanOrEqual(44);
          expect(box.w).toBeGreaterThan(200);
        }
      }
    } finally {
      await context.close();
    }
  });
});
