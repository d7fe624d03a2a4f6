import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { insertChannel, newChannelToken } from "../../../api/channels/index.ts";
import type { AnswerMode, CallOutcome, RespondentGroup } from "../../../api/db/database.ts";
import type { Dashboard } from "../../../api/dashboard/dashboard.ts";
import { insertResponses } from "../../../api/responses/repository.ts";
import { recordVisit } from "../../../api/visits/repository.ts";
import { responseRow } from "../../helpers/response-row.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

type Count = number | "<5";
type Link = { id: number; token: string; schoolId: number | null };

/**
 * One campaign answered every way (docs/weighting.md, Valid-return rate):
 * - online: 10 parents on school 0's poster (12 opened) and 6 on the district link (8 opened);
 * - interviewer: a link of school 1, 6 responses of 10 opened;
 * - telephone: a district link, 7 completed calls (each its response), 3 refused, 2 no answer,
 *   4 wrong numbers;
 * - paper: school 2's link with 10 sheets handed out and 9 typed in; a district link with 3
 *   typed in and no count entered.
 */
describe.each(availableDbKinds())("the dashboard's modes and valid-return rates on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 4 },
    accounts: {
      admin: { role: "admin" },
      viewer: { role: "viewer" },
      schoolB: { role: "school", school: 1 },
      schoolD: { role: "school", school: 3 },
    },
  });
  const { seeded } = ctx;
  const links = {} as Record<"interviewer" | "telephone" | "paper" | "paperUncounted", Link>;
  let other: SeededCampaign;

  const get = async (who: SignedIn, id = seeded.campaignId) => {
    const res = await who.request(`/api/campaigns/${id}/dashboard`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Dashboard<Count>;
  };
  const mode = (d: Dashboard<Count>, m: AnswerMode) => {
    const found = d.modes.find((x) => x.mode === m);
    if (!found) throw new Error(`no ${m}`);
    return found;
  };

  async function link(
    target: SeededCampaign,
    m: AnswerMode,
    schoolIndex: number | null,
    distributed: number | null = null,
  ): Promise<Link> {
    const token = newChannelToken();
    const schoolId = schoolIndex === null ? null : (target.setup.schools[schoolIndex]?.id ?? null);
    const id = await insertChannel(ctx.db, {
      token,
      campaignId: target.campaignId,
      questionnaireId: target.setup.questionnaireIds.social!,
      schoolId,
      respondentGroup: null,
      label: `${m} link`,
      mode: m,
    });
    if (distributed !== null) {
      await ctx.db
        .updateTable("channel")
        .set({ distributed_count: distributed })
        .where("id", "=", id)
        .execute();
    }
    return { id, token, schoolId };
  }

  function answered(target: SeededCampaign, through: Link, n: number, group: RespondentGroup) {
    const schoolId = through.schoolId ?? target.setup.schools[0]?.id ?? null;
    return Array.from({ length: n }, () =>
      responseRow(target, {
        channelId: through.id,
        questionnaireId: target.setup.questionnaireIds.social!,
        schoolId,
        respondentGroup: group,
        answers: {},
        receivedAt: new Date(Date.now() - 3600_000),
      }),
    );
  }

  async function opened(through: Link, n: number) {
    for (let i = 0; i < n; i++) {
      await recordVisit(ctx.db, { id: randomUUID(), token: through.token, started: true, page: 1 });
    }
  }

  /** Calls of `outcome` on a telephone link; a completed one with its response. */
  async function calls(
    target: SeededCampaign,
    through: Link,
    outcome: CallOutcome,
    n: number,
  ): Promise<void> {
    const interviewer = await ctx.db
      .insertInto("interviewer")
      .values({
        campaign_id: target.campaignId,
        code: `T${randomUUID().slice(0, 8).toUpperCase()}`,
        label: "话务员",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 0; i < n; i++) {
      let responseId: string | null = null;
      if (outcome === "completed") {
        const [row] = answered(target, through, 1, "parent");
        if (!row) throw new Error("no row");
        await insertResponses(ctx.db, [row]);
        responseId = row.id;
      }
      await ctx.db
        .insertInto("call_attempt")
        .values({
          campaign_id: target.campaignId,
          channel_id: through.id,
          interviewer_id: interviewer.id,
          outcome,
          response_id: responseId,
        })
        .execute();
    }
  }

  beforeAll(async () => {
    const poster = seeded.setup.schoolChannels[0];
    const district = seeded.setup.districtChannels[0];
    if (!poster || !district) throw new Error("channels missing");
    const online = (ref: typeof poster): Link => ({
      id: ref.id,
      token: ref.token,
      schoolId: ref.schoolId,
    });
    links.interviewer = await link(seeded, "interviewer", 1);
    links.telephone = await link(seeded, "telephone", null);
    links.paper = await link(seeded, "paper", 2, 10);
    links.paperUncounted = await link(seeded, "paper", null);
    await insertResponses(ctx.db, [
      ...answered(seeded, online(poster), 10, "parent"),
      ...answered(seeded, online(district), 6, "resident"),
      ...answered(seeded, links.interviewer, 6, "parent"),
      ...answered(seeded, links.paper, 9, "parent"),
      ...answered(seeded, links.paperUncounted, 3, "resident"),
    ]);
    await opened(online(poster), 12);
    await opened(online(district), 8);
    await opened(links.interviewer, 10);
    await calls(seeded, links.telephone, "completed", 7);
    await calls(seeded, links.telephone, "refused", 3);
    await calls(seeded, links.telephone, "no_answer", 2);
    await calls(seeded, links.telephone, "wrong_number", 4);

    // Another campaign's calls and sheets count nowhere here.
    other = await seedCampaign(ctx.db, { schools: 1 });
    const otherPhone = await link(other, "telephone", null);
    await calls(other, otherPhone, "refused", 9);
    await link(other, "paper", null, 500);
  });

  it("counts responses by mode and states each mode's valid-return rate against 70 %", async () => {
    const d = await get(ctx.accounts.admin);
    // Direct counts from the tables, never from the tallies.
    const { rows } = await sql<{ mode: AnswerMode; n: number }>`
      select ch.mode, count(*)::int as n from response r join channel ch on ch.id = r.channel_id
      where r.campaign_id = ${seeded.campaignId} group by 1`.execute(ctx.db);
    const byMode = { online: 16, interviewer: 6, telephone: 7, paper: 12 };
    expect(Object.fromEntries(rows.map((r) => [r.mode, r.n]))).toEqual(byMode);
    expect(Object.fromEntries(d.modes.map((m) => [m.mode, m.responses]))).toEqual(byMode);
    expect(d.modes.map((m) => [m.mode, m.links, m.returned, m.base, m.notEntered])).toEqual([
      // Four school posters and the three district links of the seed are online.
      [
        "online",
        seeded.setup.schoolChannels.length + seeded.setup.districtChannels.length,
        16,
        20,
        0,
      ],
      ["interviewer", 1, 6, 10, 0],
      // 7 completed of 12 calls to working numbers: the 4 wrong numbers are out of the base.
      ["telephone", 1, 7, 12, 0],
      // 9 of 10 handed out; the other paper link's count is not entered.
      ["paper", 2, 9, 10, 1],
    ]);
    expect(d.modes.map((m) => m.rate)).toEqual([0.8, 0.6, 7 / 12, 0.9]);
    expect(d.modes.map((m) => m.belowLine)).toEqual([false, true, true, false]);
    expect(mode(d, "telephone").calls).toEqual({
      completed: 7,
      refused: 3,
      noAnswer: 2,
      wrongNumber: 4,
    });
    expect(mode(d, "online").calls).toBeNull();
    // 16 + 6 + 7 + 9 = 38 of 20 + 10 + 12 + 10 = 52: 73 %, above the line.
    expect(d.validReturn).toEqual({
      line: 0.7,
      returned: 38,
      base: 52,
      rate: 38 / 52,
      belowLine: false,
    });
    // Each link says its mode, and the paper links what was handed out.
    const byId = new Map(d.channels.map((c) => [c.id, c]));
    expect(byId.get(links.paper.id)).toMatchObject({ mode: "paper", distributedCount: 10 });
    expect(byId.get(links.paperUncounted.id)).toMatchObject({ distributedCount: null });
    expect(byId.get(links.telephone.id)).toMatchObject({ mode: "telephone", completed: 7 });
    // The funnel leaves paper out: 16 + 6 + 7 completed against the visits of the other links.
    expect(d.funnel).toMatchObject({ opened: 30, completed: 29 });
    // Each school's rate is its own links', every mode pooled.
    const schoolRate = (i: number) =>
      d.schools.find((s) => s.id === seeded.setup.schools[i]?.id)?.validReturnRate;
    expect([0, 1, 2, 3].map(schoolRate)).toEqual([10 / 12, 0.6, 0.9, null]);
  });

  it("follows a paper count entered later, and a rate falling below the line", async () => {
    await ctx.db
      .updateTable("channel")
      .set({ distributed_count: 10 })
      .where("id", "=", links.paperUncounted.id)
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the 1 s reuse of figures
    let d = await get(ctx.accounts.admin);
    // 9 + 3 of 10 + 10: 60 %, now below 70 %.
    expect(mode(d, "paper")).toMatchObject({
      returned: 12,
      base: 20,
      rate: 0.6,
      belowLine: true,
      notEntered: 0,
    });
    // 41 of 62 = 66 % overall: below the line too.
    expect(d.validReturn).toMatchObject({ returned: 41, base: 62, belowLine: true });
    await ctx.db
      .updateTable("channel")
      .set({ distributed_count: null })
      .where("id", "=", links.paperUncounted.id)
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    d = await get(ctx.accounts.admin);
    expect(mode(d, "paper")).toMatchObject({ notEntered: 1, rate: 0.9 });
  });

  it('shows a viewer every breakdown count under 5 as "<5", and no rate that would give one back', async () => {
    const exact = await get(ctx.accounts.admin);
    const d = await get(ctx.accounts.viewer);
    expect(mode(d, "telephone").calls).toEqual({
      completed: 7,
      refused: "<5",
      noAnswer: "<5",
      wrongNumber: "<5",
    });
    expect(d.modes.map((m) => m.responses)).toEqual(exact.modes.map((m) => m.responses));
    expect(d.modes.map((m) => m.rate)).toEqual(exact.modes.map((m) => m.rate));
    // The campaign-wide rate stays exact, like the other campaign-wide totals.
    expect(d.validReturn).toEqual(exact.validReturn);
  });

  it("gives a school account its own school's modes and links only", async () => {
    const d = await get(ctx.accounts.schoolB);
    expect(d.scope).toBe("school");
    // School 1 has its poster (online, nothing through it) and the interviewer link.
    expect(d.modes.map((m) => [m.mode, m.links, m.responses])).toEqual([
      ["online", 1, 0],
      ["interviewer", 1, 6],
      ["telephone", 0, 0],
      ["paper", 0, 0],
    ]);
    expect(mode(d, "interviewer")).toMatchObject({ returned: 6, base: 10, rate: 0.6 });
    expect(mode(d, "telephone").calls).toEqual({
      completed: 0,
      refused: 0,
      noAnswer: 0,
      wrongNumber: 0,
    });
    // Its own rate only: 6 of 10, nothing of the district's calls or the other schools' sheets.
    expect(d.validReturn).toMatchObject({ returned: 6, base: 10, rate: 0.6, belowLine: true });
    // A school whose links took nothing has no rate at all, and sees 0 of everything else.
    const empty = await get(ctx.accounts.schoolD);
    expect(empty.validReturn).toMatchObject({ returned: 0, base: 0, rate: null });
    expect(empty.modes.every((m) => m.responses === 0)).toBe(true);
  });

  it("keeps another campaign's calls and sheets out", async () => {
    const d = await get(ctx.accounts.admin, other.campaignId);
    expect(mode(d, "telephone")).toMatchObject({ links: 1, returned: 0, base: 9, rate: 0 });
    expect(mode(d, "paper")).toMatchObject({ links: 1, base: 500, returned: 0, rate: 0 });
  });
});
