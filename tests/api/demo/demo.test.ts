import { insertDistrict } from "../../../api/districts/index.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { resetDemo } from "../../../api/demo/reset-demo.ts";
import { seedDemo, seedDemoIfEmpty } from "../../../api/demo/seed-demo.ts";
import { findQuestionnaire } from "../../../api/questionnaires/repository.ts";
import { countResponses } from "../../../api/responses/repository.ts";
import { AnswerValidator } from "../../../api/responses/answer-validator.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";

describe.each(availableDbKinds())("the demo district on %s", (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it("is created on an empty database only", async () => {
    // A bureau that set up its own district (no campaign yet) never meets the demo.
    const bureau = await createTestDb(kind);
    try {
      await insertDistrict(bureau.db, {
        name: "青山区",
        level: "district",
        province: "内蒙古自治区",
        city: "包头市",
        bureauName: "青山区教育局",
      });
      expect(await seedDemoIfEmpty(bureau.db)).toBeUndefined();
      expect(await bureau.db.selectFrom("campaign").select("id").execute()).toEqual([]);
    } finally {
      await bureau.close();
    }
    const first = await seedDemoIfEmpty(handle.db);
    expect(first).toBeDefined();
    expect(await seedDemoIfEmpty(handle.db)).toBeUndefined();
  });

  it("has a dozen schools across all three area types and responses over several days", async () => {
    const schools = await handle.db.selectFrom("school").select(["area_type", "town"]).execute();
    expect(schools).toHaveLength(12);
    expect(new Set(schools.map((s) => s.area_type))).toEqual(new Set(["urban", "town", "rural"]));
    expect(new Set(schools.map((s) => s.town)).size).toBeGreaterThanOrEqual(4);
    const responses = await handle.db
      .selectFrom("response")
      .select(["received_at", "respondent_group", "school_id"])
      .execute();
    expect(responses.length).toBeGreaterThanOrEqual(300);
    const days = new Set(responses.map((r) => r.received_at.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(4);
    const parents = responses.filter((r) => r.respondent_group === "parent").length;
    expect(parents / responses.length).toBeGreaterThan(0.5);
    expect(responses.every((r) => r.received_at.getTime() <= Date.now())).toBe(true);
  });

  it("every synthetic answer sheet passes the same validator as a real one", async () => {
    const rows = await handle.db
      .selectFrom("response as r")
      .innerJoin("channel as ch", "ch.id", "r.channel_id")
      .leftJoin("school as s", "s.id", "ch.school_id")
      .select([
        "r.answers",
        "r.questionnaire_id",
        "ch.respondent_group as preset",
        "s.code as channelSchool",
        "r.campaign_id",
      ])
      .execute();
    const codes = new Set(
      (await handle.db.selectFrom("school").select("code").execute()).map((s) => s.code),
    );
    const validators = new Map<number, AnswerValidator>();
    for (const row of rows) {
      let validator = validators.get(row.questionnaire_id);
      if (!validator) {
        const q = await findQuestionnaire(handle.db, row.questionnaire_id);
        validator = new AnswerValidator(q?.definition ?? {});
        validators.set(row.questionnaire_id, validator);
      }
      const result = validator.validate(row.answers, {
        variables: { presetGroup: row.preset ?? "", channelSchool: row.channelSchool ?? "" },
        externalChoices: { school: codes },
      });
      expect(result.ok ? [] : result.issues).toEqual([]);
    }
  });

  it("demo:reset rebuilds the demo and leaves other campaigns alone", async () => {
    const real = await seedCampaign(handle.db);
    const before = await handle.db
      .selectFrom("campaign")
      .select("id")
      .where("is_demo", "=", true)
      .execute();
    const result = await resetDemo(handle.db);
    const after = await handle.db
      .selectFrom("campaign")
      .select("id")
      .where("is_demo", "=", true)
      .execute();
    expect(after.map((c) => c.id)).toEqual([result.setup.campaignId]);
    expect(before.map((c) => c.id)).not.toContain(result.setup.campaignId);
    expect(await countResponses(handle.db, { campaignId: result.setup.campaignId })).toBe(
      result.responses,
    );
    expect(
      await handle.db
        .selectFrom("campaign")
        .select("id")
        .where("id", "=", real.campaignId)
        .executeTakeFirst(),
    ).toBeDefined();
  });

  it("is reproducible: the same clock gives the same answers", async () => {
    const other = await createTestDb("pglite");
    try {
      const now = new Date("2026-11-20T12:00:00Z");
      const a = await seedDemo(other.db, now, 30);
      const answersA = await other.db
        .selectFrom("response")
        .select("answers")
        .where("campaign_id", "=", a.setup.campaignId)
        .orderBy("received_at")
        .execute();
      const b = await seedDemo(other.db, now, 30);
      const answersB = await other.db
        .selectFrom("response")
        .select("answers")
        .where("campaign_id", "=", b.setup.campaignId)
        .orderBy("received_at")
        .execute();
      expect(answersB).toEqual(answersA);
    } finally {
      await other.close();
    }
  });
});
