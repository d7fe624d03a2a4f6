import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { RespondentGroup } from "../../../api/db/database.ts";
import type { ChannelRef } from "../../../api/demo/campaign-setup.ts";
import type { Dashboard } from "../../../api/dashboard/dashboard.ts";
import { insertResponses } from "../../../api/responses/repository.ts";
import { responseRow } from "../../helpers/response-row.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

type Count = number | "<5";

function responses(
  seeded: SeededCampaign,
  channel: ChannelRef | undefined,
  schoolIndex: number | null,
  group: RespondentGroup,
  n: number,
  answers: Record<string, unknown> = {},
) {
  if (!channel) throw new Error("channel missing");
  const school = schoolIndex === null ? null : (seeded.setup.schools[schoolIndex]?.id ?? null);
  return Array.from({ length: n }, () =>
    responseRow(seeded, {
      channelId: channel.id,
      questionnaireId: channel.questionnaireId,
      schoolId: channel.schoolId ?? school,
      respondentGroup: group,
      answers,
      receivedAt: new Date(Date.now() - 3600_000),
    }),
  );
}

/** The same responses in a campaign: 6 parents, 3 teachers, 2 principals, 2 deputies, 1 CPPCC member, 7 residents. */
async function answer(ctx: { db: Parameters<typeof insertResponses>[0] }, seeded: SeededCampaign) {
  const [social, staff, deputy] = seeded.setup.districtChannels;
  await insertResponses(ctx.db, [
    ...responses(seeded, seeded.setup.schoolChannels[0], null, "parent", 6),
    ...responses(seeded, staff, 0, "teacher", 3),
    ...responses(seeded, staff, 1, "principal", 2),
    ...responses(seeded, deputy, null, "deputy", 2),
    ...responses(seeded, deputy, null, "cppcc_member", 1),
    ...responses(seeded, social, 2, "resident", 7),
  ]);
  // Residents per area entered: 60 % / 30 % / 10 % of 500,000.
  await sql`update campaign set urban_population = 300000, town_population = 150000,
    rural_population = 50000 where id = ${seeded.campaignId}`.execute(ctx.db);
}

describe.each(availableDbKinds())("dashboard quotas per official category on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 4, scheme: "quality_2017" },
    accounts: { admin: { role: "admin" }, viewer: { role: "viewer" } },
  });
  let basic: SeededCampaign;

  const get = async (who: SignedIn, id: number) => {
    const res = await who.request(`/api/campaigns/${id}/dashboard`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Dashboard<Count>;
  };
  const brief = (d: Dashboard<Count>) =>
    d.targets.quotas.map((q) => [q.kind, q.key, q.groups, q.target, q.responses]);

  /** Students through the 2017 campaign's student link, `n` answering grade `grade`, an hour ago. */
  const students = (
    grade: string | null,
    n: number,
    receivedAt = new Date(Date.now() - 3600_000),
  ) => {
    const link = ctx.seeded.setup.districtChannels.find((c) => c.questionnaireKey === "student");
    const rows = responses(ctx.seeded, link, 1, "student", n, grade === null ? {} : { grade });
    return rows.map((row) => ({ ...row, receivedAt }));
  };

  beforeAll(async () => {
    await answer(ctx, ctx.seeded);
    basic = await seedCampaign(ctx.db, { schools: 4, scheme: "basic_2012" });
    await answer(ctx, basic);
  });

  it("shares one quota between deputies and CPPCC members, and one between principals and teachers", async () => {
    // By hand: 1.5 ‰ of the fixture's 500,000 residents = 750; parents ⌈750 / 2⌉ = 375; a 2017
    // campaign also asks students, so the other 375 go over four categories: 93.75 each, 93
    // apiece and the 3 left to the first three. Areas 60 / 30 / 10 % of 750 = 450 / 225 / 75;
    // the four schools are all urban, so urban counts the 18 responses that have a school.
    const d = await get(ctx.accounts.admin, ctx.seeded.campaignId);
    expect(brief(d)).toEqual([
      ["category", "parent", ["parent"], 375, 6],
      ["category", "principal_teacher", ["teacher", "principal"], 94, 5],
      ["category", "deputy_cppcc", ["deputy", "cppcc_member"], 94, 3],
      ["category", "resident", ["resident"], 94, 7],
      ["category", "student", ["student"], 93, 0],
      ["area", "urban", [], 450, 18],
      ["area", "town", [], 225, 0],
      ["area", "rural", [], 75, 0],
      // The students' 93 over three grade bands: 31 each.
      ["grade_band", "grades_3_4", ["student"], 31, 0],
      ["grade_band", "grades_5_6", ["student"], 31, 0],
      ["grade_band", "grades_7_9", ["student"], 31, 0],
    ]);
    // A group inside a shared quota has no target of its own.
    const teacher = d.targets.byGroup.find((g) => g.group === "teacher");
    expect(teacher).toEqual({ group: "teacher", target: null, responses: 3 });
  });

  it("counts students per grade band from their grade answers, the late and the new alike", async () => {
    // 4 in grade 3, 2 in grade 4, 6 in grade 8, 1 with no grade (counted as a student only).
    await insertResponses(ctx.db, [
      ...students("3", 4),
      ...students("4", 2),
      ...students("8", 6),
      ...students(null, 1),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the 1 s reuse of figures
    const bands = (d: Dashboard<Count>) =>
      d.targets.quotas.filter((q) => q.key === "student" || q.kind === "grade_band");
    let d = await get(ctx.accounts.admin, ctx.seeded.campaignId);
    expect(d.targets.quotas.find((q) => q.key === "student")?.responses).toBe(13);
    expect(bands(d).map((q) => [q.key, q.target, q.responses])).toEqual([
      ["student", 93, 13],
      ["grades_3_4", 31, 6],
      ["grades_5_6", 31, 0],
      ["grades_7_9", 31, 6],
    ]);
    // Stored after the first count, with an arrival an hour ago (inside the part the route keeps
    // counted): the tallies no longer agree with what was kept, so everything is counted again.
    await insertResponses(ctx.db, [...students("5", 7), ...students("9", 1)]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    d = await get(ctx.accounts.admin, ctx.seeded.campaignId);
    expect(bands(d).map((q) => [q.key, q.responses])).toEqual([
      ["student", 21],
      ["grades_3_4", 6],
      ["grades_5_6", 7],
      ["grades_7_9", 7],
    ]);
    // And one arriving now, in the part counted afresh on every read.
    await insertResponses(ctx.db, students("6", 1, new Date()));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    d = await get(ctx.accounts.admin, ctx.seeded.campaignId);
    expect(bands(d).map((q) => q.responses)).toEqual([22, 6, 8, 7]);
    // Still needed, as the page says it: 31 − 6 = 25 for grades 3–4.
    const band34 = d.targets.quotas.find((q) => q.key === "grades_3_4");
    expect((band34?.target ?? 0) - Number(band34?.responses)).toBe(25);
    // A viewer sees the same bands, a count of 1–4 as "<5" (none here) and the exact rest.
    const v = await get(ctx.accounts.viewer, ctx.seeded.campaignId);
    expect(v.targets.quotas.filter((q) => q.kind === "grade_band")).toEqual(
      d.targets.quotas.filter((q) => q.kind === "grade_band"),
    );
    // The grade-band quotas are the 2017 campaign's: the 2012 one asks no students.
    const b = await get(ctx.accounts.admin, basic.campaignId);
    expect(b.targets.quotas.some((q) => q.kind === "grade_band")).toBe(false);
  });

  it("sums before suppressing: 3 teachers and 2 principals show as 5 to a viewer", async () => {
    const d = await get(ctx.accounts.viewer, ctx.seeded.campaignId);
    expect(brief(d).slice(0, 4)).toEqual([
      ["category", "parent", ["parent"], 375, 6],
      ["category", "principal_teacher", ["teacher", "principal"], 94, 5],
      ["category", "deputy_cppcc", ["deputy", "cppcc_member"], 94, "<5"],
      ["category", "resident", ["resident"], 94, 7],
    ]);
    expect(d.targets.byGroup.find((g) => g.group === "teacher")?.responses).toBe("<5");
  });

  it("has no area quotas under basic_2012, even with residents per area entered", async () => {
    // 2012: max(600, 750) = 750; no student questionnaire, so 375 over three categories: 125 each.
    const d = await get(ctx.accounts.admin, basic.campaignId);
    expect(brief(d)).toEqual([
      ["category", "parent", ["parent"], 375, 6],
      ["category", "principal_teacher", ["teacher", "principal"], 125, 5],
      ["category", "deputy_cppcc", ["deputy", "cppcc_member"], 125, 3],
      ["category", "resident", ["resident"], 125, 7],
    ]);
    expect(d.targets.byArea.map((a) => a.target)).toEqual([450, 225, 75]);
  });

  it("gives a school's scope its parents' quota only", async () => {
    const school = ctx.seeded.setup.schools[0];
    if (!school) throw new Error("no school");
    const res = await ctx.accounts.admin.request(
      `/api/campaigns/${ctx.seeded.campaignId}/dashboard?school=${school.id}`,
    );
    const d = (await res.json()) as Dashboard<Count>;
    expect(d.targets.quotas).toEqual([
      {
        kind: "category",
        key: "parent",
        groups: ["parent"],
        target: d.targets.total.target,
        responses: 6,
      },
    ]);
  });
});
