import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertChannel, newChannelToken } from "../../api/channels/index.ts";
import { parseCsv } from "../../api/http/csv.ts";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import {
  answerIntroAsParent,
  answerToLastPage,
  question,
  seeText,
  storedDraft,
  tapButton,
} from "./respondent-steps.ts";
import { axeViolations, desktop, signIn } from "./staff-steps.ts";

const admin = { username: "bureau-admin", password: "pw-bureau-admin-0123456789" };

/**
 * Door to door with one phone: the bureau makes an interviewer code and an interviewer link on
 * the staff pages, an interviewer enters the code on the link at 390×844 and takes three
 * respondents one after another ("下一位受访者"), and the export names the three with their
 * mode and interviewer. Then a telephone link: a call nobody answers, one that is answered.
 */
describe.skipIf(!chromiumPath())("an interviewer's session on one device", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  let seeded: SeededCampaign;
  let code = "";
  let doorUrl = "";

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    seeded = await seedCampaign(server.db);
    await createStaffAccount(
      server.db,
      { ...admin, role: "admin", campaignId: seeded.campaignId },
      { label: "test" },
    );
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  /** The whole questionnaire as a parent answers it, and the thanks after sending. */
  async function answerOne(page: Page, token: string, comment: string): Promise<string> {
    await answerIntroAsParent(page);
    await answerToLastPage(page);
    await question(page, "comment").locator("textarea").fill(comment);
    const draft = await storedDraft(page, token);
    if (!draft) throw new Error("no draft before submitting");
    await tapButton(page, "提交");
    await seeText(page, "提交成功");
    return draft.responseId;
  }

  async function exportRows(): Promise<Map<string, Record<string, string>>> {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(admin),
    });
    const cookie = /jh_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
    const res = await fetch(
      `${server.url}/api/campaigns/${seeded.campaignId}/exports/responses.csv`,
      { headers: { cookie } },
    );
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(await res.text()).map((r) => r.fields);
    return new Map(
      rows.map((row) => [row[0]!, Object.fromEntries(header!.map((h, i) => [h, row[i] ?? ""]))]),
    );
  }

  it("lets the bureau make an interviewer code and an interviewer link on the staff pages", async () => {
    const context = await chromium.browser.newContext({
      ...desktop,
      locale: "zh-CN",
      bypassCSP: true,
    });
    const page = await context.newPage();
    try {
      await signIn(page, server.url, admin);
      await page.goto(`${server.url}/staff/campaigns/${seeded.campaignId}/interviewers`);
      await page.locator("#interviewers-labels").fill("第1组 王老师");
      await page.getByRole("button", { name: "生成访员编号" }).click();
      await seeText(page, "已生成 1 个访员编号");
      code = (await page.locator("#interviewers-list tbody th").first().textContent())!.trim();
      expect(code).toMatch(/^[ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{4}$/);
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${server.url}/staff/campaigns/${seeded.campaignId}/channels`);
      await page.locator("#create-label").fill("入户调查 第1组");
      await page.locator("#create-kind").selectOption("event");
      await page.locator("#create-school").selectOption({ index: 1 });
      await page.locator("#create-mode").selectOption("interviewer");
      await page.getByRole("button", { name: "新建链接" }).last().click();
      await seeText(page, "已新建链接：入户调查 第1组");
      const row = page.locator("#channel-list tbody tr", { hasText: "入户调查 第1组" });
      await expect(row.textContent()).resolves.toContain("访员入户");
      doorUrl = (await row.locator("a.jh-mono").textContent())!.trim();
      expect(doorUrl).toMatch(/\/s\/[A-Za-z0-9_-]+$/);
    } finally {
      await context.close();
    }
  });

  it("takes three respondents on one phone, each with the interviewer, and the export says so", async () => {
    const token = doorUrl.split("/s/")[1]!;
    // bypassCSP: axe-core is injected into the page to check the code screen.
    const context = await chromium.newPhone({ bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(doorUrl);
      await seeText(page, "请输入访员编号");
      // No question can be answered before the code.
      await expect(page.locator(".sd-question").count()).resolves.toBe(0);
      await page.locator("#interviewer-code").fill("AAAA-AAAA");
      await page.getByRole("button", { name: "开始访问" }).tap();
      await seeText(page, "访员编号不正确或已停用");
      expect(await axeViolations(page)).toEqual([]);
      await page.locator("#interviewer-code").fill(code.toLowerCase());
      await page.getByRole("button", { name: "开始访问" }).tap();
      await question(page, "identity").waitFor();
      await seeText(page, `访员 ${code}`);

      const ids: string[] = [];
      for (const [i, who] of ["第一位", "第二位", "第三位"].entries()) {
        if (i > 0) {
          await page.getByRole("button", { name: "下一位受访者" }).tap();
          await question(page, "identity").waitFor();
          // A fresh sheet: nothing chosen, a new id.
          await expect(question(page, "identity").locator("input:checked").count()).resolves.toBe(
            0,
          );
        }
        ids.push(await answerOne(page, token, `${who}受访者：希望增加课后服务。`));
      }
      expect(new Set(ids).size).toBe(3);
      // Never "您已填写过本次调查" here: the code is kept and the next respondent can start.
      await page.reload();
      await question(page, "identity").waitFor();
      await expect(page.getByText("您已填写过本次调查").count()).resolves.toBe(0);
      await seeText(page, `访员 ${code}`);

      const stored = await server.db
        .selectFrom("response as r")
        .innerJoin("interviewer as i", "i.id", "r.interviewer_id")
        .select(["r.id", "i.code", "r.device_token"])
        .where("r.id", "in", ids)
        .execute();
      expect(stored).toHaveLength(3);
      expect(new Set(stored.map((r) => r.code))).toEqual(new Set([code.replace("-", "")]));
      expect(new Set(stored.map((r) => r.device_token)).size).toBe(1);

      const rows = await exportRows();
      for (const id of ids) {
        expect(rows.get(id)).toMatchObject({
          mode: "interviewer",
          interviewer_code: code.replace("-", ""),
          paper_sheet: "",
        });
      }
    } finally {
      await context.close();
    }
  });

  it("records a call nobody answered, then takes the answered one's questionnaire", async () => {
    const token = newChannelToken();
    const channelId = await insertChannel(server.db, {
      token,
      campaignId: seeded.campaignId,
      questionnaireId: seeded.setup.questionnaireIds.social!,
      schoolId: seeded.setup.schools[0]!.id,
      respondentGroup: null,
      label: "电话访问",
      kind: "event",
      mode: "telephone",
    });
    const calls = () =>
      server.db
        .selectFrom("call_attempt")
        .select(["outcome", "response_id"])
        .where("channel_id", "=", channelId)
        .orderBy("id")
        .execute();
    const context = await chromium.newPhone({ bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/s/${token}`);
      await page.locator("#interviewer-code").fill(code);
      await page.getByRole("button", { name: "开始访问" }).tap();
      await seeText(page, "本次通话结果");
      await page.getByRole("button", { name: "无人接听" }).tap();
      await seeText(page, "已记录：无人接听");
      expect(await axeViolations(page)).toEqual([]);
      await expect.poll(async () => (await calls()).length, { timeout: 10_000 }).toBe(1);

      await page.getByRole("button", { name: "接通，开始访问" }).tap();
      await question(page, "identity").waitFor();
      const id = await answerOne(page, token, "电话受访者：希望改善校车。");
      await page.getByRole("button", { name: "下一通电话" }).tap();
      await seeText(page, "本次通话结果");
      expect(await calls()).toEqual([
        { outcome: "no_answer", response_id: null },
        { outcome: "completed", response_id: id },
      ]);
      expect((await exportRows()).get(id)).toMatchObject({ mode: "telephone" });
    } finally {
      await context.close();
    }
  });

  it("shows the interviewer's three and the calls on the dashboard, by mode", async () => {
    const context = await chromium.browser.newContext({ ...desktop, locale: "zh-CN" });
    const page = await context.newPage();
    try {
      await signIn(page, server.url, admin);
      await page.goto(`${server.url}/staff/campaigns/${seeded.campaignId}/dashboard`);
      const row = (mode: string) => page.locator(`#dashboard-modes tbody tr[data-mode="${mode}"]`);
      await row("interviewer").waitFor({ timeout: 20_000 });
      const cells = async (mode: string) =>
        (await row(mode).locator("th, td").allTextContents()).map((c) => c.trim());
      expect((await cells("interviewer")).slice(0, 2)).toEqual(["访员入户", "3"]);
      // Telephone: one completed of the two calls that reached a number (no answer, answered).
      expect((await cells("telephone")).slice(0, 3)).toEqual(["电话访问", "1", "50%"]);
    } finally {
      await context.close();
    }
  });
});
