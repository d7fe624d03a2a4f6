import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertDistrict } from "../../api/districts/index.ts";
import { itemOptionValues } from "../../api/questionnaires/satisfaction-scale.ts";
import { createStaffAccount } from "../../api/staff/staff-accounts.ts";
import { type TestBrowser, chromiumPath, launchBrowser } from "../helpers/browser.ts";
import { type TestServer, startTestServer } from "../helpers/test-server.ts";
import { type Account, axeViolations, beijing, desktop, submitLogin } from "./staff-steps.ts";

const day = 24 * 3_600_000;

/**
 * The bureau picks the satisfaction scale when it makes a campaign (the scheme suggests one),
 * reads it on the overview, changes it while a draft, and no longer once published.
 */
describe.skipIf(!chromiumPath())("the satisfaction scale in the staff pages", () => {
  let server: TestServer;
  let chromium: TestBrowser;
  const admin: Account = { username: "scale-admin", password: "pw-scale-admin-0123456" };

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startTestServer(), launchBrowser()]);
    const district = await insertDistrict(server.db, {
      name: "清河县",
      level: "county",
      province: "河北省",
      city: "邢台市",
      bureauName: "清河县教育局",
    });
    await createStaffAccount(
      server.db,
      { ...admin, role: "admin", districtId: district.id },
      { label: "test" },
    );
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  const points = (page: Page, n: 3 | 4 | 5) =>
    page.locator(`#new-scale input[name="new-scale-points"][value="${n}"]`);
  const dontKnow = (page: Page) => page.locator("#new-scale-dont-know");
  /** Every satisfaction item's options in the campaign's stored questionnaires. */
  const storedOptions = async (campaignId: number) => {
    const rows = await server.db
      .selectFrom("questionnaire")
      .select(["definition", "item_roles"])
      .where("campaign_id", "=", campaignId)
      .execute();
    return [
      ...new Set(
        rows.flatMap((r) =>
          [...itemOptionValues(r.definition, r.item_roles.satisfaction ?? []).values()].map((v) =>
            v.join(" "),
          ),
        ),
      ),
    ];
  };

  it("suggests the scheme's scale, takes the bureau's, and keeps it once published", async () => {
    const context = await chromium.newPhone({ ...desktop, bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/staff/`);
      await page.locator("#login-form").waitFor();
      await submitLogin(page, admin);
      await page.waitForURL(/\/staff\/campaigns$/);
      await page.goto(`${server.url}/staff/campaigns/new`);
      const field = page.locator("#new-scale");
      await field.waitFor();
      await expect(field.locator("legend").textContent()).resolves.toBe("满意度量表");
      const labels = (await field.locator(".jh-choice").allInnerTexts()).map((s) => s.trim());
      expect(labels).toEqual([
        "三级：满意 / 基本满意 / 不满意",
        "四级：满意 / 比较满意 / 基本满意 / 不满意",
        "五级：满意 / 比较满意 / 基本满意 / 不满意 / 很不满意",
        "另设“不了解”选项（答“不了解”的题不计入满意度）",
      ]);

      // The 2012 A卷's scale, then 2017's suggestion, as the scheme changes.
      await page.getByLabel("基本均衡（2012）").check();
      await expect(points(page, 3).isChecked()).resolves.toBe(true);
      await expect(dontKnow(page).isChecked()).resolves.toBe(false);
      await page.getByLabel("优质均衡（2017）").check();
      await expect(points(page, 4).isChecked()).resolves.toBe(true);
      await expect(dontKnow(page).isChecked()).resolves.toBe(true);
      // The bureau's own pick stays when the scheme changes again.
      await points(page, 5).check();
      await dontKnow(page).uncheck();
      await page.getByLabel("基本均衡（2012）").check();
      await page.getByLabel("优质均衡（2017）").check();
      await expect(points(page, 5).isChecked()).resolves.toBe(true);
      await expect(dontKnow(page).isChecked()).resolves.toBe(false);
      expect(await axeViolations(page)).toEqual([]);

      await page.locator("#new-name").fill("清河县2027年优质均衡满意度调查");
      await page.locator("#new-opens").fill(beijing(Date.now() + day));
      await page.locator("#new-closes").fill(beijing(Date.now() + 20 * day));
      await page.getByRole("button", { name: "新建", exact: true }).click();
      await page.waitForURL(/\/staff\/campaigns\/\d+\/settings$/);
      const id = Number(/\/campaigns\/(\d+)\//.exec(page.url())?.[1]);
      const row = await server.db
        .selectFrom("campaign")
        .select(["scheme", "scale_points", "scale_dont_know"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ scheme: "quality_2017", scale_points: 5, scale_dont_know: false });
      expect(await storedOptions(id)).toEqual([
        "satisfied fairly_satisfied basically_satisfied dissatisfied very_dissatisfied",
      ]);

      // The overview says it, in Chinese and in English.
      const current = page.locator("#scale-current");
      await expect(current.textContent()).resolves.toBe(
        "五级：满意 / 比较满意 / 基本满意 / 不满意 / 很不满意；不设“不了解”",
      );
      await page.locator("#lang-switch").click();
      await expect
        .poll(() => current.textContent())
        .toBe(
          "5 points: satisfied / fairly satisfied / basically satisfied / dissatisfied / very dissatisfied; no “don't know”",
        );
      await page.locator("#lang-switch").click();
      await expect.poll(() => current.textContent()).toContain("五级");

      // A draft's scale changes, questionnaires and all.
      const overview = page.locator("#scale-form");
      await overview.locator('input[name="overview-scale-points"][value="3"]').check();
      await overview.locator("#overview-scale-dont-know").check();
      await overview.getByRole("button", { name: "保存量表" }).click();
      await expect
        .poll(() => current.textContent())
        .toBe("三级：满意 / 基本满意 / 不满意；另设“不了解”");
      expect(await storedOptions(id)).toEqual([
        "satisfied basically_satisfied dissatisfied unknown",
      ]);

      // Published: the scale stays, and the page says why instead of offering a form.
      await page.locator("#lifecycle").getByRole("button", { name: "发布" }).click();
      await page.locator("#overview-notice").filter({ hasText: "已发布" }).waitFor();
      await expect(page.locator("#scale-form").count()).resolves.toBe(0);
      await expect(page.locator("#campaign-scale").textContent()).resolves.toContain(
        "量表不能再更改",
      );
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
