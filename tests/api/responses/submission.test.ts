import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { setCampaignStatus } from "../../../api/campaigns/repository.ts";
import { countResponses } from "../../../api/responses/repository.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

describe.each(availableDbKinds())("PUT /api/responses/:id on %s", (kind) => {
  const ctx = useSeededApp(kind);
  const { seeded } = ctx;

  const rows = (id: string) => countResponses(ctx.db, { id });

  it("stores a valid answer sheet and acknowledges with the stored receipt", async () => {
    const id = randomUUID();
    const res = await put(
      ctx.app,
      id,
      submissionBody(seeded.tokens.schoolChannel, validSocialAnswers()),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; receivedAt: string };
    expect(body.id).toBe(id);
    expect(Number.isNaN(Date.parse(body.receivedAt))).toBe(false);
    const row = await ctx.db
      .selectFrom("response")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.respondent_group).toBe("parent");
    expect(row.school_id).toBe(seeded.setup.schools[0]?.id);
    expect(row.answers).toMatchObject({ sat_overall: "satisfied" });
    expect(row.duration_seconds).toBeCloseTo(180, 5);
    expect(row.browser_family).toBe("unknown");
  });

  it("the same PUT five times stores one row and answers the same each time", async () => {
    const id = randomUUID();
    const body = submissionBody(seeded.tokens.schoolChannel, validSocialAnswers());
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await put(ctx.app, id, body);
      expect(res.status).toBe(200);
      answers.push(await res.text());
    }
    expect(new Set(answers).size).toBe(1);
    expect(await rows(id)).toBe(1);
  });

  it("a retry with the keys in another order is still the same response", async () => {
    const id = randomUUID();
    const body = submissionBody(seeded.tokens.schoolChannel, validSocialAnswers());
    expect((await put(ctx.app, id, body)).status).toBe(200);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect((await put(ctx.app, id, reordered)).status).toBe(200);
    expect(await rows(id)).toBe(1);
  });

  it("50 concurrent distinct submissions store 50 rows", async () => {
    const before = await countResponses(ctx.db, { campaignId: seeded.campaignId });
    const ids = Array.from({ length: 50 }, () => randomUUID());
    const results = await Promise.all(
      ids.map((id) =>
        put(ctx.app, id, submissionBody(seeded.tokens.schoolChannel, validSocialAnswers())),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(await countResponses(ctx.db, { campaignId: seeded.campaignId })).toBe(before + 50);
  });

  it("the same new id sent concurrently ten times stores one row", async () => {
    const id = randomUUID();
    const body = submissionBody(seeded.tokens.schoolChannel, validSocialAnswers());
    const results = await Promise.all(Array.from({ length: 10 }, () => put(ctx.app, id, body)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await rows(id)).toBe(1);
  });

  it("the same id with different answers is a 409 and the first answers stay", async () => {
    const id = randomUUID();
    expect(
      (await put(ctx.app, id, submissionBody(seeded.tokens.schoolChannel, validSocialAnswers())))
        .status,
    ).toBe(200);
    const other = submissionBody(
      seeded.tokens.schoolChannel,
      validSocialAnswers({ sat_overall: "dissatisfied" }),
    );
    const res = await put(ctx.app, id, other);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "response_conflict" } });
    const row = await ctx.db
      .selectFrom("response")
      .select("answers")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.answers).toMatchObject({ sat_overall: "satisfied" });
    expect(await rows(id)).toBe(1);
  });

  it("a parent on a district link picks the school, which is stored", async () => {
    const id = randomUUID();
    const code = seeded.schoolCodes[2] as string;
    const res = await put(
      ctx.app,
      id,
      submissionBody(seeded.tokens.districtChannel, validSocialAnswers({ school: code })),
    );
    expect(res.status).toBe(200);
    const row = await ctx.db
      .selectFrom("response")
      .select("school_id")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.school_id).toBe(seeded.setup.schools[2]?.id);
  });

  it("a preset group comes from the link, not from the answers", async () => {
    const id = randomUUID();
    const answers = validSocialAnswers();
    delete answers.identity;
    delete answers.child_level;
    const res = await put(ctx.app, id, submissionBody(seeded.tokens.deputyChannel, answers));
    expect(res.status).toBe(200);
    const row = await ctx.db
      .selectFrom("response")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.respondent_group).toBe("deputy");
    expect(row.school_id).toBeNull();
  });

  describe("rejects bad input with its status, our error shape, and no row", () => {
    async function expectRejected(res: Response, status: number, code: string, id: string) {
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(5);
      expect(await rows(id)).toBe(0);
      return body;
    }

    it("malformed JSON → 400", async () => {
      const id = randomUUID();
      await expectRejected(
        await put(ctx.app, id, '{"channel": "abc", "answers": {'),
        400,
        "malformed_json",
        id,
      );
    });

    it("invalid UTF-8 → 400", async () => {
      const id = randomUUID();
      const res = await ctx.app.request(`/api/responses/${id}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      });
      await expectRejected(res, 400, "malformed_json", id);
    });

    it("an envelope that breaks the schema (unknown top-level key, answers not an object) → 400", async () => {
      const id = randomUUID();
      const body = {
        ...submissionBody(seeded.tokens.schoolChannel, validSocialAnswers()),
        name: "张三",
      };
      await expectRejected(await put(ctx.app, id, body), 400, "invalid_body", id);
      const arrayAnswers = { ...submissionBody(seeded.tokens.schoolChannel, {}), answers: [1, 2] };
      await expectRejected(await put(ctx.app, id, arrayAnswers), 400, "invalid_body", id);
    });

    it("a page name that jsonb cannot store → 400, not a database error", async () => {
      const id = randomUUID();
      const body = submissionBody(seeded.tokens.schoolChannel, validSocialAnswers(), {
        pageSeconds: { "bad\u0000page": 3 },
      });
      await expectRejected(await put(ctx.app, id, body), 400, "invalid_body", id);
    });

    it("timing that runs backwards → 400", async () => {
      const id = randomUUID();
      const body = submissionBody(seeded.tokens.schoolChannel, validSocialAnswers(), {
        startedAt: "2026-11-29T12:00:00Z",
        completedAt: "2026-11-29T11:00:00Z",
      });
      await expectRejected(await put(ctx.app, id, body), 400, "invalid_body", id);
    });

    it("an id that is not a UUID → 400", async () => {
      const res = await put(
        ctx.app,
        "not-a-uuid",
        submissionBody(seeded.tokens.schoolChannel, validSocialAnswers()),
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_id" } });
    });

    it("not JSON content → 415", async () => {
      const id = randomUUID();
      const res = await ctx.app.request(`/api/responses/${id}`, {
        method: "PUT",
        headers: { "content-type": "text/plain" },
        body: "hello",
      });
      await expectRejected(res, 415, "unsupported_media_type", id);
    });

    it("unknown channel token → 404", async () => {
      const id = randomUUID();
      await expectRejected(
        await put(ctx.app, id, submissionBody("NoSuchToken123", validSocialAnswers())),
        404,
        "channel_not_found",
        id,
      );
    });

    it("a body over 64 KB → 413, whether or not Content-Length tells", async () => {
      const id = randomUUID();
      const huge = submissionBody(
        seeded.tokens.schoolChannel,
        validSocialAnswers({ comment: "好".repeat(30_000) }),
      );
      await expectRejected(await put(ctx.app, id, huge), 413, "payload_too_large", id);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const chunk = new TextEncoder().encode(JSON.stringify(huge));
          controller.enqueue(chunk);
          controller.close();
        },
      });
      const res = await ctx.app.request(`/api/responses/${id}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      await expectRejected(res, 413, "payload_too_large", id);
    });

    it("answers that break the questionnaire → 422 naming each question", async () => {
      const id = randomUUID();
      const answers = validSocialAnswers({ sat_facility_gap: "very_satisfied", nickname: "x" });
      delete answers.sat_overall;
      const body = await expectRejected(
        await put(ctx.app, id, submissionBody(seeded.tokens.schoolChannel, answers)),
        422,
        "invalid_answers",
        id,
      );
      const details = (body.error as unknown as { details: { question: string; code: string }[] })
        .details;
      expect(details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ question: "sat_facility_gap", code: "not_a_choice" }),
          expect.objectContaining({ question: "nickname", code: "unknown_question" }),
          expect.objectContaining({ question: "sat_overall", code: "required" }),
        ]),
      );
      for (const name of ["sat_facility_gap", "nickname", "sat_overall"])
        expect(body.error.message).toContain(name);
      // Each refusal quotes the question as the respondent read it: the campaign's words, not `{area}`.
      const messages = (body.error as unknown as { details: { message: string }[] }).details;
      const facility = messages.find((d) => d.message.includes("办学条件"))?.message ?? "";
      expect(facility).toContain("本区");
      expect(messages.map((d) => d.message).join(" ")).not.toMatch(/\{\w+\}/);
    });

    it("a school that is not the campaign's → 422", async () => {
      const id = randomUUID();
      const answers = validSocialAnswers({ school: "NOT-A-SCHOOL" });
      const body = await expectRejected(
        await put(ctx.app, id, submissionBody(seeded.tokens.districtChannel, answers)),
        422,
        "invalid_answers",
        id,
      );
      expect(JSON.stringify(body)).toContain("school");
    });

    it("a questionnaire version of another campaign → 422", async () => {
      const other = await seedCampaign(ctx.db);
      const id = randomUUID();
      const body = submissionBody(seeded.tokens.schoolChannel, validSocialAnswers(), {
        questionnaire: other.setup.questionnaireIds.social,
      });
      await expectRejected(await put(ctx.app, id, body), 422, "questionnaire_mismatch", id);
    });
  });

  describe("campaign not open → 410 in Chinese and English", () => {
    it("a closed campaign refuses new answers but still acknowledges a retry of a stored one", async () => {
      const campaign = await seedCampaign(ctx.db);
      const stored = randomUUID();
      const storedBody = submissionBody(campaign.tokens.schoolChannel, validSocialAnswers());
      expect((await put(ctx.app, stored, storedBody)).status).toBe(200);
      await setCampaignStatus(ctx.db, campaign.campaignId, "closed");

      const id = randomUUID();
      const res = await put(
        ctx.app,
        id,
        submissionBody(campaign.tokens.schoolChannel, validSocialAnswers()),
      );
      expect(res.status).toBe(410);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("campaign_not_open");
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(body.error.message).toMatch(/not open/);
      expect(await rows(id)).toBe(0);

      expect((await put(ctx.app, stored, storedBody)).status).toBe(200);
      expect(await rows(stored)).toBe(1);
    });

    it("outside the campaign's dates (not yet open) → 410", async () => {
      const later = await seedCampaign(ctx.db, {
        opensAt: new Date(Date.now() + 24 * 3600 * 1000),
        closesAt: new Date(Date.now() + 48 * 3600 * 1000),
      });
      const id = randomUUID();
      const res = await put(
        ctx.app,
        id,
        submissionBody(later.tokens.schoolChannel, validSocialAnswers()),
      );
      expect(res.status).toBe(410);
      expect(await rows(id)).toBe(0);
    });

    it("a draft campaign → 410", async () => {
      const draft = await seedCampaign(ctx.db, { status: "draft" });
      const id = randomUUID();
      expect(
        (await put(ctx.app, id, submissionBody(draft.tokens.schoolChannel, validSocialAnswers())))
          .status,
      ).toBe(410);
      expect(await rows(id)).toBe(0);
    });
  });

  describe("the database keeps responses append-only", () => {
    it("refuses UPDATE and DELETE on a stored response", async () => {
      const id = randomUUID();
      expect(
        (await put(ctx.app, id, submissionBody(seeded.tokens.schoolChannel, validSocialAnswers())))
          .status,
      ).toBe(200);
      await expect(
        sql`update response set answers = '{}'::jsonb where id = ${id}`.execute(ctx.db),
      ).rejects.toThrow(/append-only/);
      await expect(sql`delete from response where id = ${id}`.execute(ctx.db)).rejects.toThrow(
        /append-only/,
      );
      expect(await rows(id)).toBe(1);
    });

    it("freezes a questionnaire version once it has answers", async () => {
      const qid = seeded.setup.questionnaireIds.social as number;
      await expect(
        sql`update questionnaire set definition = '{}'::jsonb where id = ${qid}`.execute(ctx.db),
      ).rejects.toThrow(/cannot change/);
    });
  });
});
