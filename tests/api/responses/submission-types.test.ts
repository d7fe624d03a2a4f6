import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { insertChannel } from "../../../api/channels/repository.ts";
import { insertQuestionnaire } from "../../../api/questionnaires/repository.ts";
import { countResponses } from "../../../api/responses/repository.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { put, submissionBody } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/** A questionnaire with the question types the standard ones do not use. */
const ratingSurvey = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "rating", name: "score", rateMin: 1, rateMax: 5, isRequired: true },
        { type: "text", name: "age", inputType: "number", min: 6, max: 120 },
        { type: "text", name: "note", maxLength: 20 },
      ],
    },
  ],
};

describe.each(availableDbKinds())("answers of every type are checked on %s", (kind) => {
  const ctx = useSeededApp(kind);
  const { seeded } = ctx;
  let token: string;

  beforeAll(async () => {
    const questionnaireId = await insertQuestionnaire(ctx.db, {
      campaignId: seeded.campaignId,
      key: "rating-test",
      version: 1,
      title: "rating",
      definition: ratingSurvey,
      respondentGroups: ["resident"],
      itemRoles: {},
    });
    token = `rating${randomUUID().slice(0, 8)}`;
    await insertChannel(ctx.db, {
      token,
      campaignId: seeded.campaignId,
      questionnaireId,
      schoolId: null,
      respondentGroup: "resident",
      label: "test",
    });
  });

  async function expectIssue(answers: Record<string, unknown>, question: string, code: string) {
    const id = randomUUID();
    const res = await put(ctx.app, id, submissionBody(token, answers));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: { question: string; code: string }[] } };
    expect(body.error.details).toContainEqual(expect.objectContaining({ question, code }));
    expect(await countResponses(ctx.db, { id })).toBe(0);
  }

  it("accepts a rating in range", async () => {
    const id = randomUUID();
    const res = await put(ctx.app, id, submissionBody(token, { score: 4, age: 40, note: "ok" }));
    expect(res.status).toBe(200);
    expect(await countResponses(ctx.db, { id })).toBe(1);
  });

  it("rejects an out-of-range rating, a rating that is not a number, and a missing one", async () => {
    await expectIssue({ score: 99 }, "score", "out_of_range");
    await expectIssue({ score: 0 }, "score", "out_of_range");
    await expectIssue({ score: 2.5 }, "score", "out_of_range");
    await expectIssue({ score: "abc" }, "score", "wrong_type");
    await expectIssue({ age: 30 }, "score", "required");
  });

  it("rejects numbers out of bounds and text over its length", async () => {
    await expectIssue({ score: 3, age: 500 }, "age", "out_of_range");
    await expectIssue({ score: 3, note: "x".repeat(21) }, "note", "too_long");
  });
});
