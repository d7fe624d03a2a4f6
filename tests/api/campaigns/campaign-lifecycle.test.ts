import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface CampaignJson {
  id: number;
  name: string;
  districtId: number;
  status: string;
  actions: string[];
  opensAt: string;
  closesAt: string;
  contactLine: string;
  responses?: number | "<5";
}

interface ErrorJson {
  error: { code: string; message: string; details?: { field?: string } };
}

const day = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(availableDbKinds())("campaign lifecycle on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 3 },
    accounts: {
      operator: { role: "admin" },
      viewer: { role: "viewer" },
      school: { role: "school", school: 0 },
    },
  });
  const { seeded } = ctx;
  const { operator, viewer, school } = ctx.accounts;
  /** An admin of the seeded campaign's district (the operator belongs to none). */
  let bureau: SignedIn;
  let otherBureau: SignedIn;
  let other: SeededCampaign;

  beforeAll(async () => {
    bureau = await signedIn(ctx.app, ctx.db, {
      username: "bureau",
      role: "admin",
      campaignId: seeded.campaignId,
    });
    other = await seedCampaign(ctx.db, { schools: 1 });
    otherBureau = await signedIn(ctx.app, ctx.db, {
      username: "other-bureau",
      role: "admin",
      campaignId: other.campaignId,
    });
  });

  const send = (who: SignedIn, method: string, path: string, body?: unknown) =>
    who.request(path, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { "content-type": "application/json" },
            body: typeof body === "string" ? body : JSON.stringify(body),
          }),
    });
  const create = (who: SignedIn, body: Record<string, unknown>) =>
    send(who, "POST", "/api/campaigns", body);
  const act = (who: SignedIn, id: number, action: string, body?: unknown) =>
    send(who, "POST", `/api/campaigns/${id}/${action}`, body);
  const get = async (id: number) =>
    (await (await bureau.request(`/api/campaigns/${id}`)).json()) as CampaignJson;
  const errorOf = async (res: Response) => ((await res.json()) as ErrorJson).error;
  const round = (overrides: Record<string, unknown> = {}) => ({
    name: "2027 年自评",
    scheme: "basic_2012",
    opensAt: iso(Date.now() - day),
    closesAt: iso(Date.now() + 20 * day),
    residentPopulation: 500_000,
    contactLine: "区教育局督导室 0471-1234567",
    ...overrides,
  });
  const audits = async (action: string, target: string) =>
    (
      await ctx.db
        .selectFrom("audit_log")
        .select("details")
        .where("action", "=", action)
        .where("target", "=", target)
        .execute()
    ).length;

  it("creates a draft in the admin's district, with the scheme's questionnaires and district links", async () => {
    const res = await create(
      bureau,
      round({ opensAt: "2027-03-01T08:00", closesAt: "2027-03-21T18:00:00+08:00" }),
    );
    expect(res.status).toBe(201);
    const made = (await res.json()) as CampaignJson;
    expect(made).toMatchObject({
      name: "2027 年自评",
      districtId: seeded.setup.districtId,
      status: "draft",
      actions: ["open"],
      // No offset: Beijing time.
      opensAt: "2027-03-01T00:00:00.000Z",
      closesAt: "2027-03-21T10:00:00.000Z",
      contactLine: "区教育局督导室 0471-1234567",
      responses: 0,
    });
    const questionnaires = await ctx.db
      .selectFrom("questionnaire")
      .select(["key", "version"])
      .where("campaign_id", "=", made.id)
      .orderBy("key")
      .execute();
    expect(questionnaires).toEqual([
      { key: "social", version: 1 },
      { key: "staff", version: 1 },
    ]);
    const links = await ctx.db
      .selectFrom("channel")
      .select(["label", "school_id"])
      .where("campaign_id", "=", made.id)
      .execute();
    expect(links.map((l) => l.label).sort()).toEqual([
      "人大代表",
      "区教育局公众号",
      "教师校长工作群",
    ]);
    expect(links.every((l) => l.school_id === null)).toBe(true);
    expect(await audits("campaign.create", `campaign:${made.id}`)).toBe(1);
    const list = (await (await bureau.request("/api/campaigns")).json()) as {
      campaigns: CampaignJson[];
    };
    expect(list.campaigns.map((c) => c.id)).toContain(made.id);
    expect(list.campaigns.map((c) => c.id)).not.toContain(other.campaignId);
  });

  it("refuses bad dates with 422 naming the field, and other roles with 403, storing nothing", async () => {
    const count = async () =>
      Number(
        (
          await ctx.db
            .selectFrom("campaign")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [round({ opensAt: "next monday" }), "invalid_date", "opensAt"],
      [round({ opensAt: "2027-02-30T08:00" }), "invalid_date", "opensAt"],
      [round({ closesAt: "2027-03-01T24:00" }), "invalid_date", "closesAt"],
      [round({ closesAt: iso(Date.now() - 2 * day) }), "invalid_window", "closesAt"],
      [
        round({ residentPopulation: 500_000, targetOverride: 10 }),
        "target_below_minimum",
        "targetOverride",
      ],
    ];
    for (const [body, code, field] of cases) {
      const res = await create(bureau, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe(code);
      expect(error.details?.field).toBe(field);
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await create(bureau, { ...round(), scheme: "best_2030" })).status).toBe(400);
    expect((await create(bureau, { ...round(), extra: 1 })).status).toBe(400);
    expect((await send(bureau, "POST", "/api/campaigns", "{")).status).toBe(400);
    for (const who of [school, viewer]) {
      const res = await create(who, round());
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe("forbidden");
    }
    expect(await count()).toBe(before);
  });

  it("asks an operator's admin which district, then creates it there", async () => {
    const res = await create(operator, round());
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toMatchObject({
      code: "district_required",
      details: { field: "districtId" },
    });
    const made = await create(operator, round({ districtId: other.setup.districtId }));
    expect(made.status).toBe(201);
    expect(((await made.json()) as CampaignJson).districtId).toBe(other.setup.districtId);
    // A district's own admin cannot create in another district.
    expect((await create(bureau, round({ districtId: other.setup.districtId }))).status).toBe(404);
  });

  it("goes draft → open → closed → archived and back, refusing the transitions that do not exist", async () => {
    const { id } = (await (await create(bureau, round())).json()) as CampaignJson;
    for (const action of ["close", "reopen", "archive"]) {
      const res = await act(bureau, id, action);
      expect(res.status, action).toBe(409);
      expect((await errorOf(res)).code).toBe("invalid_transition");
    }
    expect((await act(school, id, "open")).status).toBe(403);
    const opened = await act(bureau, id, "open", { reason: "自评开始" });
    expect(opened.status).toBe(200);
    expect(await opened.json()).toMatchObject({ status: "open", actions: ["close"] });
    expect((await act(bureau, id, "open")).status).toBe(409);

    const closed = await act(bureau, id, "close");
    expect(closed.status).toBe(200);
    const closedJson = (await closed.json()) as CampaignJson;
    expect(closedJson).toMatchObject({ status: "closed", actions: ["reopen", "archive"] });
    // Closing early moves the closing time to now.
    expect(Math.abs(new Date(closedJson.closesAt).getTime() - Date.now())).toBeLessThan(60_000);

    const archived = await act(bureau, id, "archive");
    expect(await archived.json()).toMatchObject({ status: "archived", actions: ["reopen"] });
    expect((await act(bureau, id, "close")).status).toBe(409);

    // The closing time has passed: reopening needs a new one, named in the refusal.
    const stale = await act(bureau, id, "reopen");
    expect(stale.status).toBe(422);
    expect(await errorOf(stale)).toMatchObject({
      code: "invalid_date",
      details: { field: "closesAt" },
    });
    const reopened = await act(bureau, id, "reopen", { closesAt: iso(Date.now() + 3 * day) });
    expect(reopened.status).toBe(200);
    expect(await reopened.json()).toMatchObject({ status: "open" });
    expect(await audits("campaign.close", `campaign:${id}`)).toBe(1);
    expect(await audits("campaign.reopen", `campaign:${id}`)).toBe(1);
    expect((await act(bureau, id, "close", "{oops")).status).toBe(400);
    expect((await get(id)).status).toBe("open");
  });

  it("reads its phase from its dates: scheduled before opening, closed after closing", async () => {
    const { id } = (await (
      await create(bureau, round({ opensAt: iso(Date.now() + 2 * day) }))
    ).json()) as CampaignJson;
    expect(await (await act(bureau, id, "open")).json()).toMatchObject({
      status: "scheduled",
      actions: ["close"],
    });
    await ctx.db
      .updateTable("campaign")
      .set({ opens_at: new Date(Date.now() - 3 * day), closes_at: new Date(Date.now() - day) })
      .where("id", "=", id)
      .execute();
    const stored = await ctx.db
      .selectFrom("campaign")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe("open");
    expect(await get(id)).toMatchObject({ status: "closed", actions: ["reopen", "archive"] });
  });

  it("keeps the opening time once responses arrive, and deletes only a draft without responses", async () => {
    const { id } = (await (await create(bureau, round())).json()) as CampaignJson;
    const earlier = iso(Date.now() - 2 * day);
    expect((await send(bureau, "PATCH", `/api/campaigns/${id}`, { opensAt: earlier })).status).toBe(
      200,
    );
    expect((await get(id)).opensAt).toBe(earlier);
    const patchBad = await send(bureau, "PATCH", `/api/campaigns/${id}`, { opensAt: "soon" });
    expect(patchBad.status).toBe(422);
    expect((await errorOf(patchBad)).details?.field).toBe("opensAt");

    // The seeded campaign has a response: its opening time stays, and it cannot be deleted.
    const answered = await put(
      ctx.app,
      randomUUID(),
      submissionBody(seeded.tokens.schoolChannel, validSocialAnswers()),
    );
    expect(answered.status).toBe(200);
    const locked = await send(bureau, "PATCH", `/api/campaigns/${seeded.campaignId}`, {
      opensAt: earlier,
    });
    expect(locked.status).toBe(409);
    expect((await errorOf(locked)).code).toBe("opens_at_locked");
    const withResponses = await send(bureau, "DELETE", `/api/campaigns/${seeded.campaignId}`);
    expect(withResponses.status).toBe(409);
    expect((await errorOf(withResponses)).code).toBe("campaign_has_responses");

    // A published campaign without responses is closed or archived, not deleted.
    await act(bureau, id, "open");
    const published = await send(bureau, "DELETE", `/api/campaigns/${id}`);
    expect(published.status).toBe(409);
    expect((await errorOf(published)).code).toBe("invalid_transition");

    const draft = (await (await create(bureau, round())).json()) as CampaignJson;
    expect((await send(otherBureau, "DELETE", `/api/campaigns/${draft.id}`)).status).toBe(403);
    expect((await send(viewer, "DELETE", `/api/campaigns/${draft.id}`)).status).toBe(403);
    expect((await send(bureau, "DELETE", `/api/campaigns/${draft.id}`)).status).toBe(204);
    expect((await bureau.request(`/api/campaigns/${draft.id}`)).status).toBe(404);
    expect(await audits("campaign.delete", `campaign:${draft.id}`)).toBe(1);

    // The list hides a count under 5 from accounts without exact counts, as the dashboard does.
    const listed = async (who: SignedIn) =>
      (
        (await (await who.request("/api/campaigns")).json()) as { campaigns: CampaignJson[] }
      ).campaigns.find((c) => c.id === seeded.campaignId)?.responses;
    expect(await listed(bureau)).toBe(1);
    expect(await listed(viewer)).toBe("<5");
  });

  it("copies a campaign as the next round: same schools and settings, new tokens, no responses", async () => {
    await ctx.db
      .insertInto("analysis_settings")
      .values({
        campaign_id: seeded.campaignId,
        settings: JSON.stringify({ confidence: 0.9 }),
        updated_at: new Date(),
        updated_by: null,
      })
      .onConflict((oc) =>
        oc.column("campaign_id").doUpdateSet({ settings: JSON.stringify({ confidence: 0.9 }) }),
      )
      .execute();
    const res = await send(bureau, "POST", `/api/campaigns/${seeded.campaignId}/copy`, {
      name: "第二轮",
      opensAt: iso(Date.now() + 30 * day),
      closesAt: iso(Date.now() + 50 * day),
    });
    expect(res.status).toBe(201);
    const next = (await res.json()) as CampaignJson;
    expect(next).toMatchObject({ name: "第二轮", status: "draft", responses: 0 });
    expect(next.districtId).toBe(seeded.setup.districtId);

    const codes = async (id: number) =>
      (
        await ctx.db
          .selectFrom("school")
          .select("code")
          .where("campaign_id", "=", id)
          .orderBy("code")
          .execute()
      ).map((s) => s.code);
    expect(await codes(next.id)).toEqual(await codes(seeded.campaignId));
    const links = async (id: number) =>
      ctx.db
        .selectFrom("channel")
        .leftJoin("school", "school.id", "channel.school_id")
        .select(["channel.token", "channel.label", "channel.kind", "school.code"])
        .where("channel.campaign_id", "=", id)
        .orderBy("channel.id")
        .execute();
    const [before, after] = [await links(seeded.campaignId), await links(next.id)];
    expect(after.map(({ label, kind, code }) => ({ label, kind, code }))).toEqual(
      before.map(({ label, kind, code }) => ({ label, kind, code })),
    );
    const oldTokens = new Set(before.map((l) => l.token));
    expect(after.some((l) => oldTokens.has(l.token))).toBe(false);
    const responses = await ctx.db
      .selectFrom("response")
      .select("id")
      .where("campaign_id", "=", next.id)
      .execute();
    expect(responses).toEqual([]);
    const settings = async (id: number) =>
      (
        await ctx.db
          .selectFrom("analysis_settings")
          .select("settings")
          .where("campaign_id", "=", id)
          .executeTakeFirst()
      )?.settings;
    expect(await settings(next.id)).toEqual(await settings(seeded.campaignId));
    expect(await audits("campaign.copy", `campaign:${next.id}`)).toBe(1);

    // The school account carries over: it sees its own school in the new round.
    const own = (await (await school.request(`/api/campaigns/${next.id}/schools`)).json()) as {
      schools: { code: string }[];
    };
    expect(own.schools.map((s) => s.code)).toEqual([seeded.schoolCodes[0]]);
    // Another district's admin cannot copy it.
    expect(
      (
        await send(otherBureau, "POST", `/api/campaigns/${seeded.campaignId}/copy`, {
          name: "x",
          opensAt: iso(Date.now()),
          closesAt: iso(Date.now() + day),
        })
      ).status,
    ).toBe(403);
  });
});
