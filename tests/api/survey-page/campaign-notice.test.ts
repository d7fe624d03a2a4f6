import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import type { DbHandle } from "../../../api/db/create-db.ts";
import type { CampaignStatus } from "../../../api/db/database.ts";
import { beijingTimeText } from "../../../api/survey-page/views/beijing-time.ts";
import { createStaticAssets } from "../../../api/web/static-assets.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";
import { distDir } from "../../helpers/test-server.ts";

const day = 24 * 3600 * 1000;
const contact = "测试区教育局督导室 027-12345678（工作日 9:00–17:00）";

/** The page's text without markup, as a reader sees it. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe.each(availableDbKinds())("a campaign's link while it takes no answers, on %s", (kind) => {
  let handle: DbHandle;
  let app: Hono;

  beforeAll(async () => {
    handle = await createTestDb(kind);
    app = createApp({
      db: handle.db,
      dbKind: handle.kind,
      config: testConfig(),
      assets: createStaticAssets(distDir),
    });
  });
  afterAll(async () => handle?.close());

  /** A campaign in the given state with a contact line; its school poster link. */
  async function linkOf(opts: {
    status: CampaignStatus;
    opensAt: Date;
    closesAt: Date;
    contactLine?: string;
  }): Promise<string> {
    const seeded = await seedCampaign(handle.db, { ...opts, schools: 1 });
    await handle.db
      .updateTable("campaign")
      .set({ contact_line: opts.contactLine ?? contact })
      .where("id", "=", seeded.campaignId)
      .execute();
    return `/s/${seeded.tokens.schoolChannel}`;
  }

  const past = (days = 10) => new Date(Date.now() - days * day);
  const future = (days = 10) => new Date(Date.now() + days * day);

  async function page(url: string) {
    const res = await app.request(url);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    const text = visibleText(html);
    // Never an internal state or code, in either language.
    expect(text).not.toMatch(/draft|scheduled|archived|campaign_not_open|status/i);
    return { status: res.status, html, text };
  }

  it("a draft: 调查尚未发布, with the bureau and the contact line, as a 404", async () => {
    const url = await linkOf({ status: "draft", opensAt: future(), closesAt: future(20) });
    const { status, text } = await page(url);
    expect(status).toBe(404);
    expect(text).toContain("调查尚未发布");
    expect(text).toContain("测试区满意度调查");
    expect(text).toContain("主办单位：测试区教育局");
    expect(text).toContain(`咨询：${contact}`);
    expect(text).toContain("This survey has not been published yet");
    expect(text).toContain("Run by: 测试区教育局");
  });

  it("not yet open: the day and time it opens, in Beijing time, as before a 410", async () => {
    // 00:30 UTC is 8:30 in Beijing, the same day.
    const opensAt = new Date("2099-09-01T00:30:00Z");
    const url = await linkOf({
      status: "open",
      opensAt,
      closesAt: new Date("2099-09-21T16:00:00Z"),
    });
    const { status, text, html } = await page(url);
    expect(status).toBe(410);
    expect(html).toContain("<title>调查尚未开始</title>");
    expect(text).toContain("本次调查将于2099年9月1日 8:30开始，届时欢迎参与。");
    expect(text).toContain("The survey opens on 1 September 2099, 8:30 (Beijing time).");
    expect(text).toContain("主办单位：测试区教育局");
    expect(text).toContain(`Questions: ${contact}`);
  });

  it("closed: 本次调查已于 … 结束，感谢关注, as a 410", async () => {
    // Closing at midnight Beijing time: the last day answers were taken is the day before.
    const url = await linkOf({
      status: "closed",
      opensAt: new Date("2026-01-01T00:00:00Z"),
      closesAt: new Date("2026-01-10T16:00:00Z"),
    });
    const { status, text } = await page(url);
    expect(status).toBe(410);
    expect(text).toContain("调查已结束");
    expect(text).toContain("本次调查已于2026年1月10日结束，感谢关注。");
    expect(text).toContain("The survey closed on 10 January 2026. Thank you for your interest.");
    expect(text).toContain("主办单位：测试区教育局");
    expect(text).toContain(`咨询：${contact}`);
  });

  it("past its closing time though nobody closed it: the same closed page", async () => {
    const closesAt = new Date("2026-03-05T06:23:00Z"); // 14:23 in Beijing
    const url = await linkOf({
      status: "open",
      opensAt: new Date("2026-03-01T00:00:00Z"),
      closesAt,
    });
    const { status, text } = await page(url);
    expect(status).toBe(410);
    expect(text).toContain("本次调查已于2026年3月5日 14:23结束，感谢关注。");
  });

  it("archived: the same as closed", async () => {
    const url = await linkOf({
      status: "archived",
      opensAt: new Date("2025-05-01T00:00:00Z"),
      closesAt: new Date("2025-05-31T16:00:00Z"),
    });
    const { status, text } = await page(url);
    expect(status).toBe(410);
    expect(text).toContain("本次调查已于2025年5月31日结束，感谢关注。");
    expect(text).toContain("主办单位：测试区教育局");
  });

  it("closed before it ever opened: no end date to give", async () => {
    const url = await linkOf({ status: "closed", opensAt: future(), closesAt: future(20) });
    const { status, text } = await page(url);
    expect(status).toBe(410);
    expect(text).toContain("本次调查已结束，感谢关注。");
    expect(text).not.toMatch(/已于/);
  });

  it("leaves the contact line out when the campaign gives none", async () => {
    const url = await linkOf({
      status: "closed",
      opensAt: past(20),
      closesAt: past(),
      contactLine: "",
    });
    const { text } = await page(url);
    expect(text).toContain("主办单位：测试区教育局");
    expect(text).not.toContain("咨询");
    expect(text).not.toContain("Questions");
  });

  it("the open survey page says who runs it and whom to ask, under the heading", async () => {
    const url = await linkOf({ status: "open", opensAt: past(), closesAt: future() });
    const { status, html } = await page(url);
    expect(status).toBe(200);
    const header = /<header[\s\S]*?<\/header>/.exec(html)?.[0] ?? "";
    expect(header).toContain(
      '<p class="jh-runner"><span data-text="runBy">主办单位：</span>测试区教育局</p>',
    );
    expect(header).toContain(`<span data-text="contact">咨询：</span>${contact}</p>`);
  });

  it("escapes a bureau name and contact line with markup", async () => {
    const url = await linkOf({
      status: "closed",
      opensAt: past(20),
      closesAt: past(),
      contactLine: "<script>alert(1)</script>",
    });
    const open = await linkOf({
      status: "open",
      opensAt: past(),
      closesAt: future(),
      contactLine: "<img src=x onerror=alert(1)>",
    });
    for (const link of [url, open]) {
      const html = await (await app.request(link)).text();
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).not.toContain("<img src=x");
    }
  });
});

describe("dates on the notice page, in Beijing time", () => {
  it("give the day alone at midnight, and the last day for a closing at midnight or 23:59", () => {
    expect(beijingTimeText(new Date("2026-09-01T16:00:00Z"), "opens")).toEqual({
      zh: "2026年9月2日",
      en: "2 September 2026",
    });
    expect(beijingTimeText(new Date("2026-09-01T16:00:00Z"), "closes").zh).toBe("2026年9月1日");
    expect(beijingTimeText(new Date("2026-09-01T15:59:00Z"), "closes").zh).toBe("2026年9月1日");
    expect(beijingTimeText(new Date("2026-09-01T15:59:00Z"), "opens").zh).toBe(
      "2026年9月1日 23:59",
    );
    expect(beijingTimeText(new Date("2026-12-31T23:05:00Z"), "opens")).toEqual({
      zh: "2027年1月1日 7:05",
      en: "1 January 2027, 7:05 (Beijing time)",
    });
  });
});
