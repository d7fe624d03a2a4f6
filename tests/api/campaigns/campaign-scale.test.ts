import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type SatisfactionScale, scaleValues } from "../../../analysis/index.ts";
import { questionnairesForScheme } from "../../../api/questionnaires/questionnaire-library.ts";
import { itemOptionValues } from "../../../api/questionnaires/satisfaction-scale.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface CampaignJson {
  id: number;
  scheme: string;
  status: string;
  scale: SatisfactionScale | null;
}

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

interface SettingsJson {
  config: { favourable: string[]; excluded: string[]; scores: Record<string, number> } | null;
  defaults: { favourable: string[]; excluded: string[]; scores: Record<string, number> };
  problems: string[];
}

const day = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(availableDbKinds())("a campaign's satisfaction scale on %s", (kind) => {
  const ctx = useSeededApp(kind, { seed: { schools: 2 } });
  let bureau: SignedIn;

  beforeAll(async () => {
    bureau = await signedIn(ctx.app, ctx.db, {
      username: "scale-bureau",
      role: "admin",
      campaignId: ctx.seeded.campaignId,
    });
  });

  const send = (method: string, path: string, body: unknown) =>
    bureau.request(path, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const create = (overrides: Record<string, unknown>) =>
    send("POST", "/api/campaigns", {
      name: "量表测试",
      scheme: "basic_2012",
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 20 * day),
      residentPopulation: 500_000,
      ...overrides,
    });
  const created = async (res: Response): Promise<CampaignJson> => {
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as CampaignJson;
  };
  const setScale = (id: number, scale: unknown) => send("PUT", `/api/campaigns/${id}/scale`, scale);
  const errorOf = async (res: Response) => ((await res.json()) as ErrorJson).error;

  /** Each stored version's satisfaction items and the options they offer, by key. */
  async function storedOptions(campaignId: number) {
    const rows = await ctx.db
      .selectFrom("questionnaire")
      .select(["key", "version", "title", "definition", "item_roles", "respondent_groups"])
      .where("campaign_id", "=", campaignId)
      .orderBy("key")
      .execute();
    return rows.map((r) => ({
      key: r.key,
      version: r.version,
      title: r.title,
      groups: r.respondent_groups,
      roles: r.item_roles,
      options: [...itemOptionValues(r.definition, r.item_roles.satisfaction ?? []).values()],
    }));
  }

  async function settings(campaignId: number): Promise<SettingsJson> {
    const res = await bureau.request(`/api/campaigns/${campaignId}/analysis-settings`);
    expect(res.status).toBe(200);
    return (await res.json()) as SettingsJson;
  }

  it("starts a campaign from its scheme's library, on the scheme's scale when none is picked", async () => {
    for (const [scheme, scale] of [
      ["basic_2012", { points: 3, dontKnow: false }],
      ["quality_2017", { points: 4, dontKnow: true }],
    ] as const) {
      const made = await created(await create({ scheme }));
      expect(made.scale).toEqual(scale);
      const stored = await storedOptions(made.id);
      const library = questionnairesForScheme(scheme);
      expect(stored.map((q) => [q.key, q.version, q.title, q.groups, q.roles])).toEqual(
        library.map((f) => [f.key, 1, f.title["zh-cn"], f.respondentGroups, f.itemRoles]),
      );
      for (const q of stored) {
        expect(q.options.length, q.key).toBe(q.roles.satisfaction?.length);
        for (const options of q.options) expect(options, q.key).toEqual(scaleValues(scale));
      }
    }
  });

  it("takes the scale the bureau picks, on every questionnaire, students included", async () => {
    const made = await created(
      await create({ scheme: "quality_2017", scale: { points: 5, dontKnow: false } }),
    );
    expect(made.scale).toEqual({ points: 5, dontKnow: false });
    const stored = await storedOptions(made.id);
    expect(stored.map((q) => q.key)).toEqual(["social", "staff", "student"]);
    for (const q of stored) {
      for (const options of q.options) {
        expect(options).toEqual([
          "satisfied",
          "fairly_satisfied",
          "basically_satisfied",
          "dissatisfied",
          "very_dissatisfied",
        ]);
      }
    }
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "campaign.create")
      .where("target", "=", `campaign:${made.id}`)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ scale: { points: 5, dontKnow: false } });
  });

  it("refuses a scale it does not know, precisely, and makes nothing", async () => {
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
    const six = await create({ scale: { points: 6, dontKnow: true } });
    expect(six.status).toBe(422);
    const error = await errorOf(six);
    expect(error.code).toBe("invalid_scale");
    expect(error.message).toContain("3、4 或 5");
    expect(error.message).toContain("6");
    expect(error.details).toEqual({ field: "scale.points", allowed: [3, 4, 5] });
    for (const scale of [
      { points: "3", dontKnow: true },
      { points: 3 },
      { points: 3.5, dontKnow: false },
      { points: 3, dontKnow: "no" },
      { points: 3, dontKnow: false, unknown: true },
      "3",
    ]) {
      const res = await create({ scale });
      expect(res.status, JSON.stringify(scale)).toBe(400);
      expect((await errorOf(res)).code).toBe("invalid_body");
    }
    expect(await count()).toBe(before);
  });

  it("rewrites every version of a draft on a new scale; the analysis defaults follow it", async () => {
    const made = await created(await create({ scheme: "basic_2012" }));
    // Three points without 不了解: nothing excluded, 满意 and 基本满意 favourable.
    expect((await settings(made.id)).defaults).toMatchObject({
      favourable: ["satisfied", "basically_satisfied"],
      excluded: [],
    });

    const res = await setScale(made.id, { points: 4, dontKnow: true });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as CampaignJson).scale).toEqual({ points: 4, dontKnow: true });
    for (const q of await storedOptions(made.id)) {
      for (const options of q.options) {
        expect(options).toEqual(scaleValues({ points: 4, dontKnow: true }));
      }
    }
    const four = await settings(made.id);
    expect(four.defaults).toMatchObject({
      favourable: ["satisfied", "fairly_satisfied", "basically_satisfied"],
      excluded: ["unknown"],
    });
    expect(four.config).toMatchObject({ favourable: four.defaults.favourable });

    // Five points: 很不满意 is neither favourable nor left out, and scores 0.
    expect((await setScale(made.id, { points: 5, dontKnow: false })).status).toBe(200);
    const five = await settings(made.id);
    expect(five.defaults).toMatchObject({
      favourable: ["satisfied", "fairly_satisfied", "basically_satisfied"],
      excluded: [],
    });
    expect(five.defaults.scores.very_dissatisfied).toBe(0);
    const scoring = await send("PUT", `/api/campaigns/${made.id}/analysis-settings`, {
      definition: "score",
    });
    expect(scoring.status, await scoring.clone().text()).toBe(200);
    expect((await settings(made.id)).problems).toEqual([]);

    // The bureau's own choice wins over the scale's default.
    const own = await send("PUT", `/api/campaigns/${made.id}/analysis-settings`, {
      favourable: ["satisfied"],
    });
    expect(own.status, await own.clone().text()).toBe(200);
    expect((await setScale(made.id, { points: 3, dontKnow: true })).status).toBe(200);
    const chosen = await settings(made.id);
    expect(chosen.config).toMatchObject({ favourable: ["satisfied"], excluded: ["unknown"] });

    const audit = await ctx.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "campaign.scale")
      .where("target", "=", `campaign:${made.id}`)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.details)).toEqual([
      { from: { points: 3, dontKnow: false }, to: { points: 4, dontKnow: true } },
      { from: { points: 4, dontKnow: true }, to: { points: 5, dontKnow: false } },
      { from: { points: 5, dontKnow: false }, to: { points: 3, dontKnow: true } },
    ]);

    expect((await setScale(made.id, { points: 2, dontKnow: false })).status).toBe(422);
    expect((await setScale(made.id, { dontKnow: false })).status).toBe(400);
  });

  it("what the campaign's links accept follows its scale", async () => {
    const made = await created(await create({ scheme: "basic_2012" }));
    expect((await send("POST", `/api/campaigns/${made.id}/open`, {})).status).toBe(200);
    const link = await ctx.db
      .selectFrom("channel")
      .select("token")
      .where("campaign_id", "=", made.id)
      .where("label", "=", "区教育局公众号")
      .executeTakeFirstOrThrow();
    const sheet = (answer: string) =>
      submissionBody(
        link.token,
        validSocialAnswers({
          identity: "resident",
          child_level: undefined,
          sat_school_choice: answer,
        }),
      );
    const unknown = await put(ctx.app, randomUUID(), sheet("unknown"));
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toContain("sat_school_choice");
    expect((await put(ctx.app, randomUUID(), sheet("fairly_satisfied"))).status).toBe(422);
    expect((await put(ctx.app, randomUUID(), sheet("basically_satisfied"))).status).toBe(200);
  });

  it("keeps the scale once published or answered: 409 scale_locked, nothing rewritten", async () => {
    const published = await created(await create({ scheme: "basic_2012" }));
    expect((await send("POST", `/api/campaigns/${published.id}/open`, {})).status).toBe(200);
    const before = await storedOptions(published.id);
    const locked = await setScale(published.id, { points: 4, dontKnow: true });
    expect(locked.status).toBe(409);
    const error = await errorOf(locked);
    expect(error.code).toBe("scale_locked");
    expect(error.message).toContain("草稿");
    expect(await storedOptions(published.id)).toEqual(before);
    expect(
      ((await (await bureau.request(`/api/campaigns/${published.id}`)).json()) as CampaignJson)
        .scale,
    ).toEqual({
      points: 3,
      dontKnow: false,
    });

    // The seeded campaign, once a response has arrived.
    const { seeded } = ctx;
    const answered = await put(
      ctx.app,
      randomUUID(),
      submissionBody(seeded.tokens.schoolChannel, validSocialAnswers()),
    );
    expect(answered.status).toBe(200);
    const afterResponse = await setScale(seeded.campaignId, { points: 4, dontKnow: true });
    expect(afterResponse.status).toBe(409);
    const said = await errorOf(afterResponse);
    expect(said.code).toBe("scale_locked");
    expect(said.message).toContain("已收到答卷");
  });

  it("copies the scale into the next round with the questionnaires", async () => {
    const made = await created(
      await create({ scheme: "quality_2017", scale: { points: 3, dontKnow: true } }),
    );
    const copy = await send("POST", `/api/campaigns/${made.id}/copy`, {
      name: "第二轮",
      opensAt: iso(Date.now() + 30 * day),
      closesAt: iso(Date.now() + 40 * day),
    });
    const next = await created(copy);
    expect(next.scale).toEqual({ points: 3, dontKnow: true });
    expect((await storedOptions(next.id)).map((q) => q.options)).toEqual(
      (await storedOptions(made.id)).map((q) => q.options),
    );
  });

  it("leaves a campaign older than scales on the product's defaults", async () => {
    const made = await created(await create({ scheme: "quality_2017" }));
    await ctx.db
      .updateTable("campaign")
      .set({ scale_points: null, scale_dont_know: null })
      .where("id", "=", made.id)
      .execute();
    const view = (await (await bureau.request(`/api/campaigns/${made.id}`)).json()) as CampaignJson;
    expect(view.scale).toBeNull();
    expect((await settings(made.id)).defaults).toMatchObject({
      favourable: ["satisfied", "fairly_satisfied", "basically_satisfied"],
      excluded: ["unknown"],
    });
  });
});
