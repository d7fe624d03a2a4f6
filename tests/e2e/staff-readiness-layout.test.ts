import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { type StaffDemo, axeViolations, seedStaffDemo, signIn } from "./staff-steps.ts";

/** Server round trips on a busy 2-core machine: poll for up to 20 s. */
const patient = { timeout: 20_000 };
/** Where the screenshots go, to be looked at by a person. */
const shots = path.join(tmpdir(), "junheng-readiness-layout");
const wide = { viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false };

/** Ids and codes an official must never read: snake_case keys, file names of the docs. */
const internal = /DOMAIN|\.md\b|\b[a-z]+_[a-z_]+\b|\b(?:veto|guarantee|quality|resource):/;

/**
 * The readiness page's wording and layout in Chromium: the column of schools or units behind a
 * fail, vetoes that "exist" or not, no internal codes, amounts with separators (万元), overdue
 * due dates, and the budget table and the 2017 list readable at 1366 px and at 390 px.
 */
describe.skipIf(!chromiumPath())("the readiness page's wording and layout", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let demo: StaffDemo;
  let quality: SeededCampaign;
  const qualityAdmin = { username: "quality-admin", password: "pw-quality-admin-0123456789" };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    demo = await seedStaffDemo(server.db, 60);
    quality = await seedCampaign(server.db, { schools: 4, scheme: "quality_2017" });
    await createStaffAccount(
      server.db,
      { ...qualityAdmin, role: "admin", campaignId: quality.campaignId },
      { label: "test" },
    );
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await chromium?.close();
    await server?.close();
  });

  async function open(size: "wide" | "phone"): Promise<Page> {
    // bypassCSP: the accessibility check injects its script.
    const context = await chromium.newPhone({
      ...(size === "wide" ? { ...wide, deviceScaleFactor: 1 } : {}),
      bypassCSP: true,
    });
    contexts.push(context);
    return context.newPage();
  }

  const row = (page: Page, id: string) =>
    page.locator(`#readiness-criteria tr[data-criterion="${id}"]`);
  /** A picture of one part of the page (at most `height` px of it), for a person to look at. */
  async function shot(page: Page, selector: string, name: string, height = 1400): Promise<void> {
    const part = page.locator(selector).first();
    // Visible means a box of some size: a part still being drawn is waited for.
    await part.waitFor({ state: "visible", ...patient });
    const box = await part.evaluate((e) => {
      const r = e.getBoundingClientRect();
      return { y: r.top + window.scrollY, height: r.height };
    });
    await page.screenshot({
      path: path.join(shots, `${name}.png`),
      fullPage: true,
      clip: {
        x: 0,
        y: box.y,
        width: page.viewportSize()?.width ?? 390,
        height: Math.min(height, box.height),
      },
    });
  }
  /** No part of the page is wider than the window: nothing scrolls sideways. */
  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  it("2012 at 1366 px: wording, overdue dates, the budget table in 万元 with separators", async () => {
    const page = await open("wide");
    await signIn(page, server.url, demo.admin);
    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/readiness`);
    await page.locator("#readiness-criteria").waitFor(patient);
    const headings = await page.locator("#readiness-criteria thead th").allTextContents();
    expect(headings.map((h) => h.trim())).toContain("未达标学校或责任单位");
    // Vetoes exist or not; conditions pass or fail.
    await expect(
      row(page, "veto:weak_school_renovation").locator("td").nth(1).textContent(),
    ).resolves.toBe("存在");
    await expect(row(page, "veto:safety").locator("td").nth(1).textContent()).resolves.toBe(
      "不存在",
    );
    const vetoBadges = await page
      .locator('#readiness-criteria tr[data-criterion^="veto:"] td:nth-child(3)')
      .allTextContents();
    for (const b of vetoBadges) expect(["存在", "不存在", "待定"]).toContain(b.trim());
    // The demo's renovation was due on 2026-04-30 and is still not done.
    await page
      .locator('#veto-list li[data-item="weak_school_renovation"] input[type=date]')
      .fill("2020-03-31");
    await page
      .locator('#veto-list li[data-item="weak_school_renovation"]')
      .getByRole("button", { name: "保存" })
      .click();
    await page.locator("#readiness-status", { hasText: "已保存" }).waitFor(patient);
    await expect(
      row(page, "veto:weak_school_renovation").locator("[data-overdue]").textContent(),
    ).resolves.toBe("已逾期");
    await expect(row(page, "veto:safety").locator("[data-overdue]").count()).resolves.toBe(0);
    // The budget table: the county totals in 万元 with separators, every column on screen.
    const budget = page.locator("#budget-form");
    const appropriation = budget.locator('input[name="educationAppropriation-0"]');
    expect(await appropriation.inputValue()).toMatch(
      /^\d{1,3}(,\d{3})+(\.\d+)?$|^\d{1,3}(\.\d+)?$/,
    );
    await expect(budget.locator("thead").textContent()).resolves.toContain("万元");
    await budget.screenshot({ path: path.join(shots, "budget-1366.png") });
    const wrap = await budget
      .locator(".jh-budget-wrap")
      .evaluate((e) => e.scrollWidth - e.clientWidth);
    expect(wrap).toBeLessThanOrEqual(1);
    // Typed with separators, saved in yuan, shown again the same way.
    await appropriation.fill("123,456.78");
    await budget.getByRole("button", { name: "保存" }).click();
    const storedFirstYear = async () =>
      Number(
        (
          await server.db
            .selectFrom("budget_year")
            .select("education_appropriation")
            .where("campaign_id", "=", demo.campaignId)
            .orderBy("year")
            .executeTakeFirstOrThrow()
        ).education_appropriation,
      );
    await expect.poll(storedFirstYear, patient).toBe(1_234_567_800);
    await expect
      .poll(
        () => page.locator('#budget-form input[name="educationAppropriation-0"]').inputValue(),
        patient,
      )
      .toBe("123,456.78");
    // What an official reads: no internal codes, no file names, no NaN.
    const text = (await page.locator("#main").innerText()) ?? "";
    expect(text).not.toMatch(internal);
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
    // The left-out list says why, in words.
    await expect(
      page.locator('#left-out tr[data-school="DS011"]').textContent(),
    ).resolves.toContain("教学点");
    await expect(page.locator("#left-out-rules").textContent()).resolves.toContain("民办学校");
    expect(await overflow(page)).toBeLessThanOrEqual(1);
    await shot(page, "#readiness-criteria", "criteria-2012-1366");
    await shot(page, "#readiness-cv-section", "coefficients-2012-1366", 2000);
    await shot(page, 'ul[aria-labelledby="checklist-veto"]', "checklist-2012-1366", 1200);
  });

  it("2012 at 390 px: the budget table becomes one card per year, nothing scrolls sideways", async () => {
    const page = await open("phone");
    await signIn(page, server.url, demo.admin);
    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/readiness`);
    await page.locator("#budget-form").waitFor(patient);
    const card = page.locator("#budget-form tbody tr").first();
    const box = await card.boundingBox();
    expect(box?.width ?? 999).toBeLessThanOrEqual(390);
    // Each field says what it is beside it, and its input is wide enough to read.
    const field = card.locator("td").nth(1);
    const label = await field.evaluate((td) => getComputedStyle(td, "::before").content);
    expect(label).toContain("教育财政拨款（万元）");
    const input = await field.locator("input").boundingBox();
    expect(input?.width ?? 0).toBeGreaterThanOrEqual(100);
    const budget = page.locator("#budget-form");
    expect(await budget.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
    await budget.scrollIntoViewIfNeeded();
    await budget.screenshot({ path: path.join(shots, "budget-390.png") });
    await shot(page, "#readiness-criteria", "criteria-2012-390", 1600);
  });

  it("2017 at 390 and 1366 px: every item listed with its status, figures entered as percentages", async () => {
    const page = await open("phone");
    await signIn(page, server.url, qualityAdmin);
    await page.goto(`${server.url}/staff/campaigns/${quality.campaignId}/readiness`);
    await page.locator("#readiness-criteria").waitFor(patient);
    const ids = await page
      .locator("#readiness-criteria tbody tr")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-criterion") ?? ""));
    const count = (prefix: string) => ids.filter((id) => id.startsWith(prefix)).length;
    expect([
      count("application:"),
      count("resource:"),
      count("guarantee:"),
      count("quality:"),
    ]).toEqual([2, 7, 15, 9]);
    expect(count("veto:")).toBe(7);
    await expect(row(page, "guarantee:music_art_rooms").textContent()).resolves.toContain("待核");
    await expect(row(page, "resource:floor_area").textContent()).resolves.toMatch(
      /每校最低标准：小学 4\.5 m²、初中 5\.8 m²/,
    );
    // Junior retention typed in percent, judged against 95 %.
    const retention = page.locator('#veto-list li[data-item="junior_retention"]');
    await retention.locator('input[data-figure="junior_retention"]').fill("94.2");
    await retention.getByRole("button", { name: "保存" }).click();
    await page.locator("#readiness-status", { hasText: "已保存" }).waitFor(patient);
    await expect(row(page, "quality:junior_retention").getAttribute("data-status")).resolves.toBe(
      "fail",
    );
    await expect(row(page, "quality:junior_retention").textContent()).resolves.toContain(
      "初中三年巩固率 94.2%（标准 ≥ 95%）",
    );
    const text = (await page.locator("#main").innerText()) ?? "";
    expect(text).not.toMatch(internal);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, "#readiness-criteria", "criteria-2017-390", 1600);
    await shot(page, '#veto-list li[data-item="junior_retention"]', "retention-2017-390");

    const wider = await open("wide");
    await signIn(wider, server.url, qualityAdmin);
    await wider.goto(`${server.url}/staff/campaigns/${quality.campaignId}/readiness`);
    await wider.locator("#readiness-criteria").waitFor(patient);
    expect(await overflow(wider)).toBeLessThanOrEqual(1);
    await shot(wider, "#readiness-criteria", "criteria-2017-1366", 2400);
    await shot(wider, 'ul[aria-labelledby="checklist-quality"]', "checklist-2017-1366", 1400);
  });

  it("a school marked private on the schools page is left out of the 2012 coefficients, saying why", async () => {
    const page = await open("wide");
    await signIn(page, server.url, demo.admin);
    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/schools`);
    const rows = page.locator("#schools tbody tr");
    await expect.poll(() => rows.count(), patient).toBe(demo.schoolCodes.length);
    const code = demo.schoolCodes[2] as string;
    await expect(rows.filter({ hasText: code }).textContent()).resolves.toContain(
      "公办 · 县（区）属 · 普通学校",
    );
    await rows.filter({ hasText: code }).getByRole("button", { name: /编辑/ }).click();
    await page.locator("#edit-ownership").selectOption("private");
    await page.locator("#edit-form").getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").filter({ hasText: "已保存" }).waitFor(patient);
    await expect(rows.filter({ hasText: code }).textContent()).resolves.toContain("民办");
    await shot(page, "#schools", "schools-1366", 900);

    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/readiness`);
    const leftOut = page.locator(`#left-out tr[data-school="${code}"]`);
    await leftOut.waitFor(patient);
    await expect(leftOut.textContent()).resolves.toContain("民办学校");
    const excluded = await page
      .locator('table[data-level="primary"] tr[data-indicator="books"] td')
      .nth(2)
      .textContent();
    expect(excluded).toContain("民办学校");
  });
});
