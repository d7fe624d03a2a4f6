import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

const header =
  "学校代码,学校名称,乡镇（街道）,城乡类型,学段,小学在校生数,初中在校生数,高中在校生数";

function csv(...rows: string[]): string {
  return `\ufeff${[header, ...rows].join("\r\n")}\r\n`;
}

interface RowError {
  line: number;
  column: string | null;
  message: string;
}

describe.each(availableDbKinds())("importing schools from CSV on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 1 },
    accounts: { admin: { role: "admin" }, viewer: { role: "viewer" } },
  });
  const { seeded } = ctx;
  const { admin, viewer } = ctx.accounts;

  const importPath = () => `/api/campaigns/${seeded.campaignId}/schools/import`;
  const upload = (who: SignedIn, body: string, type = "text/csv; charset=utf-8") =>
    who.request(importPath(), { method: "POST", headers: { "content-type": type }, body });
  const schoolCount = async () =>
    (
      await ctx.db
        .selectFrom("school")
        .select("code")
        .where("campaign_id", "=", seeded.campaignId)
        .execute()
    ).length;

  it("offers a template with Chinese headings that imports as it is", async () => {
    const res = await admin.request("/api/schools/template.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // A byte-order mark, so Excel opens the Chinese headings as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const template = bytes.toString("utf8");
    expect(template.slice(1).startsWith("学校代码,学校名称")).toBe(true);
    const imported = await upload(admin, template.replace("DS001", "T001"));
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({ inserted: 1, updated: 0, total: 1 });
  });

  it("adds new schools, updates known codes, and understands nine-year schools and quoted names", async () => {
    const audited = async () =>
      (
        await ctx.db
          .selectFrom("audit_log")
          .select("id")
          .where("action", "=", "schools.import")
          .execute()
      ).length;
    const auditBefore = await audited();
    const first = await upload(
      admin,
      csv(
        'N001,"东湖路学校, 东校区",东湖街道,城区,九年一贯制,960,640,',
        "N002,青山镇石桥村小学,青山镇,乡村,小学,186,,",
        `${seeded.schoolCodes[0]},改名后的学校,城关街道,城区,小学,1900,,`,
      ),
    );
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ inserted: 2, updated: 1, total: 3 });
    const nine = await ctx.db
      .selectFrom("school")
      .select(["name", "levels", "enrolment", "area_type"])
      .where("campaign_id", "=", seeded.campaignId)
      .where("code", "=", "N001")
      .executeTakeFirstOrThrow();
    expect(nine).toEqual({
      name: "东湖路学校, 东校区",
      levels: ["primary", "junior"],
      enrolment: { primary: 960, junior: 640 },
      area_type: "urban",
    });
    const again = await upload(admin, csv("N002,青山镇石桥村小学,青山镇,乡村,小学,190,,"));
    expect(await again.json()).toEqual({ inserted: 0, updated: 1, total: 1 });
    expect(await audited()).toBe(auditBefore + 2);
  });

  /** The school links (kind 'school') of the school with this code. */
  const posterLinks = (code: string) =>
    ctx.db
      .selectFrom("channel as ch")
      .innerJoin("school as s", "s.id", "ch.school_id")
      .select([
        "ch.id",
        "ch.token",
        "ch.label",
        "ch.questionnaire_id as questionnaireId",
        "ch.respondent_group as group",
        "s.id as schoolId",
      ])
      .where("s.campaign_id", "=", seeded.campaignId)
      .where("s.code", "=", code)
      .where("ch.kind", "=", "school")
      .execute();
  const channelCount = async () =>
    (await ctx.db.selectFrom("channel").select("id").execute()).length;

  it("gives a school imported mid-campaign the poster link every school got at set-up, once", async () => {
    const existing = seeded.schoolCodes[0] as string;
    expect(await posterLinks(existing)).toHaveLength(1);
    const file = csv(
      "P001,青山一小,青山镇,乡村,小学,420,,",
      "P002,东湖中学,东湖街道,城区,初中,,900,",
      `${existing},改名后的学校,城关街道,城区,小学,1900,,`,
    );
    expect((await upload(admin, file)).status).toBe(200);
    for (const code of ["P001", "P002"]) {
      const links = await posterLinks(code);
      expect(links, code).toEqual([
        expect.objectContaining({
          label: "校门海报",
          questionnaireId: seeded.setup.questionnaireIds.social,
          group: null,
        }),
      ]);
      expect(links[0]?.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    }
    // A school that had its link keeps that one; importing the file again makes no more.
    expect(await posterLinks(existing)).toHaveLength(1);
    const count = await channelCount();
    expect((await upload(admin, file)).status).toBe(200);
    expect(await channelCount()).toBe(count);
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "schools.import")
      .orderBy("id", "desc")
      .limit(2)
      .execute();
    expect(audit.map((a) => (a.details as { posterLinks: number }).posterLinks)).toEqual([0, 2]);

    // Listed under the school's name, and it takes answers for that school at once.
    const { channels } = (await (
      await admin.request(`/api/campaigns/${seeded.campaignId}/channels`)
    ).json()) as { channels: { token: string; name: string }[] };
    const [link] = await posterLinks("P001");
    expect(channels.find((c) => c.token === link?.token)?.name).toBe("青山一小 · 校门海报");
    const answered = await put(
      ctx.app,
      randomUUID(),
      submissionBody(link?.token ?? "", validSocialAnswers()),
    );
    expect(answered.status).toBe(200);
    const stored = await ctx.db
      .selectFrom("response")
      .select("school_id")
      .where("channel_id", "=", link?.id ?? 0)
      .execute();
    expect(stored).toEqual([{ school_id: link?.schoolId }]);
  });

  it("refuses a file with bad rows, naming each line and column, and imports nothing from it", async () => {
    const before = await schoolCount();
    const channelsBefore = await channelCount();
    const res = await upload(
      admin,
      csv(
        "B001,好学校,城关街道,城区,小学,500,,",
        "B002,坏类型,城关街道,市区,小学,500,,",
        "B003,缺人数,城关街道,城区,初中,,,",
        "B001,重复,城关街道,城区,小学,10,,",
        "B004,坏人数,城关街道,城区,小学,abc,,",
        "B005,多余学段,城关街道,城区,小学,100,50,",
        "B006,列数不对,城关街道",
      ),
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: RowError[] };
    };
    expect(body.error.code).toBe("invalid_rows");
    expect(body.error.message).toMatch(/第 3 行/);
    expect(body.error.details.map((e) => [e.line, e.column])).toEqual([
      [3, "城乡类型"],
      [4, "初中在校生数"],
      [5, "学校代码"],
      [6, "小学在校生数"],
      [7, "初中在校生数"],
      [8, null],
    ]);
    for (const e of body.error.details) expect(e.message).toMatch(/[\u4e00-\u9fff].* [A-Za-z]/);
    expect(await schoolCount()).toBe(before);
    expect(await channelCount()).toBe(channelsBefore);
  });

  it("refuses a file without a required column, an empty file and broken quoting", async () => {
    const noLevels = await upload(
      admin,
      "学校代码,学校名称,乡镇（街道）,城乡类型\r\nX1,学校,镇,城区\r\n",
    );
    expect(noLevels.status).toBe(422);
    const details = ((await noLevels.json()) as { error: { details: RowError[] } }).error.details;
    expect(details).toEqual([expect.objectContaining({ line: 1, column: "学段" })]);
    expect((await upload(admin, csv())).status).toBe(422);
    expect((await upload(admin, csv('X2,"未闭合,镇,城区,小学,1,,'))).status).toBe(422);
  });

  it("is for the bureau only, with CSRF, as CSV", async () => {
    expect((await upload(viewer, csv("V001,学校,镇,城区,小学,1,,"))).status).toBe(403);
    const noCsrf = await ctx.app.request(importPath(), {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "text/csv" },
      body: csv("V002,学校,镇,城区,小学,1,,"),
    });
    expect(noCsrf.status).toBe(403);
    expect((await ctx.app.request(importPath(), { method: "POST", body: "x" })).status).toBe(401);
    expect((await upload(admin, "{}", "application/json")).status).toBe(415);
    expect((await upload(admin, "a".repeat(2 * 1024 * 1024 + 1))).status).toBe(413);
  });

  it("lists a campaign's schools; a school account sees only its own", async () => {
    const school = await signedIn(ctx.app, ctx.db, {
      username: "school1",
      role: "school",
      schoolCode: seeded.schoolCodes[0] as string,
      campaignId: seeded.campaignId,
    });
    const all = (await (
      await admin.request(`/api/campaigns/${seeded.campaignId}/schools`)
    ).json()) as {
      schools: { code: string }[];
    };
    expect(all.schools.length).toBeGreaterThan(1);
    const own = (await (
      await school.request(`/api/campaigns/${seeded.campaignId}/schools`)
    ).json()) as {
      schools: { code: string }[];
    };
    expect(own.schools.map((s) => s.code)).toEqual([seeded.schoolCodes[0]]);
  });
});
