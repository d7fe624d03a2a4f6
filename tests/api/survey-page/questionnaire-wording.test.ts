import type { Hono } from "hono";
import { Model } from "survey-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignQuestions } from "../../../api/analysis/analysis-settings-store.ts";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import type { DbHandle } from "../../../api/db/create-db.ts";
import type { DistrictLevel, Scheme } from "../../../api/db/database.ts";
import { createStaticAssets } from "../../../api/web/static-assets.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody } from "../../helpers/submission.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";
import { distDir } from "../../helpers/test-server.ts";

interface Boot {
  presetGroup: string | null;
  wording: Record<string, string>;
  questionnaire: { survey: Record<string, unknown> };
}

function bootOf(html: string): Boot {
  const match = /<script type="application\/json" id="junheng-boot">([\s\S]*?)<\/script>/.exec(
    html,
  );
  if (!match?.[1]) throw new Error("no boot data in the page");
  return JSON.parse(match[1]) as Boot;
}

/** The server-painted first questions, as text. */
function firstQuestionsText(html: string): string {
  const block = /<div id="first-questions"[\s\S]*?<\/fieldset>\s*<\/div>\s*<\/div>/.exec(html);
  return (block?.[0] ?? "").replace(/<[^>]+>/g, " ");
}

/** Every text of the questionnaire as the page's renderer shows it, with the boot's variables. */
function renderedTexts(boot: Boot): string[] {
  const survey = new Model(boot.questionnaire.survey);
  for (const [name, value] of Object.entries(boot.wording)) survey.setVariable(name, value);
  const texts = [survey.locTitle.renderedHtml, survey.locDescription.renderedHtml];
  for (const page of survey.pages) {
    texts.push(page.locTitle.renderedHtml, page.locDescription.renderedHtml);
    for (const question of page.questions) {
      texts.push(question.locTitle.renderedHtml, question.locDescription.renderedHtml);
    }
  }
  return texts.filter((t) => t !== "");
}

const studentAnswers = {
  grade: "5",
  sat_fairness: "satisfied",
  sat_virtue: "satisfied",
  sat_all_round: "basically_satisfied",
  sat_evaluation: "dissatisfied",
  sat_school_life: "fairly_satisfied",
  sat_homework: "basically_satisfied",
  sat_after_school: "satisfied",
  sat_facilities: "unknown",
  sat_overall: "satisfied",
};

describe.each(availableDbKinds())("questionnaire wording for the campaign, on %s", (kind) => {
  let handle: DbHandle;
  let app: Hono;
  let admin: SignedIn;
  let inDistrict: SeededCampaign;
  let inCounty: SeededCampaign;

  async function seedIn(name: string, level: DistrictLevel, scheme: Scheme) {
    const seeded = await seedCampaign(handle.db, { scheme, schools: 2 });
    await handle.db
      .updateTable("district")
      .set({ name, level, bureau_name: `${name}教育局` })
      .where("id", "=", seeded.setup.districtId)
      .execute();
    await handle.db
      .updateTable("campaign")
      .set({ district: name })
      .where("id", "=", seeded.campaignId)
      .execute();
    return seeded;
  }

  async function page(token: string): Promise<{ html: string; boot: Boot }> {
    const res = await app.request(`/s/${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    return { html, boot: bootOf(html) };
  }

  const studentLink = (seeded: SeededCampaign) => {
    const link = seeded.setup.districtChannels.find((c) => c.questionnaireKey === "student");
    if (!link) throw new Error("no student link");
    return link.token;
  };

  beforeAll(async () => {
    handle = await createTestDb(kind);
    app = createApp({
      db: handle.db,
      dbKind: handle.kind,
      config: testConfig(),
      assets: createStaticAssets(distDir),
    });
    inDistrict = await seedIn("测试区", "district", "basic_2012");
    inCounty = await seedIn("清河县", "county", "quality_2017");
    admin = await signedIn(app, handle.db, { username: "wording-admin", role: "admin" });
  });
  afterAll(async () => handle?.close());

  it("a 区 under the 2012 method reads 本区 and 基本均衡", async () => {
    const { html, boot } = await page(inDistrict.tokens.districtChannel);
    expect(boot.wording).toEqual({
      district: "测试区",
      area: "区",
      areaEn: "district",
      balance: "基本均衡",
      balanceEn: "basically balanced",
    });
    expect(firstQuestionsText(html)).toContain("测试区义务教育基本均衡发展社会满意度调查");
    const texts = renderedTexts(boot);
    expect(texts).toContain("您对本区规范招生、治理择校的情况是否满意？");
    // The 2012 recognition's own name: 义务教育发展基本均衡区.
    expect(texts).toContain("您是否知道本区正在创建义务教育发展基本均衡区？");
    expect(texts.join("\n")).not.toMatch(/[{}]|本县|优质均衡/);
  });

  it("a 县 under the 2017 method reads 本县 and 优质均衡 wherever a respondent reads", async () => {
    for (const token of [inCounty.tokens.districtChannel, inCounty.tokens.staffChannel]) {
      const { html, boot } = await page(token);
      expect(boot.wording).toMatchObject({ district: "清河县", area: "县", balance: "优质均衡" });
      const texts = renderedTexts(boot).join("\n");
      expect(texts).toContain("本县");
      expect(texts).toContain("优质均衡");
      expect(texts).not.toMatch(/[{}]|本区|基本均衡/);
      // What the server paints before any script runs (the boot data keeps the placeholders).
      const painted = html.replace(/<(script|style)[\s\S]*?<\/\1>/g, "").replace(/<[^>]+>/g, " ");
      expect(painted).not.toMatch(/本区|基本均衡|[{}]/);
    }
    const social = await page(inCounty.tokens.districtChannel);
    expect(firstQuestionsText(social.html)).toContain("清河县义务教育优质均衡发展社会满意度调查");
    expect(renderedTexts(social.boot)).toContain("您是否知道本县正在创建义务教育优质均衡发展县？");
    expect(renderedTexts(social.boot)).toContain("您对本县减轻学生过重作业负担的情况是否满意？");
    expect(renderedTexts(social.boot)).toContain("您对本县规范招生、治理择校的情况是否满意？");
  });

  it("a county-level city reads 本市", async () => {
    const city = await seedIn("清河市", "county_city", "quality_2017");
    const texts = renderedTexts((await page(city.tokens.districtChannel)).boot);
    expect(texts).toContain("您对本市规范招生、治理择校的情况是否满意？");
  });

  it("the stored questionnaire keeps its placeholders: one version reads right anywhere", async () => {
    // The same scheme's questionnaire in a 县 and in a county-level city.
    const city = await seedIn("清河市", "county_city", "quality_2017");
    const rows = await handle.db
      .selectFrom("questionnaire")
      .select(["campaign_id as campaignId", "definition"])
      .where("key", "=", "social")
      .where("campaign_id", "in", [city.campaignId, inCounty.campaignId])
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.definition).toEqual(rows[1]!.definition);
    expect(JSON.stringify(rows[0]!.definition)).toContain("本{area}");
  });

  it("staff read the questions in the campaign's words (settings, exports)", async () => {
    const title = async (campaignId: number, name: string) =>
      (await campaignQuestions(handle.db, campaignId)).questions.find((q) => q.name === name);
    expect(await title(inCounty.campaignId, "aware_campaign")).toMatchObject({
      zh: "您是否知道本县正在创建义务教育优质均衡发展县？",
      en: "Do you know that this county is working towards the national standard for high-quality balanced compulsory education?",
    });
    expect((await title(inDistrict.campaignId, "sat_school_choice"))?.zh).toBe(
      "您对本区规范招生、治理择校的情况是否满意？",
    );
  });

  it("the student questionnaire serves students only, asking no identity question", async () => {
    const { boot } = await page(studentLink(inCounty));
    expect(boot.presetGroup).toBe("student");
    expect(JSON.stringify(boot.questionnaire.survey)).not.toContain('"identity"');
    expect(renderedTexts(boot)).toContain("老师能公平对待班上每一位同学，你对这一点满意吗？");

    // The link presets the group: a sheet claiming another is refused, a student's is stored.
    const claimed = await put(
      app,
      crypto.randomUUID(),
      submissionBody(studentLink(inCounty), {
        ...studentAnswers,
        school: inCounty.schoolCodes[0],
        identity: "parent",
      }),
    );
    expect(claimed.status).toBe(422);
    const stored = await put(
      app,
      crypto.randomUUID(),
      submissionBody(studentLink(inCounty), { ...studentAnswers, school: inCounty.schoolCodes[0] }),
    );
    expect(stored.status).toBe(200);

    // A social link never takes a student's sheet.
    const onSocial = await put(
      app,
      crypto.randomUUID(),
      submissionBody(inCounty.tokens.deputyChannel, studentAnswers),
    );
    expect(onSocial.status).toBe(422);
  });

  it("a new link never pairs the student questionnaire with another group", async () => {
    const create = (body: Record<string, unknown>) =>
      admin.request(`/api/campaigns/${inCounty.campaignId}/channels`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ label: "班级群", kind: "wechat_group", ...body }),
      });
    for (const [questionnaireKey, respondentGroup] of [
      ["social", "student"],
      ["staff", "student"],
      ["student", "parent"],
      ["student", "teacher"],
    ]) {
      const res = await create({ questionnaireKey, respondentGroup });
      expect(res.status, `${questionnaireKey} for ${respondentGroup}`).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        "group_not_served",
      );
    }
    // A student-questionnaire link that names no group still serves students only.
    const res = await create({ questionnaireKey: "student" });
    expect(res.status).toBe(201);
    const { token } = ((await res.json()) as { channel: { token: string } }).channel;
    const { boot } = await page(token);
    expect(boot.presetGroup).toBe("student");
    const stored = await put(
      app,
      crypto.randomUUID(),
      submissionBody(token, { ...studentAnswers, school: inCounty.schoolCodes[1] }),
    );
    expect(stored.status).toBe(200);
    const row = await handle.db
      .selectFrom("response")
      .select("respondent_group")
      .where("channel_id", "=", (await channelId(token))!)
      .executeTakeFirstOrThrow();
    expect(row.respondent_group).toBe("student");
  });

  async function channelId(token: string): Promise<number | undefined> {
    const row = await handle.db
      .selectFrom("channel")
      .select("id")
      .where("token", "=", token)
      .executeTakeFirst();
    return row?.id;
  }
});
