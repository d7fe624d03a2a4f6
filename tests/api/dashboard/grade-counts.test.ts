import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { StudentGradeCounts } from "../../../api/dashboard/grade-counts.ts";
import { insertResponses } from "../../../api/responses/repository.ts";
import { responseRow } from "../../helpers/response-row.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

describe.each(availableDbKinds())("students' grade counts kept between polls on %s", (kind) => {
  const ctx = useSeededApp(kind, { seed: { schools: 2, scheme: "quality_2017" } });

  /** `n` students answering `grade`, received `minutesAgo` minutes ago. */
  const students = (grade: string | null, n: number, minutesAgo: number) => {
    const link = ctx.seeded.setup.districtChannels.find((c) => c.questionnaireKey === "student");
    if (!link) throw new Error("no student link");
    return Array.from({ length: n }, () =>
      responseRow(ctx.seeded, {
        channelId: link.id,
        questionnaireId: link.questionnaireId,
        schoolId: ctx.seeded.setup.schools[0]?.id ?? null,
        respondentGroup: "student",
        answers: grade === null ? {} : { grade },
        receivedAt: new Date(Date.now() - minutesAgo * 60_000),
      }),
    );
  };
  /** Direct counts per grade answer, never through the cache. */
  const direct = async () => {
    const { rows } = await sql<{ answer: string | null; n: number }>`
      select answers ->> 'grade' as answer, count(*)::int as n from response
      where campaign_id = ${ctx.seeded.campaignId} and respondent_group = 'student'
      group by 1`.execute(ctx.db);
    return Object.fromEntries(rows.map((r) => [String(r.answer), r.n]));
  };
  const asRecord = (counts: { answer: string | null; responses: number }[]) =>
    Object.fromEntries(counts.map((c) => [String(c.answer), c.responses]));

  it("counts everything once, then only what arrived since, and again in full when the tallies disagree", async () => {
    const cache = new StudentGradeCounts({ settleMs: 60_000 });
    const id = ctx.seeded.campaignId;
    // Parents are no students: never counted.
    await insertResponses(ctx.db, [
      ...students("3", 4, 120),
      ...students("8", 2, 90),
      ...students(null, 1, 30),
      responseRow(ctx.seeded, { answers: { grade: "5" } }),
    ]);
    let read = await cache.read(ctx.db, id);
    expect(read.source).toBe("full");
    expect(asRecord(read.counts)).toEqual({ "3": 4, "8": 2, null: 1 });
    expect(asRecord(read.counts)).toEqual(await direct());

    read = await cache.read(ctx.db, id);
    expect(read.source).toBe("incremental");
    expect(asRecord(read.counts)).toEqual({ "3": 4, "8": 2, null: 1 });

    // Arrivals within the last minute lie in the part counted afresh each time.
    await insertResponses(ctx.db, students("5", 3, 0));
    read = await cache.read(ctx.db, id);
    expect(read.source).toBe("incremental");
    expect(asRecord(read.counts)).toEqual({ "3": 4, "5": 3, "8": 2, null: 1 });

    // A response stored late with an old arrival time: the kept part lacks it, the tallies
    // have it, so the campaign is counted in full again.
    await insertResponses(ctx.db, students("9", 2, 240));
    read = await cache.read(ctx.db, id);
    expect(read.source).toBe("full");
    expect(asRecord(read.counts)).toEqual({ "3": 4, "5": 3, "8": 2, "9": 2, null: 1 });
    expect(asRecord(read.counts)).toEqual(await direct());
  });

  it("answers reads that arrive together one after another, each right", async () => {
    const cache = new StudentGradeCounts();
    const reads = await Promise.all(
      Array.from({ length: 4 }, () => cache.read(ctx.db, ctx.seeded.campaignId)),
    );
    const want = await direct();
    expect(reads.map((r) => r.source)).toEqual([
      "full",
      "incremental",
      "incremental",
      "incremental",
    ]);
    for (const r of reads) expect(asRecord(r.counts)).toEqual(want);
  });

  it("keeps at most the campaigns it is told to", async () => {
    const cache = new StudentGradeCounts({ maxCampaigns: 1 });
    const other = await seedCampaign(ctx.db, { scheme: "quality_2017" });
    expect((await cache.read(ctx.db, ctx.seeded.campaignId)).source).toBe("full");
    expect((await cache.read(ctx.db, other.campaignId)).source).toBe("full");
    // The first campaign's settled part made room for the second's.
    expect((await cache.read(ctx.db, ctx.seeded.campaignId)).source).toBe("full");
    expect((await cache.read(ctx.db, ctx.seeded.campaignId)).source).toBe("incremental");
  });
});
