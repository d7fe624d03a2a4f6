import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PaperForm, PaperQuestion } from "../../api/paper/types.ts";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import { conditionHolds, formQuestions } from "../../survey-web/staff/pages/paper-condition.ts";
import { insertPaperLink } from "../api/paper/paper-helpers.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { type Account, axeViolations, desktop, signIn } from "./staff-steps.ts";

/** Server round trips on a busy 2-core machine: poll for up to 20 s. */
const patient = { timeout: 20_000 };

/** What a sheet says, by question: an option's value (a list for a multiple choice) or text. */
type Sheet = Record<string, unknown>;

const apiGet = <T>(page: Page, url: string) =>
  page.evaluate(async (u) => {
    const res = await fetch(u);
    if (!res.ok) throw new Error(`${u}: ${res.status}`);
    return u.endsWith(".csv") ? res.text() : res.json();
  }, url) as Promise<T>;

/** The key that ticks an option on the entry page, as it shows it. */
function keyOf(q: PaperQuestion, value: unknown): string {
  const index = q.options.findIndex((o) => String(o.value) === String(value));
  if (index < 0) throw new Error(`${q.name} has no option ${String(value)}`);
  return q.kind === "rating" ? String(value) : String(index + 1);
}

/**
 * Types a sheet the way the bureau's staff do, by keyboard only: the sheet number, Enter, then
 * each question that applies (digits tick options, a single choice moves on by itself, Enter
 * moves on after the others), skipped questions never touched, and Enter on the save button.
 */
async function typeSheet(page: Page, form: PaperForm, number: string, sheet: Sheet) {
  const sheetBox = page.locator("#paper-sheet");
  await sheetBox.fill(number);
  await sheetBox.press("Enter");
  const asked: Sheet = {};
  for (const q of formQuestions(form)) {
    if (!conditionHolds(q.condition, asked)) {
      await expect(page.locator(`#pq-${q.number}`).isDisabled()).resolves.toBe(true);
      continue;
    }
    const answer = sheet[q.name];
    if (answer !== undefined) asked[q.name] = answer;
    // The question being typed has the focus: what is typed goes there.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest("fieldset")?.id ?? ""))
      .toBe(`pq-${q.number}`);
    if (q.kind === "single" || q.kind === "rating" || q.kind === "boolean") {
      await page.keyboard.press(keyOf(q, answer));
      continue;
    }
    if (q.kind === "multiple") {
      for (const value of answer as unknown[]) await page.keyboard.press(keyOf(q, value));
    } else if (q.kind === "school") {
      await page.keyboard.type(String(answer));
    } else if (answer !== undefined) {
      await page.keyboard.type(String(answer));
    }
    await page.keyboard.press("Enter");
  }
  await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? "")).toBe("paper-save");
  await page.keyboard.press("Enter");
}

/**
 * Paper sheets in Chromium: the bureau prints a paper link's questionnaire (A4), records the
 * sheets handed out, and two staff accounts type the same sheet by keyboard with one
 * difference; an admin picks the right answer side by side, and the sheet is a response, in
 * the report and in the export with its sheet number.
 */
describe.skipIf(!chromiumPath())("paper sheets typed in by two people in a real browser", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let seeded: SeededCampaign;
  let link: { id: number; token: string };
  let form: PaperForm;
  const first: Account = { username: "paper-first", password: "pw-paper-first-0123" };
  const second: Account = { username: "paper-second", password: "pw-paper-second-0123" };
  const contexts: BrowserContext[] = [];
  let sheet: Sheet;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    seeded = await seedCampaign(server.db);
    link = await insertPaperLink(server.db, seeded.campaignId, {
      label: "兴胜镇纸质问卷",
      questionnaireId: seeded.setup.questionnaireIds.social!,
    });
    for (const [account, name] of [
      [first, "录入员甲"],
      [second, "录入员乙"],
    ] as const) {
      await createStaffAccount(
        server.db,
        { ...account, role: "admin", displayName: name },
        { label: "test" },
      );
    }
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await chromium?.close();
    await server?.close();
  });

  async function open(): Promise<Page> {
    const context = await chromium.newPhone({ ...desktop, bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  }

  async function paperPage(account: Account): Promise<Page> {
    const page = await open();
    await signIn(page, server.url, account);
    await page.getByRole("navigation").getByRole("link", { name: "纸质问卷", exact: true }).click();
    await page.waitForURL(`**/staff/campaigns/${seeded.campaignId}/paper`, patient);
    await page.locator("#paper-sheet").waitFor(patient);
    return page;
  }

  it("prints the link's questionnaire on A4 with a tick box per option", async () => {
    const page = await open();
    await signIn(page, server.url, first);
    form = await apiGet<PaperForm>(page, `/api/channels/${link.id}/paper-form`);
    await page.goto(`${server.url}/api/channels/${link.id}/paper-questionnaire`);
    const options = formQuestions(form).reduce((n, q) => n + q.options.length, 0);
    await expect(page.locator(".tick").count()).resolves.toBe(options);
    await page.emulateMedia({ media: "print" });
    // The print hint and the grey desk around the page are for the screen only.
    await expect(page.locator(".screen-only").isVisible()).resolves.toBe(false);
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true })).toString("latin1");
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
    expect(boxes.length).toBeGreaterThan(0);
    for (const [, width, height] of boxes) {
      // A4 is 210 × 297 mm: 595.3 × 841.9 points.
      expect(Number(width)).toBeCloseTo(595, 0);
      expect(Number(height)).toBeCloseTo(842, 0);
    }
  });

  it("records the sheets handed out for the link", async () => {
    const page = await paperPage(first);
    const row = page.locator(`#paper-links tr[data-link="${link.id}"]`);
    await row.locator("input").fill("80");
    await row.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => row.getByRole("status").textContent(), patient).toBe("已保存");
    const stored = await server.db
      .selectFrom("channel")
      .select("distributed_count")
      .where("id", "=", link.id)
      .executeTakeFirstOrThrow();
    expect(stored.distributed_count).toBe(80);
  });

  it("the first person types the sheet by keyboard, for double entry", async () => {
    const page = await paperPage(first);
    const q = (name: string) => formQuestions(form).find((x) => x.name === name)!;
    const source = formQuestions(form).find(
      (x) => x.condition && "question" in x.condition && x.condition.question !== "identity",
    )!;
    const opener = source.condition as { question: string; anyOf: string[] };
    sheet = {};
    for (const question of formQuestions(form)) {
      if (!conditionHolds(question.condition, sheet)) continue;
      if (question.name === "identity") sheet.identity = "parent";
      else if (question.name === "school") sheet.school = seeded.schoolCodes[2];
      else if (question.name === opener.question) sheet[question.name] = opener.anyOf[0];
      else if (question.kind === "multiple")
        sheet[question.name] = question.options.slice(0, 2).map((o) => o.value);
      else if (question.kind === "comment") sheet[question.name] = "希望多开家长会";
      else sheet[question.name] = question.options[0]!.value;
    }
    expect(sheet[source.name]).toBeDefined();
    expect(q("sat_overall")).toBeDefined();

    await page.locator("#paper-double").check();
    await typeSheet(page, form, "0107", sheet);
    await expect
      .poll(() => page.locator("#paper-status").textContent(), patient)
      .toContain("第 0107 号问卷的第一次录入已保存");
    // Ready for the next sheet: its number, selected.
    await expect(page.locator("#paper-sheet").inputValue()).resolves.toBe("0108");
    const violations = await axeViolations(page);
    expect(violations, violations.join("\n")).toEqual([]);
  });

  it("a second person types it with one difference, and it waits to be resolved", async () => {
    const page = await paperPage(second);
    const waiting = page.locator("#paper-pending li", { hasText: "0107" });
    await waiting.waitFor(patient);
    await waiting.getByRole("button", { name: /录入/ }).click();
    await expect(page.locator("#paper-sheet").inputValue()).resolves.toBe("0107");
    const overall = formQuestions(form).find((x) => x.name === "sat_overall")!;
    const misread = { ...sheet, sat_overall: overall.options[1]!.value };
    // Clicked from the list: the sheet number is there, typing starts at the first question.
    await page.locator("#paper-sheet").focus();
    await typeSheet(page, form, "0107", misread);
    await expect
      .poll(() => page.locator("#paper-status").textContent(), patient)
      .toContain("两次录入有 1 处不同");
    const responses = await server.db.selectFrom("response").selectAll().execute();
    expect(responses).toEqual([]);
  });

  it("an admin sees both entries side by side, picks the right one, and the sheet is a response", async () => {
    const page = await paperPage(first);
    const differing = page.locator("#paper-pending li", { hasText: "0107" });
    await differing.getByRole("button", { name: /处理差异/ }).click();
    const table = page.locator("#paper-differences");
    await table.waitFor(patient);
    const overall = formQuestions(form).find((x) => x.name === "sat_overall")!;
    const rows = table.locator("tbody tr");
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.locator("th").textContent()).resolves.toContain(overall.title.zh);
    await expect(table.locator("thead").textContent()).resolves.toMatch(
      /第一次录入（录入员甲）[\s\S]*第二次录入（录入员乙）/,
    );
    const cells = rows.locator("td");
    await expect(cells.nth(0).textContent()).resolves.toContain(overall.options[0]!.zh);
    await expect(cells.nth(1).textContent()).resolves.toContain(overall.options[1]!.zh);
    // The paper says what the first person read.
    await cells.nth(0).getByRole("radio").check();
    await page.getByRole("button", { name: "保存为答卷" }).click();
    await expect
      .poll(() => page.locator("#paper-resolution-box").textContent(), patient)
      .toContain("第 0107 号问卷已保存为答卷");

    const stored = await server.db
      .selectFrom("response")
      .select(["answers", "paper_sheet", "respondent_group", "channel_id"])
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      paper_sheet: "0107",
      respondent_group: "parent",
      channel_id: link.id,
      answers: sheet,
    });
    // The table's counts follow.
    const row = page.locator(`#paper-links tr[data-link="${link.id}"] td.jh-num`);
    await expect.poll(() => row.nth(1).textContent(), patient).toBe("1");

    const report = await apiGet<{ satisfaction: { n: number } }>(
      page,
      `/api/campaigns/${seeded.campaignId}/report`,
    );
    expect(report.satisfaction.n).toBe(1);
    const csv = await apiGet<string>(
      page,
      `/api/campaigns/${seeded.campaignId}/exports/responses.csv`,
    );
    const [head, line] = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    const columns = head!.split(",");
    const values = line!.split(",");
    const cell = (name: string) => values[columns.indexOf(name)];
    expect(columns).toContain("paper_sheet");
    expect(cell("paper_sheet")).toBe("0107");
    expect(cell("mode")).toBe("paper");
    expect(cell("sat_overall")).toBe(String(overall.options[0]!.value));
  });

  it("the dashboard counts the sheet under paper, against the sheets handed out", async () => {
    const page = await open();
    await signIn(page, server.url, first);
    await page.goto(`${server.url}/staff/campaigns/${seeded.campaignId}/dashboard`);
    const row = page.locator(`#dashboard-modes tbody tr[data-mode="paper"]`);
    await row.waitFor(patient);
    const cells = (await row.locator("th, td").allTextContents()).map((c) => c.trim());
    // One sheet typed of 80 handed out: far below the 70 % line, and said so in words.
    expect(cells.slice(0, 2)).toEqual(["纸质问卷", "1"]);
    expect(cells[2]).toMatch(/^1(\.\d)?%$/);
    expect(cells[3]).toContain("未达到");
  });
});
