import type { Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { question, storedDraft, tapChoice } from "./respondent-steps.ts";
import { axeViolations } from "./staff-steps.ts";

/**
 * The first questions arrive as plain HTML with the page: on a slow 4G link a
 * parent can answer before any script has arrived, and the answer survives the renderer's
 * arrival. Scripts are held back here until the test lets them through.
 */
describe.skipIf(!chromiumPath())("the first questions before the scripts arrive", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let seeded: SeededCampaign;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    seeded = await seedCampaign(server.db);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  /** Opens a link with every script held until `release()`. */
  async function openHeld(token: string) {
    // bypassCSP: the accessibility check injects axe-core as an inline script.
    const context = await chromium.newPhone({ bypassCSP: true });
    const page = await context.newPage();
    const held: Route[] = [];
    let released = false;
    await page.route("**/assets/*.js", (route) => {
      if (released) void route.continue();
      else held.push(route);
    });
    // Module scripts hold back DOMContentLoaded and load: wait for the HTML only.
    await page.goto(`${server.url}/s/${token}`, { waitUntil: "commit" });
    await page.locator("#first-questions").waitFor();
    const release = async () => {
      released = true;
      // Routes of a page since reloaded are gone: nothing to continue there.
      await Promise.all(held.map((route) => route.continue().catch(() => undefined)));
    };
    return { context, page, release };
  }

  const firstBlock = (page: Page) => page.locator("#first-questions");

  it("takes a tap before any script runs and hands it to the renderer", async () => {
    const { context, page, release } = await openHeld(seeded.tokens.schoolChannel);
    try {
      const identity = firstBlock(page).locator('[data-name="identity"]');
      await expect(identity.locator("legend").textContent()).resolves.toContain("您的身份是");
      // Nothing is chosen for the respondent.
      await expect(firstBlock(page).locator("input:checked").count()).resolves.toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await identity.getByText("学生家长", { exact: true }).tap();
      await expect(identity.locator('input[value="parent"]').isChecked()).resolves.toBe(true);
      // No script has run yet: the renderer is absent and nothing is saved.
      await expect(page.locator(".sd-question").count()).resolves.toBe(0);
      expect(await storedDraft(page, seeded.tokens.schoolChannel)).toBeNull();

      await release();
      // The renderer shows the same question with the same answer, and what follows from it.
      await question(page, "child_level").waitFor({ timeout: 30_000 });
      await expect(
        question(page, "identity").locator('input[value="parent"]').isChecked(),
      ).resolves.toBe(true);
      await expect(firstBlock(page).count()).resolves.toBe(0);
      const draft = await storedDraft(page, seeded.tokens.schoolChannel);
      expect(draft?.data).toMatchObject({ identity: "parent" });
    } finally {
      await context.close();
    }
  });

  it("saves a tap made after the small script ran but before the renderer arrived", async () => {
    const context = await chromium.newPhone();
    const page = await context.newPage();
    try {
      // Only the renderer's chunk is held: the entry (outbox, drafts) runs.
      const html = await (await fetch(`${server.url}/s/${seeded.tokens.schoolChannel}`)).text();
      const entry = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
      expect(entry).toBeTruthy();
      const held: Route[] = [];
      let released = false;
      await page.route("**/assets/*.js", (route) => {
        if (released || new URL(route.request().url()).pathname === entry) void route.continue();
        else held.push(route);
      });
      await page.goto(`${server.url}/s/${seeded.tokens.schoolChannel}`);
      // The entry has started the draft (it holds a response id) while the renderer is held.
      await expect
        .poll(async () => (await storedDraft(page, seeded.tokens.schoolChannel))?.responseId, {
          timeout: 15_000,
        })
        .toBeTruthy();
      await firstBlock(page).getByText("政协委员", { exact: true }).tap();
      await expect
        .poll(async () => (await storedDraft(page, seeded.tokens.schoolChannel))?.data)
        .toEqual({ identity: "cppcc_member" });

      // A reload before the renderer ever came shows the saved answer again.
      await page.reload();
      await expect
        .poll(() => firstBlock(page).locator('input[value="cppcc_member"]').isChecked())
        .toBe(true);

      released = true;
      // The first load's held chunk belonged to the page before the reload: gone, not continued.
      await Promise.all(held.map((route) => route.continue().catch(() => undefined)));
      await question(page, "identity").waitFor({ timeout: 30_000 });
      await expect(
        question(page, "identity").locator('input[value="cppcc_member"]').isChecked(),
      ).resolves.toBe(true);
      // Changing it in the renderer works as ever.
      await tapChoice(page, "identity", "学生家长");
      await expect
        .poll(async () => (await storedDraft(page, seeded.tokens.schoolChannel))?.data.identity)
        .toBe("parent");
    } finally {
      await context.close();
    }
  });
});
