import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { RespondentGroup } from "../../../api/db/database.ts";
import type { ChannelRef } from "../../../api/demo/campaign-setup.ts";
import { seededRandom } from "../../../api/demo/random.ts";
import { type NewResponse, insertResponses } from "../../../api/responses/repository.ts";
import { recordVisit } from "../../../api/visits/repository.ts";
import type { Dashboard } from "../../../api/dashboard/dashboard.ts";
import { responseRow } from "../../helpers/response-row.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

type Count = number | "<5";
const hour = 3600 * 1000;

function response(
  seeded: SeededCampaign,
  channel: ChannelRef,
  schoolIndex: number | null,
  group: RespondentGroup,
  hoursAgo: number,
): NewResponse {
  const school = schoolIndex === null ? null : (seeded.setup.schools[schoolIndex]?.id ?? null);
  return responseRow(seeded, {
    channelId: channel.id,
    questionnaireId: channel.questionnaireId,
    schoolId: channel.schoolId ?? school,
    respondentGroup: group,
    answers: {},
    receivedAt: new Date(Date.now() - hoursAgo * hour),
  });
}

/** "<5" for 1–4 (0 and 5+ as they are): the rule non-admins see breakdowns under. */
const small = (n: number): Count => (n > 0 && n < 5 ? "<5" : n);

describe.each(availableDbKinds())("GET /api/campaigns/:id/dashboard on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 4 },
    accounts: {
      admin: { role: "admin" },
      viewer: { role: "viewer" },
      publicity: { role: "publicity" },
      schoolA: { role: "school", school: 0 },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, publicity, schoolA } = ctx.accounts;
  let other: SeededCampaign;
  let otherViewer: SignedIn;

  const path = (id = seeded.campaignId, query = "") => `/api/campaigns/${id}/dashboard${query}`;
  const get = async (who: SignedIn, query = "", id = seeded.campaignId) => {
    const res = await who.request(path(id, query));
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Dashboard<Count>;
  };
  const schoolIds = () => seeded.setup.schools.map((s) => s.id);

  beforeAll(async () => {
    other = await seedCampaign(ctx.db, { schools: 2 });
    const [poster0, poster1] = seeded.setup.schoolChannels;
    const [social, staff, deputy] = seeded.setup.districtChannels;
    if (!poster0 || !poster1 || !social || !staff || !deputy) throw new Error("channels missing");
    const random = seededRandom(3);
    const rows: NewResponse[] = [
      // School 0: 12 parents on its poster, 3 teachers through the staff link.
      ...Array.from({ length: 12 }, (_, i) => response(seeded, poster0, null, "parent", i * 1.5)),
      ...Array.from({ length: 3 }, () => response(seeded, staff, 0, "teacher", 2)),
      // School 1: only 2 parents (a small count); school 2: 7 residents via the district link.
      ...Array.from({ length: 2 }, () => response(seeded, poster1, null, "parent", 5)),
      ...Array.from({ length: 7 }, () => response(seeded, social, 2, "resident", 3 + random())),
      // Deputies: no school at all.
      ...Array.from({ length: 4 }, () => response(seeded, deputy, null, "deputy", 1)),
      // Some parents who picked school 3 on the district link.
      ...Array.from({ length: 6 }, () => response(seeded, social, 3, "parent", random() * 20)),
    ];
    await insertResponses(ctx.db, rows);
    const otherPoster = other.setup.schoolChannels[0];
    if (!otherPoster) throw new Error("channels missing");
    await insertResponses(
      ctx.db,
      Array.from({ length: 9 }, () => response(other, otherPoster, null, "parent", 1)),
    );
    const visit = (channel: ChannelRef, started: boolean, page: number) =>
      recordVisit(ctx.db, { id: randomUUID(), token: channel.token, started, page });
    for (let i = 0; i < 20; i++) await visit(poster0, i < 15, 1 + (i % 4));
    for (let i = 0; i < 3; i++) await visit(poster1, i < 2, 2);
    for (let i = 0; i < 9; i++) await visit(social, i < 7, 1 + (i % 3));
    // The staff questionnaire has pages of its own: its page 2 is not the social one's page 2.
    for (let i = 0; i < 6; i++) await visit(staff, i < 5, 1 + (i % 3));
    otherViewer = await signedIn(ctx.app, ctx.db, {
      username: "viewer2",
      role: "viewer",
      campaignId: other.campaignId,
    });
  });

  /** Direct counts from `response` and `visit`, never from the tallies. */
  async function direct() {
    const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(ctx.db)).rows;
    const id = seeded.campaignId;
    return {
      total: (
        await q(sql<{ n: number }>`
        select count(*)::int as n from response where campaign_id = ${id}`)
      )[0]?.n,
      byGroup: await q(sql<{ group: string; n: number }>`
        select respondent_group as group, count(*)::int as n from response
        where campaign_id = ${id} group by 1`),
      byArea: await q(sql<{ area: string; n: number }>`
        select s.area_type as area, count(*)::int as n from response r
        join school s on s.id = r.school_id where r.campaign_id = ${id} group by 1`),
      bySchool: await q(sql<{ id: number; n: number; parents: number; last: Date }>`
        select school_id as id, count(*)::int as n,
          count(*) filter (where respondent_group = 'parent')::int as parents,
          max(received_at) as last
        from response where campaign_id = ${id} and school_id is not null group by 1`),
      byChannel: await q(sql<{ id: number; n: number }>`
        select channel_id as id, count(*)::int as n from response
        where campaign_id = ${id} group by 1`),
      visits: await q(sql<{ id: number; opened: number; started: number }>`
        select channel_id as id, count(*)::int as opened, count(started_at)::int as started
        from visit where campaign_id = ${id} group by 1`),
      pages: await q(sql<{ key: string; page: number; reached: number }>`
        select q.key, p.page, count(*)::int as reached
        from visit v join channel ch on ch.id = v.channel_id
          join questionnaire q on q.id = ch.questionnaire_id,
          generate_series(1, v.furthest_page) as p(page)
        where v.campaign_id = ${id} group by 1, 2 order by 1, 2`),
      startedBy: await q(sql<{ key: string; title: string; started: number }>`
        select q.key, q.title, count(v.started_at)::int as started
        from visit v join channel ch on ch.id = v.channel_id
          join questionnaire q on q.id = ch.questionnaire_id
        where v.campaign_id = ${id} group by 1, 2 order by 1`),
      hourly: await q(sql<{ hour: Date; n: number }>`
        select date_trunc('hour', received_at, 'UTC') as hour, count(*)::int as n
        from response where campaign_id = ${id} group by 1 order by 1`),
    };
  }

  it("answers 401 without a session, 404 for no such campaign, 403 for another campaign", async () => {
    const anonymous = await ctx.app.request(path());
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "unauthenticated" } });
    for (const bad of ["999999", "0", "-1", "abc", "1e3", "99999999999999999999"]) {
      const res = await admin.request(`/api/campaigns/${bad}/dashboard`);
      expect(res.status, bad).toBe(404);
      expect(await res.json()).toHaveProperty("error.code", "not_found");
    }
    const foreign = await otherViewer.request(path());
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: "forbidden" } });
  });

  it("gives an admin exact figures equal to direct counts", async () => {
    const d = await get(admin);
    const want = await direct();
    const plan = (await (
      await admin.request(`/api/campaigns/${seeded.campaignId}/sample-plan`)
    ).json()) as {
      total: number;
      byGroup: Record<string, number>;
      parentsBySchool: Record<string, number>;
    };
    expect(d.scope).toBe("campaign");
    expect(d.campaign).toMatchObject({ id: seeded.campaignId, status: "open" });
    expect(d.targets.total).toEqual({ group: null, target: plan.total, responses: want.total });
    for (const g of d.targets.byGroup) {
      expect(g.responses, g.group).toBe(want.byGroup.find((w) => w.group === g.group)?.n ?? 0);
      expect(g.target).toBe(plan.byGroup[g.group] ?? null);
    }
    expect(d.targets.byGroup.map((g) => g.group)).toEqual(
      expect.arrayContaining(want.byGroup.map((w) => w.group)),
    );
    for (const a of d.targets.byArea) {
      expect(a.responses, a.areaType).toBe(want.byArea.find((w) => w.area === a.areaType)?.n ?? 0);
    }
    expect(d.schools.map((s) => s.id).sort()).toEqual(schoolIds().sort());
    for (const s of d.schools) {
      const row = want.bySchool.find((w) => w.id === s.id);
      const links = seeded.setup.schoolChannels.filter((c) => c.schoolId === s.id).map((c) => c.id);
      const opened = want.visits
        .filter((v) => links.includes(v.id))
        .reduce((t, v) => t + v.opened, 0);
      const completed = want.byChannel
        .filter((c) => links.includes(c.id))
        .reduce((t, c) => t + c.n, 0);
      expect(s.responses, s.code).toBe(row?.n ?? 0);
      expect(s.parentResponses).toBe(row?.parents ?? 0);
      expect(s.target).toBe(plan.parentsBySchool[s.code]);
      expect(s.pctOfTarget).toBeCloseTo((row?.parents ?? 0) / s.target, 10);
      expect(s.lastResponseAt).toBe(row ? row.last.toISOString() : null);
      expect(s.opened).toBe(opened);
      expect(s.completed).toBe(completed);
      expect(s.validReturnRate).toBe(opened ? Math.min(1, completed / opened) : null);
    }
    // Lagging: fewer parents than ⌊half the target's pro-rata share⌋ (about 1/15 of the window has passed).
    expect(d.elapsedShare).toBeCloseTo(1 / 15, 2);
    const lagging = d.schools.map((s) => s.lagging);
    expect(lagging).toEqual(
      d.schools.map((s) => Number(s.parentResponses) < Math.floor(0.5 * s.target * d.elapsedShare)),
    );
    expect(lagging).toContain(true);
    expect(lagging).toContain(false);
    for (const ch of d.channels) {
      const v = want.visits.find((w) => w.id === ch.id);
      expect(ch.opened).toBe(v?.opened ?? 0);
      expect(ch.started).toBe(v?.started ?? 0);
      expect(ch.completed).toBe(want.byChannel.find((w) => w.id === ch.id)?.n ?? 0);
    }
    expect(d.channels).toHaveLength(
      seeded.setup.schoolChannels.length + seeded.setup.districtChannels.length,
    );
    // Every questionnaire a link leads to, the pages of each counted on their own.
    expect(d.funnel).toEqual({
      opened: want.visits.reduce((t, v) => t + v.opened, 0),
      started: want.visits.reduce((t, v) => t + v.started, 0),
      completed: want.total,
      byQuestionnaire: ["social", "staff"].map((key) => ({
        key,
        title: want.startedBy.find((w) => w.key === key)?.title,
        started: want.startedBy.find((w) => w.key === key)?.started,
        byPage: want.pages
          .filter((p) => p.key === key)
          .map((p) => ({ page: p.page, reached: p.reached })),
      })),
    });
    const staffPages = d.funnel.byQuestionnaire.find((q) => q.key === "staff")?.byPage;
    expect(staffPages).toEqual([
      { page: 1, reached: 6 },
      { page: 2, reached: 4 },
      { page: 3, reached: 2 },
    ]);
    // A school's links are named with the school: twelve posters can be told apart.
    for (const link of seeded.setup.schoolChannels) {
      const school = seeded.setup.schools.find((s) => s.id === link.schoolId);
      const label = d.channels.find((ch) => ch.id === link.id)?.label;
      expect(label).toBe(`${school?.name} · 校门海报`);
    }
    const district = seeded.setup.districtChannels[0];
    expect(d.channels.find((ch) => ch.id === district?.id)?.label).toBe(district?.label);
    // Every hour with responses, with its count; the hours between are there as zeros.
    const nonZero = d.hourly.filter((h) => h.responses !== 0);
    expect(nonZero).toEqual(
      want.hourly.map((h) => ({ hour: h.hour.toISOString(), responses: h.n })),
    );
    const first = Date.parse(d.hourly[0]?.hour ?? "");
    expect(d.hourly.every((h, i) => Date.parse(h.hour) === first + i * hour)).toBe(true);
  });

  it('shows non-admins the same figures with every breakdown count under 5 as "<5"', async () => {
    const exact = await get(admin);
    for (const who of [viewer, publicity]) {
      const d = await get(who);
      // Campaign-wide totals stay exact.
      expect(d.targets.total).toEqual(exact.targets.total);
      expect([d.funnel.opened, d.funnel.started, d.funnel.completed]).toEqual([
        exact.funnel.opened,
        exact.funnel.started,
        exact.funnel.completed,
      ]);
      const n = (c: Count) => (typeof c === "number" ? c : -1);
      expect(d.targets.byGroup).toEqual(
        exact.targets.byGroup.map((g) => ({ ...g, responses: small(n(g.responses)) })),
      );
      expect(d.targets.byArea).toEqual(
        exact.targets.byArea.map((a) => ({ ...a, responses: small(n(a.responses)) })),
      );
      expect(d.hourly).toEqual(
        exact.hourly.map((h) => ({ ...h, responses: small(n(h.responses)) })),
      );
      expect(d.funnel.byQuestionnaire).toEqual(
        exact.funnel.byQuestionnaire.map((q) => ({
          ...q,
          started: small(n(q.started)),
          byPage: q.byPage.map((p) => ({ ...p, reached: small(n(p.reached)) })),
        })),
      );
      expect(d.channels).toEqual(
        exact.channels.map((c) => ({
          ...c,
          opened: small(n(c.opened)),
          started: small(n(c.started)),
          completed: small(n(c.completed)),
        })),
      );
      for (const [i, s] of d.schools.entries()) {
        const e = exact.schools[i];
        if (!e) throw new Error("rows differ");
        expect(s.responses).toBe(small(n(e.responses)));
        expect(s.parentResponses).toBe(small(n(e.parentResponses)));
        expect(s.opened).toBe(small(n(e.opened)));
        expect(s.completed).toBe(small(n(e.completed)));
        // A share of a hidden count would give it back.
        expect(s.pctOfTarget).toBe(s.parentResponses === "<5" ? null : e.pctOfTarget);
        expect(s.validReturnRate).toBe(
          s.opened === "<5" || s.completed === "<5" ? null : e.validReturnRate,
        );
      }
    }
    // The fixture does have small cells: school 1's 2 parents, the 4 deputies, 3 on page 3.
    const v = await get(viewer);
    expect(v.schools.find((s) => s.id === seeded.setup.schools[1]?.id)?.responses).toBe("<5");
    expect(v.targets.byGroup.find((g) => g.group === "deputy")?.responses).toBe("<5");
    expect(v.targets.byGroup.find((g) => g.group === "parent")?.responses).toBe(20);
  });

  it("narrows a school account to its own school and refuses any other with 403", async () => {
    const own = seeded.setup.schools[0];
    if (!own) throw new Error("no school");
    const d = await get(schoolA);
    const want = await direct();
    expect(d.scope).toBe("school");
    expect(d.school).toEqual({ id: own.id, code: own.code, name: own.name });
    expect(d.schools.map((s) => s.id)).toEqual([own.id]);
    expect(d.targets.byArea).toEqual([]);
    const ownLinks = seeded.setup.schoolChannels.filter((c) => c.schoolId === own.id);
    expect(d.channels.map((c) => c.id)).toEqual(ownLinks.map((c) => c.id));
    // The headline is like against like: its 12 parents against its parent target, not the
    // 12 parents and 3 teachers (who named it on the staff link) it has in all.
    const plan = (await (
      await admin.request(`/api/campaigns/${seeded.campaignId}/sample-plan`)
    ).json()) as { parentsBySchool: Record<string, number> };
    expect(want.bySchool.find((s) => s.id === own.id)?.parents).toBe(12);
    expect(d.targets.total).toEqual({
      group: "parent",
      target: plan.parentsBySchool[own.code],
      responses: 12,
    });
    expect(d.targets.byGroup.find((g) => g.group === "parent")).toEqual({
      group: "parent",
      target: plan.parentsBySchool[own.code],
      responses: 12,
    });
    expect(d.targets.byGroup.find((g) => g.group === "teacher")).toEqual({
      group: "teacher",
      target: null,
      responses: "<5",
    });
    // Only its own links, so only the questionnaire they lead to.
    expect(d.funnel.byQuestionnaire.map((q) => q.key)).toEqual(["social"]);
    expect(d.funnel.opened).toBe(20);
    expect(d.funnel.completed).toBe(12);
    // No other school's name or code anywhere in what it receives.
    const text = JSON.stringify(d);
    for (const s of seeded.setup.schools.slice(1)) {
      expect(text).not.toContain(s.name);
      expect(text).not.toContain(`"${s.code}"`);
    }
    expect((await schoolA.request(path(seeded.campaignId, `?school=${own.id}`))).status).toBe(200);
    for (const s of [...seeded.setup.schools.slice(1), ...other.setup.schools]) {
      const res = await schoolA.request(path(seeded.campaignId, `?school=${s.id}`));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
    expect((await schoolA.request(path(other.campaignId))).status).toBe(403);
  });

  it("lets other roles narrow to one school, checking the filter", async () => {
    const target = seeded.setup.schools[2];
    if (!target) throw new Error("no school");
    const d = await get(viewer, `?school=${target.id}`);
    expect(d.scope).toBe("school");
    expect(d.schools.map((s) => s.code)).toEqual([target.code]);
    // 7 residents who picked it on the district link, and no parent; none came through its poster.
    expect(d.targets.total).toMatchObject({ group: "parent", responses: 0 });
    expect(d.targets.byGroup.find((g) => g.group === "resident")?.responses).toBe(7);
    expect(d.funnel.completed).toBe(0);
    const foreign = other.setup.schools[0]?.id;
    const missing = await admin.request(path(seeded.campaignId, `?school=${foreign}`));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toHaveProperty("error.code", "school_not_found");
    for (const bad of ["abc", "0", "-3", "1.5", "", "99999999999"]) {
      const res = await admin.request(
        path(seeded.campaignId, `?school=${encodeURIComponent(bad)}`),
      );
      expect(res.status, bad).toBe(400);
      expect(await res.json()).toHaveProperty("error.code", "invalid_query");
    }
  });

  it("answers a poll with the last ETag 304 until something changes", async () => {
    const first = await admin.request(path());
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await admin.request(path(), { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const channel = seeded.setup.schoolChannels[3];
    if (!channel) throw new Error("no channel");
    await recordVisit(ctx.db, {
      id: randomUUID(),
      token: channel.token,
      started: false,
      page: 1,
    });
    // Figures are read again once they are a second old.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const changed = await admin.request(path(), { headers: { "if-none-match": etag ?? "" } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });
});
