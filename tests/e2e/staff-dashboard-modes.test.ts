import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertChannel, newChannelToken } from "../../api/channels/index.ts";
import type { AnswerMode, CallOutcome, RespondentGroup } from "../../api/db/database.ts";
import { insertResponses } from "../../api/responses/repository.ts";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import { recordVisit } from "../../api/visits/repository.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { responseRow } from "../helpers/response-row.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { type Account, axeViolations, desktop, paintedPixels, signIn } from "./staff-steps.ts";

/** Server round trips on a busy 2-core machine: poll for up to 20 s. */
const patient = { timeout: 20_000 };
/** Where the screenshots go, to be looked at by a person. */
const shots = path.join(tmpdir(), "junheng-dashboard-modes");

type Link = { id: number; token: string; schoolId: number | null };

/**
 * A 2017 campaign of 500,000 residents (n = 750, parents 375, the other four categories 94 / 94 /
 * 94 / 93, students' 93 as 31 per grade band) answered every way (52 parents, 19 students, 3
 * residents in all):
 * - online: 30 parents on school 0's poster, 40 opened; 19 students on the student link (8 in
 *   grade 3, 6 in grade 5, 5 in grade 8), 25 opened;
 * - interviewer: school 1's link, 6 of 10 opened (60 %);
 * - telephone: 7 completed, 3 refused, 2 no answer, 4 wrong numbers (7 of 12);
 * - paper: school 2's link 9 of 10 handed out; a district link 3 typed in, its count not entered.
 */
async function seedModes(server: TestServer): Promise<SeededCampaign> {
  const { db } = server;
  const seeded = await seedCampaign(db, { schools: 4, scheme: "quality_2017" });
  await sql`update campaign set urban_population = 300000, town_population = 150000,
    rural_population = 50000 where id = ${seeded.campaignId}`.execute(db);
  const social = seeded.setup.questionnaireIds.social!;
  const link = async (mode: AnswerMode, school: number | null, distributed: number | null) => {
    const token = newChannelToken();
    const schoolId = school === null ? null : (seeded.setup.schools[school]?.id ?? null);
    const id = await insertChannel(db, {
      token,
      campaignId: seeded.campaignId,
      questionnaireId: social,
      schoolId,
      respondentGroup: null,
      label: `${mode} 链接`,
      mode,
    });
    if (distributed !== null) {
      await db
        .updateTable("channel")
        .set({ distributed_count: distributed })
        .where("id", "=", id)
        .execute();
    }
    return { id, token, schoolId };
  };
  const answered = (
    through: Link,
    n: number,
    group: RespondentGroup,
    answers: Record<string, unknown> = {},
    questionnaireId = social,
  ) =>
    Array.from({ length: n }, () =>
      responseRow(seeded, {
        channelId: through.id,
        questionnaireId,
        schoolId: through.schoolId ?? seeded.setup.schools[3]?.id ?? null,
        respondentGroup: group,
        answers,
        receivedAt: new Date(Date.now() - 3_600_000),
      }),
    );
  const opened = async (through: Link, n: number) => {
    for (let i = 0; i < n; i++) {
      await recordVisit(db, { id: randomUUID(), token: through.token, started: true, page: 1 });
    }
  };

  const poster = seeded.setup.schoolChannels[0]!;
  const student = seeded.setup.districtChannels.find((c) => c.questionnaireKey === "student")!;
  const interviewer = await link("interviewer", 1, null);
  const telephone = await link("telephone", null, null);
  const paper = await link("paper", 2, 10);
  const uncounted = await link("paper", null, null);
  await insertResponses(db, [
    ...answered(poster, 30, "parent"),
    ...answered(student, 8, "student", { grade: "3" }, student.questionnaireId),
    ...answered(student, 6, "student", { grade: "5" }, student.questionnaireId),
    ...answered(student, 5, "student", { grade: "8" }, student.questionnaireId),
    ...answered(interviewer, 6, "parent"),
    ...answered(paper, 9, "parent"),
    ...answered(uncounted, 3, "resident"),
  ]);
  await opened(poster, 40);
  await opened(student, 25);
  await opened(interviewer, 10);

  const caller = await db
    .insertInto("interviewer")
    .values({ campaign_id: seeded.campaignId, code: "TEL0001", label: "话务员一" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const calls: [CallOutcome, number][] = [
    ["completed", 7],
    ["refused", 3],
    ["no_answer", 2],
    ["wrong_number", 4],
  ];
  for (const [outcome, n] of calls) {
    for (let i = 0; i < n; i++) {
      const row = outcome === "completed" ? answered(telephone, 1, "parent")[0] : undefined;
      if (row) await insertResponses(db, [row]);
      await db
        .insertInto("call_attempt")
        .values({
          campaign_id: seeded.campaignId,
          channel_id: telephone.id,
          interviewer_id: caller.id,
          outcome,
          response_id: row?.id ?? null,
        })
        .execute();
    }
  }
  return seeded;
}

describe.skipIf(!chromiumPath())(
  "the dashboard's quotas, modes and return rates in Chromium",
  () => {
    let server: TestServer;
    let chromium: TestBrowser;
    let seeded: SeededCampaign;
    const admin: Account = { username: "modes-admin", password: "pw-modes-admin-0123456789" };
    const school: Account = { username: "modes-school", password: "pw-modes-school-0123456789" };
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      mkdirSync(shots, { recursive: true });
      [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
      seeded = await seedModes(server);
      await createStaffAccount(
        server.db,
        { ...admin, role: "admin", campaignId: seeded.campaignId },
        { label: "test" },
      );
      await createStaffAccount(
        server.db,
        {
          ...school,
          role: "school",
          campaignId: seeded.campaignId,
          schoolCode: seeded.schoolCodes[1],
        },
        { label: "test" },
      );
    });
    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await chromium?.close();
      await server?.close();
    });

    async function open(options: Parameters<TestBrowser["newPhone"]>[0] = {}): Promise<Page> {
      const context = await chromium.newPhone(options);
      contexts.push(context);
      return context.newPage();
    }
    const modeRow = (page: Page, mode: AnswerMode) =>
      page.locator(`#dashboard-modes tbody tr[data-mode="${mode}"]`);
    const text = async (page: Page, selector: string) =>
      ((await page.locator(selector).textContent()) ?? "").replace(/\s+/g, " ").trim();

    for (const [name, options] of [
      ["desktop", { ...desktop, bypassCSP: true }],
      ["a 390 px phone", { bypassCSP: true }],
    ] as const) {
      it(`an admin on ${name} sees each quota still needed, the shared quotas' chart, and every mode's rate against 70 %`, async () => {
        const page = await open(options);
        await signIn(page, server.url, admin);
        await modeRow(page, "paper").waitFor(patient);

        // Still needed per quota, grade bands and areas included (31 − 8, 31 − 6, 31 − 5).
        const needed = await text(page, "#still-needed");
        for (const line of [
          "家长：还需 323 份",
          "教师、校长：还需 94 份",
          "人大代表、政协委员：还需 94 份",
          "学生：还需 74 份",
          "三、四年级：还需 23 份",
          "五、六年级：还需 25 份",
          "七至九年级：还需 26 份",
          "城区：还需",
        ]) {
          expect(needed).toContain(line);
        }
        // The official categories: one row (and one pair of bars) per shared quota.
        const categories = await page
          .locator("#targets-category tbody tr")
          .evaluateAll((rows) =>
            rows.map((r) => [...r.children].map((c) => c.textContent?.trim()).join(" ")),
          );
        expect(categories).toEqual([
          "家长 52 375 14%",
          "教师、校长 0 94 0%",
          "人大代表、政协委员 0 94 0%",
          "其他群众 3 94 3%",
          "学生 19 93 20%",
        ]);
        for (const chart of ["#chart-categories", "#chart-grades", "#chart-areas"]) {
          await expect.poll(() => paintedPixels(page, chart), patient).toBeGreaterThan(500);
        }

        // Counts by mode and each rate, marked in words when below 70 %.
        const row = (mode: AnswerMode) =>
          modeRow(page, mode).evaluate((r) =>
            [...r.children]
              .map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim())
              .join(" | "),
          );
        expect(await row("online")).toBe("二维码/链接 | 49 | 75% | 达到");
        expect(await row("interviewer")).toBe("访员入户 | 6 | 60% | ⚠ 未达到");
        expect(await row("telephone")).toBe("电话访问 | 7 | 58% | ⚠ 未达到");
        expect(await row("paper")).toBe("纸质问卷 | 12 | 90% | 达到");
        // The table fits its box, even 390 px wide: nothing to scroll sideways for.
        const fits = await page
          .locator("#dashboard-modes")
          .evaluate(
            (table) =>
              table.scrollWidth <= (table.parentElement as HTMLElement).clientWidth &&
              table.getBoundingClientRect().right <= window.innerWidth,
          );
        expect(fits).toBe(true);
        // How each is worked out, below the table.
        expect(await page.locator("#modes-basis li").allTextContents()).toEqual(
          [
            "二维码/链接：完成 49 ÷ 打开 65",
            "访员入户：完成 6 ÷ 打开 10",
            "电话访问：完成 7 ÷ 拨打 12（其中拒访 3、无人接听 2）；空号 4 次不计入",
            "纸质问卷：录入 9 ÷ 发放 10；另有 1 个纸质链接未录入发放数，未计入",
          ].map((line) => expect.stringContaining(line)),
        );
        // 49 + 6 + 7 + 9 = 71 of 65 + 10 + 12 + 10 = 97: 73 %.
        expect(await text(page, "#valid-return")).toBe(
          "总体有效回收率：73%（71 ÷ 97），达到 70%。",
        );
        // Each link says its mode.
        const links = await page.locator("#dashboard-channels tbody tr").allTextContents();
        expect(links.some((l) => l.includes("电话访问"))).toBe(true);

        expect(await axeViolations(page)).toEqual([]);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBe(0);
        await page.screenshot({
          path: path.join(shots, `admin-${options.viewport?.width ?? 390}.png`),
          fullPage: true,
        });

        await page.locator("#lang-switch").click();
        await page.locator("#page-title").filter({ hasText: "Live progress" }).waitFor();
        expect(await text(page, "#still-needed")).toContain("Grades 3–4: 23 more needed");
        expect(await text(page, "#modes-title")).toBe("Modes of collection and valid-return rate");
        expect(await text(page, '#modes-basis li[data-mode="telephone"]')).toBe(
          "Telephone: 7 completed ÷ 12 calls (3 refused, 2 no answer); 4 wrong numbers left out",
        );
        expect(await text(page, "#valid-return")).toBe(
          "Overall valid-return rate: 73% (71 ÷ 97), meets 70%.",
        );
      });
    }

    it("a school account sees its own school's modes only, its rate marked below 70 %", async () => {
      const page = await open({});
      await signIn(page, server.url, school);
      await modeRow(page, "interviewer").waitFor(patient);
      // Its poster and its interviewer link; nothing of the district's telephone or paper links.
      const modes = await page
        .locator("#dashboard-modes tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-mode")));
      expect(modes).toEqual(["online", "interviewer"]);
      expect(await text(page, "#valid-return")).toBe("⚠ 总体有效回收率：60%（6 ÷ 10），低于 70%。");
      // No grade bands or areas at one school: its one quota is its parents.
      await expect(page.locator("#chart-grades, #chart-areas").count()).resolves.toBe(0);
      await page.screenshot({ path: path.join(shots, "school-390.png"), fullPage: true });
    });
  },
);
