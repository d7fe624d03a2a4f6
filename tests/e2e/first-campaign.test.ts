import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../api/db/create-db.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type ServerProcess, startServerProcess } from "../helpers/server-process.ts";
import { availableDbKinds, createTestDb } from "../helpers/test-db.ts";
import {
  answerIntroAsParent,
  answerToLastPage,
  pageTitle,
  seeText,
  tapButton,
  weChatAndroid,
} from "./respondent-steps.ts";
import {
  type Account,
  beijing,
  desktop,
  submitLogin,
  submitNewPassword,
  temporaryPassword,
} from "./staff-steps.ts";

/** Server round trips on a busy 2-core machine: poll for up to 20 s. */
const patient = { timeout: 20_000 };
const minute = 60_000;
const day = 24 * 60 * minute;

const roundOne = "2026年青山区义务教育满意度调查";
const roundTwo = "2027年青山区义务教育满意度调查（第二轮）";
/** The bureau's list: code, name, town, area type, levels, primary and junior pupils. */
const schoolRows = [
  ["QS001", "青山区幸福路小学", "幸福路街道", "城区", "小学", 1260, null],
  ["QS002", "青山区第二中学", "富强路街道", "城区", "初中", null, 940],
  ["QS003", "兴胜镇中心学校", "兴胜镇", "乡村", "九年一贯制", 310, 150],
] as const;
/** The school whose account signs in and whose poster the parent scans. */
const ours = { code: "QS002", name: "青山区第二中学" };

/** The school list as a bureau fills it in Excel: the template's Chinese headings, a school a row. */
async function schoolWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("学校名单");
  sheet.addRow([
    "学校代码",
    "学校名称",
    "乡镇（街道）",
    "城乡类型",
    "学段",
    "小学在校生数",
    "初中在校生数",
    "高中在校生数",
  ]);
  for (const row of schoolRows) sheet.addRow([...row, null]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A day on the Beijing clock as the closed page writes it, e.g. 2026年6月20日. */
function beijingDay(ms: number): string {
  const d = new Date(ms + 8 * 60 * minute);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The cell of a staff table's row under the column headed `heading` (sort marks aside). */
async function cellOf(table: Locator, rowText: string, heading: string): Promise<string> {
  const headings = await table.locator("thead th").allInnerTexts();
  const column = headings.findIndex((h) => h.replace(/[↕▲▼]/g, "").trim() === heading);
  if (column < 0) throw new Error(`no column ${heading} in ${headings.join(" | ")}`);
  const row = table.locator("tbody tr").filter({ hasText: rowText });
  return (await row.locator("th, td").nth(column).innerText()).trim();
}

/**
 * A bureau's first campaign, done in the browser as its people would, against the real entry
 * point with DEMO=0 on an empty database: the printed setup link, a campaign with its schools
 * from Excel, school accounts on slips, a school signing in, a parent answering in WeChat,
 * closing, the report, and the next round copied from the first. No step uses a command line
 * or SQL. The outcome is read back through the pages and the API (the server holds a PGlite
 * folder locked); on PostgreSQL the stored rows are checked as well.
 */
describe.skipIf(!chromiumPath()).each(availableDbKinds())(
  "a bureau's first campaign from an empty %s database",
  (kind) => {
    let server: ServerProcess;
    let chromium: TestBrowser;
    let dataDir = "";
    let handle: DbHandle | undefined;
    const contexts: BrowserContext[] = [];
    /** The admin's browser, signed in by the setup page, used throughout. */
    let admin: Page;
    /** The parent's phone, kept to open the same link again once the campaign is closed. */
    let parent: Page;
    let school: Account = { username: "", password: "" };
    const schoolPassword = "第二中学的新密码-2026";
    let first = 0;
    let second = 0;
    /** Round 2 opens in a month, on the Beijing clock as typed into its form. */
    const secondOpens = beijing(Date.now() + 30 * day);
    let posterLink = "";
    let reportBefore: unknown;

    beforeAll(async () => {
      let env: Record<string, string>;
      if (kind === "pglite") {
        dataDir = mkdtempSync(path.join(os.tmpdir(), "junheng-first-campaign-"));
        env = { DATA_DIR: dataDir, DEMO: "0" };
      } else {
        handle = await createTestDb("postgres");
        env = { DATABASE_URL: handle.url as string, DEMO: "0" };
      }
      [server, chromium] = await Promise.all([startServerProcess(env), launchBrowser()]);
    });
    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await chromium?.close();
      await server?.stop();
      await handle?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    async function newPage(options: Parameters<TestBrowser["newPhone"]>[0] = desktop) {
      const context = await chromium.newPhone(options);
      contexts.push(context);
      return context.newPage();
    }
    const origin = () => new URL(server.setupUrl).origin;
    /** A staff API answer as this signed-in browser gets it. */
    const apiGet = <T>(page: Page, url: string) =>
      page.evaluate(async (u) => {
        const res = await fetch(u);
        if (!res.ok) throw new Error(`${u}: ${res.status}`);
        return res.json();
      }, url) as Promise<T>;
    const nav = async (page: Page, name: string, landing: RegExp) => {
      await page.getByRole("navigation").getByRole("link", { name, exact: true }).click();
      await page.waitForURL(landing, patient);
    };
    const idIn = (page: Page) => Number(/\/campaigns\/(\d+)\//.exec(page.url())?.[1]);
    const schoolsTable = (page: Page) => page.locator("#dashboard-schools tbody tr");
    /** A school account signs in, from a browser of its own. */
    async function schoolSignsIn(password: string): Promise<Page> {
      const page = await newPage();
      await page.goto(`${origin()}/staff/`);
      await page.locator("#login-form").waitFor(patient);
      await submitLogin(page, { username: school.username, password });
      return page;
    }

    it("opens the printed setup link and creates the district and its admin", async () => {
      expect(server.setupUrl).toMatch(/^http:\/\/localhost:\d+\/setup#[\w-]{43}$/);
      expect(server.surveyUrls).toEqual([]);
      admin = await newPage();
      await admin.goto(server.setupUrl);
      await admin.locator("#setup-form").waitFor(patient);
      await admin.getByLabel("区县名称").fill("青山区");
      await admin.getByLabel("区", { exact: true }).check();
      await admin.getByLabel("省（自治区、直辖市）").fill("内蒙古自治区");
      await admin.getByLabel("地级市（选填）").fill("包头市");
      await expect(admin.getByLabel("教育行政部门名称").inputValue()).resolves.toBe("青山区教育局");
      await admin.getByLabel("用户名").fill("qingshan");
      await admin.getByLabel("姓名或科室（选填）").fill("督导室 王老师");
      await admin.getByLabel("密码", { exact: true }).fill("Qingshan-Survey-2026");
      await admin.getByLabel("再次输入密码").fill("Qingshan-Survey-2026");
      await admin.getByRole("button", { name: "完成设置并登录" }).click();
      // Signed in, on a district without a campaign yet.
      await admin.waitForURL(/\/staff\/campaigns$/, patient);
      await expect(admin.locator("#campaigns-empty").textContent()).resolves.toContain(
        "还没有调查活动",
      );
    });

    it("creates the campaign, imports its schools from Excel and publishes it", async () => {
      await admin.locator("#campaigns-empty").getByRole("link", { name: "新建调查活动" }).click();
      await admin.waitForURL(/\/staff\/campaigns\/new$/);
      const now = Date.now();
      await admin.locator("#new-name").fill(roundOne);
      await admin.getByLabel("优质均衡（2017）").check();
      await admin.locator("#new-opens").fill(beijing(now - 5 * minute));
      await admin.locator("#new-closes").fill(beijing(now + 14 * day));
      await admin.locator("#new-residents").fill("480000");
      await admin
        .locator("#new-contact")
        .fill("青山区教育局督导室 0472-5123456（工作日 9:00–17:00）");
      await admin.getByRole("button", { name: "新建", exact: true }).click();
      await admin.waitForURL(/\/staff\/campaigns\/\d+\/settings$/, patient);
      first = idIn(admin);
      await admin.locator("#overview-notice").filter({ hasText: "已新建" }).waitFor(patient);
      await expect(admin.locator("#lifecycle .jh-phase").textContent()).resolves.toBe("草稿");

      // The overview's next steps lead to the schools page.
      await admin.locator("#next-steps").getByRole("link", { name: /学校/ }).click();
      await admin.waitForURL(new RegExp(`/campaigns/${first}/schools$`), patient);
      await admin.locator("#import-file").setInputFiles({
        name: "青山区学校名单.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: await schoolWorkbook(),
      });
      await admin.locator("#import-form").getByRole("button", { name: "导入" }).click();
      await admin
        .getByRole("status")
        .filter({ hasText: "导入成功：共 3 所学校，新增 3 所" })
        .waitFor(patient);
      const rows = admin.locator("#schools tbody tr");
      await expect.poll(() => rows.count(), patient).toBe(schoolRows.length);
      for (const [code, name] of schoolRows) {
        await expect(rows.filter({ hasText: code }).textContent()).resolves.toContain(name);
      }

      await nav(admin, "设置", /\/settings$/);
      const lifecycle = admin.locator("#lifecycle");
      await lifecycle.getByRole("button", { name: "发布" }).click();
      await admin.locator("#overview-notice").filter({ hasText: "已发布" }).waitFor(patient);
      await expect(lifecycle.locator(".jh-phase").textContent()).resolves.toBe("进行中");
    });

    it("makes an account for every school and shows each on a slip to print", async () => {
      await nav(admin, "账号管理", /\/accounts$/);
      await admin.getByRole("button", { name: "为每所学校创建账号" }).click();
      const slips = admin.locator(".jh-slip");
      await slips.first().waitFor(patient);
      await expect(slips.count()).resolves.toBe(schoolRows.length);
      await expect(admin.locator(".jh-page-head__sub").textContent()).resolves.toBe(
        "已为 3 所学校创建账号。",
      );
      const slip = slips.filter({ has: admin.locator("h2", { hasText: ours.name }) });
      const field = async (name: string) =>
        ((await slip.locator(`[data-field="${name}"]`).textContent()) ?? "").trim();
      school = { username: await field("username"), password: await field("password") };
      expect(school.username).not.toBe("");
      expect(school.password).toMatch(temporaryPassword);
      await expect(slip.textContent()).resolves.toContain(`${origin()}/staff/`);
    });

    it("has the school sign in with its slip, set its own password and see only its school", async () => {
      const page = await schoolSignsIn(school.password);
      await page.getByRole("heading", { name: "请设置新密码" }).waitFor(patient);
      await submitNewPassword(page, school.password, schoolPassword);
      await page.waitForURL(new RegExp(`/staff/campaigns/${first}/dashboard$`), patient);
      await expect.poll(() => schoolsTable(page).count(), patient).toBe(1);
      await expect(schoolsTable(page).first().textContent()).resolves.toContain(ours.name);
      const listed = await apiGet<{ schools: { code: string }[] }>(
        page,
        `/api/campaigns/${first}/schools`,
      );
      expect(listed.schools.map((s) => s.code)).toEqual([ours.code]);
    });

    it("takes a parent's answers from the school's poster link in WeChat", async () => {
      await nav(admin, "渠道与海报", /\/channels$/);
      const poster = admin
        .locator("#channels tbody tr")
        .filter({ hasText: `${ours.name} · 校门海报` });
      posterLink = ((await poster.locator("a[href*='/s/']").textContent()) ?? "").trim();
      expect(posterLink).toMatch(new RegExp(`^${origin()}/s/[\\w-]{16}$`));

      parent = await newPage({ userAgent: weChatAndroid });
      await parent.goto(posterLink);
      await pageTitle(parent).first().waitFor(patient);
      const header = await parent.locator("header").innerText();
      expect(header).toContain(roundOne);
      expect(header).toContain(ours.name);
      expect(header).toContain("主办单位：青山区教育局");
      await answerIntroAsParent(parent);
      await answerToLastPage(parent);
      await tapButton(parent, "提交");
      await seeText(parent, "提交成功，感谢您的参与");
    });

    it("counts the response on the bureau's dashboard", async () => {
      await nav(admin, "实时进度", /\/dashboard$/);
      // 480,000 residents × 1.5‰ = 720; the page refreshes itself, a reload makes sure.
      await expect
        .poll(async () => {
          const text = await admin.locator("#total-progress").innerText();
          if (!text.includes("1 / 720")) await admin.reload();
          return text;
        }, patient)
        .toContain("1 / 720");
      await expect(
        cellOf(admin.locator("#dashboard-schools"), ours.code, "家长答卷"),
      ).resolves.toBe("1");
      await expect(admin.locator("#elapsed").textContent()).resolves.toMatch(
        /^调查时间已过 \d+%。$/,
      );
    });

    it("closes the campaign; the parent's link then says it has ended and who ran it", async () => {
      await nav(admin, "设置", /\/settings$/);
      const lifecycle = admin.locator("#lifecycle");
      await lifecycle.getByRole("button", { name: "关闭" }).click();
      await admin.locator("#confirm-form").getByRole("button", { name: "确定关闭" }).click();
      await admin.locator("#overview-notice").filter({ hasText: "已关闭" }).waitFor(patient);
      await expect(lifecycle.locator(".jh-phase").textContent()).resolves.toBe("已结束");

      const res = await parent.goto(posterLink);
      expect(res?.status()).toBe(410);
      await expect(parent.locator("h1").textContent()).resolves.toBe("调查已结束");
      const notice = await parent.locator("main section").first().innerText();
      // Closed early, today: the day and the time it closed.
      expect(notice).toMatch(
        new RegExp(`本次调查已于${beijingDay(Date.now())} \\d{1,2}:\\d{2}结束，感谢关注。`),
      );
      expect(notice).toContain("主办单位：青山区教育局");
      expect(notice).toContain("咨询：青山区教育局督导室 0472-5123456");
    });

    it("reports the parent's answers: one parent, in the report and its JSON", async () => {
      await nav(admin, "分析报告", /\/report$/);
      await admin.locator("#figure-satisfaction").waitFor(patient);
      await expect(cellOf(admin.locator("#satisfaction-groups"), "家长", "人数")).resolves.toBe(
        "1",
      );

      reportBefore = await apiGet(admin, `/api/campaigns/${first}/report`);
      expect(reportBefore).toMatchObject({
        satisfaction: { n: 1, byGroup: { parent: { n: 1 } } },
        awareness: { n: 1 },
      });
      if (handle) {
        const stored = await handle.db
          .selectFrom("response as r")
          .innerJoin("school as s", "s.id", "r.school_id")
          .select(["s.code", "r.respondent_group", "r.campaign_id"])
          .execute();
        expect(stored).toEqual([
          { code: ours.code, respondent_group: "parent", campaign_id: first },
        ]);
      }
    });

    it("copies it as round 2 with the same schools and no responses, and publishes it ahead", async () => {
      await nav(admin, "设置", /\/settings$/);
      await admin.locator("#copy-name").fill(roundTwo);
      await admin.locator("#copy-opens").fill(secondOpens);
      await admin.locator("#copy-closes").fill(beijing(Date.now() + 44 * day));
      await admin.getByRole("button", { name: "复制为下一轮" }).click();
      await admin.waitForURL(
        (url) => /\/settings$/.test(url.pathname) && !url.pathname.includes(`/${first}/`),
        patient,
      );
      second = idIn(admin);
      await admin
        .locator("#overview-notice")
        .filter({ hasText: "已复制为下一轮" })
        .waitFor(patient);
      await expect(admin.locator("#lifecycle .jh-phase").textContent()).resolves.toBe("草稿");

      await nav(admin, "学校", /\/schools$/);
      const rows = admin.locator("#schools tbody tr");
      await expect.poll(() => rows.count(), patient).toBe(schoolRows.length);
      for (const [code, name] of schoolRows) {
        await expect(rows.filter({ hasText: code }).textContent()).resolves.toContain(name);
      }
      await nav(admin, "实时进度", /\/dashboard$/);
      await expect
        .poll(() => admin.locator("#total-progress").innerText(), patient)
        .toContain("0 / 720");
      await expect(admin.locator("#elapsed").textContent()).resolves.toBe(
        "本轮尚未发布，问卷链接还不能填写。",
      );

      // Published ahead of its opening: it waits for its opening time.
      await nav(admin, "设置", /\/settings$/);
      await admin.locator("#lifecycle").getByRole("button", { name: "发布" }).click();
      await expect
        .poll(() => admin.locator("#lifecycle .jh-phase").textContent(), patient)
        .toBe("待开始");
      const listed = await apiGet<{ campaigns: { id: number; responses: number }[] }>(
        admin,
        "/api/campaigns",
      );
      expect(listed.campaigns.map((c) => [c.id, c.responses])).toEqual([
        [second, 0],
        [first, 1],
      ]);
      if (handle) {
        const { db } = handle;
        const codesOf = async (campaignId: number) =>
          (
            await db
              .selectFrom("school")
              .select("code")
              .where("campaign_id", "=", campaignId)
              .orderBy("code")
              .execute()
          ).map((row) => row.code);
        expect(await codesOf(second)).toEqual(await codesOf(first));
        const responses = await db
          .selectFrom("response")
          .select("id")
          .where("campaign_id", "=", second)
          .execute();
        expect(responses).toEqual([]);
      }
    });

    it("lets the school into round 2 with its own password, its school only; round 1's report stays", async () => {
      const page = await schoolSignsIn(schoolPassword);
      // Two rounds now: the account picks one.
      await page.waitForURL(/\/staff\/campaigns$/, patient);
      await page.getByRole("link", { name: roundTwo }).click();
      await page.waitForURL(new RegExp(`/staff/campaigns/${second}/dashboard$`), patient);
      await expect.poll(() => schoolsTable(page).count(), patient).toBe(1);
      await expect(schoolsTable(page).first().textContent()).resolves.toContain(ours.name);
      await expect(page.locator("#elapsed").textContent()).resolves.toBe(
        `本轮将于 ${secondOpens.replace(/-/g, "/").replace("T", " ")} 开始接收答卷。`,
      );
      const own = await apiGet<{ schools: { code: string }[] }>(
        page,
        `/api/campaigns/${second}/schools`,
      );
      expect(own.schools.map((s) => s.code)).toEqual([ours.code]);

      expect(await apiGet(admin, `/api/campaigns/${first}/report`)).toEqual(reportBefore);
    });
  },
);
