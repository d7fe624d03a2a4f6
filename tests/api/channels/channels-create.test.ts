import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createMigrator, migrateToLatest } from "../../../api/db/migrate.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";

interface ChannelJson {
  id: number;
  token: string;
  label: string;
  name: string;
  kind: string;
  schoolId: number | null;
  presetGroup: string | null;
  questionnaireKey: string;
  url: string;
}

describe.each(availableDbKinds())("creating channels on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    accounts: {
      admin: { username: "bureau", role: "admin" },
      school: { role: "school", school: 0 },
      viewer: { role: "viewer" },
      publicity: { role: "publicity" },
    },
  });
  const { seeded } = ctx;
  const { admin, school, viewer, publicity } = ctx.accounts;
  let other: SeededCampaign;
  let ownSchool: number;
  let secondSchool: number;

  beforeAll(async () => {
    other = await seedCampaign(ctx.db, { schools: 1 });
    ownSchool = (seeded.setup.schools[0] as { id: number }).id;
    secondSchool = (seeded.setup.schools[1] as { id: number }).id;
  });

  const listPath = (id = seeded.campaignId) => `/api/campaigns/${id}/channels`;
  const create = (who: SignedIn, body: unknown, id = seeded.campaignId) =>
    who.request(listPath(id), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const created = async (res: Response) => {
    expect(res.status).toBe(201);
    return ((await res.json()) as { channel: ChannelJson }).channel;
  };
  const channelCount = async () =>
    (await ctx.db.selectFrom("channel").select("id").execute()).length;

  it("lists every channel with its kind, its name and full short link, and the groups served", async () => {
    const { channels, respondentGroups } = (await (await admin.request(listPath())).json()) as {
      channels: ChannelJson[];
      respondentGroups: string[];
    };
    const byLabel = new Map(channels.map((c) => [c.label, c]));
    expect(byLabel.get("校门海报")?.kind).toBe("school");
    // Each school's poster is named with its school, so the list tells them apart.
    const posters = channels.filter((c) => c.kind === "school");
    expect(posters.map((c) => c.name)).toEqual(
      seeded.setup.schoolChannels.map((link) => {
        const school = seeded.setup.schools.find((s) => s.id === link.schoolId);
        return `${school?.name} · 校门海报`;
      }),
    );
    expect(byLabel.get("区教育局公众号")?.name).toBe("区教育局公众号");
    // What a new link may preset: the groups the social and staff questionnaires serve, no students.
    expect(respondentGroups).toEqual([
      "parent",
      "teacher",
      "principal",
      "deputy",
      "cppcc_member",
      "resident",
    ]);
    expect(byLabel.get("区教育局公众号")?.kind).toBe("district");
    expect(byLabel.get("人大代表")).toMatchObject({
      kind: "respondent_group",
      presetGroup: "deputy",
    });
    for (const c of channels) expect(c.url).toBe(`http://localhost/s/${c.token}`);
  });

  it("creates a class channel for a school with a fresh short token; it takes answers at once", async () => {
    const res = await create(admin, {
      label: " 三年级二班 ",
      kind: "class",
      schoolId: secondSchool,
    });
    const channel = await created(res);
    expect(channel).toMatchObject({
      label: "三年级二班",
      kind: "class",
      schoolId: secondSchool,
      presetGroup: null,
      questionnaireKey: "social",
    });
    expect(channel.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(channel.url).toBe(`http://localhost/s/${channel.token}`);
    const again = await created(
      await create(admin, { label: "三年级二班", kind: "class", schoolId: secondSchool }),
    );
    expect(again.token).not.toBe(channel.token);
    const { channels } = (await (await admin.request(listPath())).json()) as {
      channels: ChannelJson[];
    };
    expect(channels.map((c) => c.id)).toContain(channel.id);
    const submitted = await put(
      ctx.app,
      randomUUID(),
      submissionBody(channel.token, validSocialAnswers()),
    );
    expect(submitted.status).toBe(200);
    const stored = await ctx.db
      .selectFrom("response")
      .select(["school_id", "channel_id"])
      .where("channel_id", "=", channel.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ school_id: secondSchool, channel_id: channel.id });
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["actor_label", "target", "details"])
      .where("action", "=", "channel.create")
      .where("target", "=", `channel:${channel.id}`)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      actor_label: "bureau",
      target: `channel:${channel.id}`,
      details: {
        campaignId: seeded.campaignId,
        kind: "class",
        schoolId: secondSchool,
        respondentGroup: null,
        sharedDevice: false,
        mode: "online",
        questionnaireKey: "social",
      },
    });
  });

  it("picks the questionnaire serving a respondent group, and refuses a group it does not serve", async () => {
    const deputies = await created(
      await create(admin, {
        label: "区人大代表",
        kind: "respondent_group",
        respondentGroup: "deputy",
      }),
    );
    expect(deputies).toMatchObject({
      schoolId: null,
      presetGroup: "deputy",
      questionnaireKey: "social",
    });
    const teachers = await created(
      await create(admin, {
        label: "教师群",
        kind: "wechat_group",
        schoolId: ownSchool,
        respondentGroup: "teacher",
      }),
    );
    expect(teachers).toMatchObject({ presetGroup: "teacher", questionnaireKey: "staff" });
    expect(teachers.name).toBe(`${seeded.setup.schools[0]?.name} · 教师群`);
    const event = await created(await create(admin, { label: "家长开放日", kind: "event" }));
    expect(event).toMatchObject({ kind: "event", schoolId: null, questionnaireKey: "social" });

    const before = await channelCount();
    const refusals: [unknown, string][] = [
      [{ label: "x", kind: "respondent_group", respondentGroup: "student" }, "group_not_served"],
      [
        { label: "x", kind: "event", questionnaireKey: "staff", respondentGroup: "parent" },
        "group_not_served",
      ],
      [{ label: "x", kind: "event", questionnaireKey: "nope" }, "unknown_questionnaire"],
      [{ label: "x", kind: "class" }, "invalid_channel"],
      [{ label: "x", kind: "school" }, "invalid_channel"],
      [{ label: "x", kind: "respondent_group" }, "invalid_channel"],
      [
        { label: "x", kind: "class", schoolId: (other.setup.schools[0] as { id: number }).id },
        "unknown_school",
      ],
      [{ label: "x", kind: "class", schoolId: 999_999 }, "unknown_school"],
    ];
    for (const [body, code] of refusals) {
      const res = await create(admin, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code } });
    }
    expect(await channelCount()).toBe(before);
  });

  it("lets a school account create channels for its own school only", async () => {
    const own = await created(await create(school, { label: "家长群", kind: "wechat_group" }));
    expect(own.schoolId).toBe(ownSchool);
    const named = await created(
      await create(school, { label: "一年级", kind: "class", schoolId: ownSchool }),
    );
    expect(named.schoolId).toBe(ownSchool);
    const before = await channelCount();
    const res = await create(school, { label: "别校", kind: "class", schoolId: secondSchool });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    expect((await create(school, { label: "x", kind: "event" }, other.campaignId)).status).toBe(
      403,
    );
    const { channels } = (await (await school.request(listPath())).json()) as {
      channels: ChannelJson[];
    };
    expect(channels.every((c) => c.schoolId === ownSchool)).toBe(true);
    expect(channels.map((c) => c.id)).toEqual(expect.arrayContaining([own.id, named.id]));
    expect(await channelCount()).toBe(before);
  });

  it("answers other roles, missing sessions and malformed bodies with 4xx JSON errors, creating nothing", async () => {
    const before = await channelCount();
    expect((await create(viewer, { label: "x", kind: "event" })).status).toBe(403);
    expect((await create(publicity, { label: "x", kind: "event" })).status).toBe(403);
    const anonymous = await ctx.app.request(listPath(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ label: "x", kind: "event" }),
    });
    expect(anonymous.status).toBe(401);
    const noCsrf = await ctx.app.request(listPath(), {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "application/json" },
      body: JSON.stringify({ label: "x", kind: "event" }),
    });
    expect(noCsrf.status).toBe(403);
    const bad: [unknown, number][] = [
      [{}, 400],
      [{ label: "x" }, 400],
      [{ label: "", kind: "event" }, 400],
      [{ label: "x".repeat(61), kind: "event" }, 400],
      [{ label: "x", kind: "district" }, 400],
      [{ label: "x", kind: "class", schoolId: "1" }, 400],
      [{ label: "x", kind: "event", respondentGroup: "alien" }, 400],
      [{ label: "x", kind: "event", token: "chosen-by-me-123" }, 400],
      ["nope", 400],
      [{ label: "x".repeat(5000), kind: "event" }, 413],
    ];
    for (const [body, status] of bad) {
      const res = await create(admin, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^[a-z_]+$/);
    }
    const form = await admin.request(listPath(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "label=x&kind=event",
    });
    expect(form.status).toBe(415);
    expect((await create(admin, { label: "x", kind: "event" }, 999_999)).status).toBe(404);
    expect(await channelCount()).toBe(before);
  });
});

describe.each(availableDbKinds())("migration 0005 on %s", (kind) => {
  it("gives channels made before it the kind their school and group say", async () => {
    const handle = await createTestDb(kind);
    try {
      const { error } = await createMigrator(handle.db).migrateTo("0004_analysis_settings");
      expect(error).toBeUndefined();
      await sql`
        insert into campaign (id, name, scheme, district, opens_at, closes_at, ip_salt)
        values (1, 'c', 'basic_2012', 'd', now(), now() + interval '1 day', 's')`.execute(
        handle.db,
      );
      await sql`
        insert into questionnaire (id, campaign_id, key, version, title, definition, respondent_groups)
        values (1, 1, 'social', 1, 't', '{}', '{parent,deputy}')`.execute(handle.db);
      await sql`
        insert into school (id, campaign_id, code, name, town, area_type, levels)
        values (1, 1, 'S1', 's', 't', 'urban', '{primary}')`.execute(handle.db);
      await sql`
        insert into channel (token, campaign_id, questionnaire_id, school_id, respondent_group, label)
        values ('a', 1, 1, 1, null, 'school'), ('b', 1, 1, null, 'deputy', 'deputies'),
               ('c', 1, 1, null, null, 'district'), ('d', 1, 1, 1, 'parent', 'school parents')`.execute(
        handle.db,
      );
      await migrateToLatest(handle.db);
      const kinds = await handle.db
        .selectFrom("channel")
        .select(["token", "kind"])
        .orderBy("token")
        .execute();
      expect(kinds).toEqual([
        { token: "a", kind: "school" },
        { token: "b", kind: "respondent_group" },
        { token: "c", kind: "district" },
        { token: "d", kind: "school" },
      ]);
      // The database itself refuses a class link without a school.
      await expect(
        sql`insert into channel (token, campaign_id, questionnaire_id, label, kind)
            values ('e', 1, 1, 'x', 'class')`.execute(handle.db),
      ).rejects.toThrow(/channel_kind_school/);
    } finally {
      await handle.close();
    }
  });
});
