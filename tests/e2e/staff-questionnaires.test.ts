import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { question, seeText, tapButton, tapChoice } from "./respondent-steps.ts";
import { type StaffDemo, axeViolations, desktop, seedStaffDemo, signIn } from "./staff-steps.ts";

/** Server round trips on a busy 2-core machine: poll for up to 20 s. */
const patient = { timeout: 20_000 };
/** A locator's text, for polling. */
const textOf = (locator: Locator) => () => locator.textContent().then((t) => (t ?? "").trim());
type Json = Record<string, unknown>;

const newWording = "您对本{area}学校之间办学条件差距缩小的情况是否满意？（修订）";
const localTitle = "您的孩子每周去学校图书馆吗？";

/** The text of option `value` of question `name` in a stored SurveyJS JSON. */
function optionText(survey: Json, name: string, value: string): string {
  for (const page of survey.pages as Json[]) {
    for (const element of page.elements as Json[]) {
      if (element.name !== name) continue;
      const choice = (element.choices as Json[]).find((c) => c.value === value);
      return String((choice?.text as Json | undefined)?.default ?? value);
    }
  }
  throw new Error(`no option ${name}.${value}`);
}

describe.skipIf(!chromiumPath())("editing a questionnaire in the staff pages", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let demo: StaffDemo;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    demo = await seedStaffDemo(server.db, 40);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await chromium?.close();
    await server?.close();
  });

  async function adminPage(path: string): Promise<Page> {
    const context = await chromium.newPhone({ ...desktop, acceptDownloads: true, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, demo.admin);
    await page.goto(`${server.url}/staff/campaigns/${demo.campaignId}/${path}`);
    return page;
  }

  const socialVersions = () =>
    server.db
      .selectFrom("questionnaire")
      .select(["id", "version", "definition"])
      .where("campaign_id", "=", demo.campaignId)
      .where("key", "=", "social")
      .orderBy("version")
      .execute();

  it("rewords a question, adds a local one, previews both on a phone and saves version 2", async () => {
    const page = await adminPage("questionnaires");
    const versions = page.locator("#qe-versions-table tbody tr");
    await expect.poll(() => versions.count(), patient).toBeGreaterThan(1);
    await page.locator("#qe-list [data-edit]").first().waitFor(patient);
    const frame = page.frameLocator("#qe-preview-frame");
    // The preview is the respondent page's renderer, with the campaign's words filled in.
    await frame.locator('.sd-question[data-name="sat_facility_gap"]').waitFor(patient);

    await page.locator('[data-edit="sat_facility_gap"]').click();
    await page.locator("#qe-title-zh").fill(newWording);
    await page.locator("#qe-title-en").fill("Are the gaps between schools narrowing? (revised)");

    await page.locator("#qe-add-type").selectOption("radiogroup");
    await page.locator("#qe-add button[type=submit]").click();
    await expect.poll(textOf(page.locator("#qe-form-title")), patient).toContain("local_1");
    await page.locator("#qe-title-zh").fill(localTitle);
    await page.locator("#qe-title-en").fill("Does your child use the school library each week?");
    await page.locator('[data-option="0"][data-lang="zh"]').fill("去");
    await page.locator('[data-option="0"][data-lang="en"]').fill("Yes");
    await page.locator('[data-option-value="0"]').fill("yes");
    await page.locator('[data-option="1"][data-lang="zh"]').fill("不去");
    await page.locator('[data-option="1"][data-lang="en"]').fill("No");
    await page.locator('[data-option-value="1"]').fill("no");
    await page.locator("#qe-required").check();

    // Reorder by keyboard: the new question moves up one place, above the overall item.
    const order = () =>
      page
        .locator("#qe-list [data-remove]")
        .evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.remove));
    const before = await order();
    await page.locator('[data-move="local_1"][data-delta="-1"]').focus();
    await page.keyboard.press("Enter");
    const after = await order();
    expect(after.indexOf("local_1")).toBe(before.indexOf("local_1") - 1);
    expect(
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.move),
    ).toBe("local_1");
    // The identity question cannot go, and the page says why.
    expect(await page.locator('[data-remove="identity"]').isDisabled()).toBe(true);

    const preview = frame.locator('.sd-question[data-name="local_1"]');
    await expect.poll(textOf(preview), patient).toContain(localTitle);
    await expect
      .poll(textOf(frame.locator('.sd-question[data-name="sat_facility_gap"]')), patient)
      .toContain("您对本区学校之间办学条件差距缩小的情况是否满意？（修订）");
    expect(await frame.locator("body").textContent()).not.toContain("{area}");
    const width = await page
      .locator("#qe-preview-frame")
      .evaluate((f) => f.getBoundingClientRect().width);
    expect(Math.round(width)).toBe(390);
    expect(await axeViolations(page)).toEqual([]);

    await page.locator("#qe-save").click();
    await expect
      .poll(textOf(page.locator("#qe-save-result")), patient)
      .toContain("已保存为第 2 版");
    const stored = await socialVersions();
    expect(stored.map((v) => v.version)).toEqual([1, 2]);
    expect(JSON.stringify(stored[1]!.definition)).toContain(newWording);
    expect(JSON.stringify(stored[0]!.definition)).not.toContain(newWording);
    await expect
      .poll(
        textOf(versions.filter({ hasText: "社会问卷" }).filter({ hasText: "第 2 版" })),
        patient,
      )
      .toContain("当前版本");
  });

  it("serves version 2 on the link at 390×844, and the report counts both versions", async () => {
    const [v1, v2] = await socialVersions();
    const link = await server.db
      .selectFrom("channel")
      .select("token")
      .where("campaign_id", "=", demo.campaignId)
      .where("questionnaire_id", "=", v2!.id)
      .where("school_id", "is", null)
      .where("respondent_group", "is", null)
      .executeTakeFirstOrThrow();
    const survey = v2!.definition;
    const context = await chromium.newPhone();
    contexts.push(context);
    const phone = await context.newPage();
    await phone.goto(`${server.url}/s/${link.token}`);
    await tapChoice(phone, "identity", optionText(survey, "identity", "resident"));
    await tapButton(phone, "下一页");
    await seeText(phone, "您对本区学校之间办学条件差距缩小的情况是否满意？（修订）");
    expect(await question(phone, "local_1").textContent()).toContain(localTitle);
    const satisfied = optionText(survey, "sat_overall", "satisfied");
    for (const element of (survey.pages as Json[]).find((p) => p.name === "items")!
      .elements as Json[]) {
      const name = String(element.name);
      if (name === "local_1") await tapChoice(phone, name, "去");
      else await tapChoice(phone, name, satisfied);
    }
    await tapButton(phone, "下一页");
    await tapChoice(phone, "aware_campaign", optionText(survey, "aware_campaign", "heard"));
    await tapChoice(phone, "aware_source", optionText(survey, "aware_source", "letter"));
    await tapButton(phone, "下一页");
    await tapButton(phone, "提交");
    await expect
      .poll(
        () =>
          server.db
            .selectFrom("response")
            .select("id")
            .where("questionnaire_id", "=", v2!.id)
            .execute()
            .then((rows) => rows.length),
        patient,
      )
      .toBe(1);
    const answered = await server.db
      .selectFrom("response")
      .select("answers")
      .where("questionnaire_id", "=", v2!.id)
      .executeTakeFirstOrThrow();
    expect(answered.answers.local_1).toBe("yes");
    const v1Count = await server.db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("questionnaire_id", "=", v1!.id)
      .executeTakeFirstOrThrow();

    const page = await adminPage("report");
    const table = page.locator("#sample-versions");
    await table.waitFor(patient);
    const row = (version: number) =>
      table
        .locator("tbody tr")
        .filter({ hasText: "社会问卷" })
        .filter({ hasText: `第 ${version} 版` });
    await expect.poll(textOf(row(1).locator("td").last()), patient).toBe(String(Number(v1Count.n)));
    await expect.poll(textOf(row(2).locator("td").last()), patient).toBe("1");
  });
});
