import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import { campaignFlags } from "../../../api/integrity/campaign-flags.ts";
import { defaultIntegritySettings } from "../../../api/integrity/integrity-settings.ts";
import { verifyIntegrity } from "../../../api/integrity/verify-integrity.ts";
import { createStaticAssets } from "../../../api/web/static-assets.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";
import { distDir } from "../../helpers/test-server.ts";

interface ChannelJson {
  id: number;
  token: string;
  label: string;
  mode: string;
}

/**
 * Interviewer and telephone links end to end through the API: made by the bureau only, the
 * code checked (and its guessing limited), each response stored with its interviewer or not
 * at all, telephone calls recorded once each, and one device answering again and again
 * without being flagged for it.
 */
describe.each(availableDbKinds())("interviewer and telephone links on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    // The client address comes from X-Forwarded-For, so each test speaks from its own.
    config: { trustProxy: true },
    accounts: { admin: { role: "admin" }, school: { role: "school", school: 0 } },
  });
  const { seeded } = ctx;
  const { admin, school } = ctx.accounts;
  let door: ChannelJson;
  let phone: ChannelJson;
  let online: ChannelJson;
  let codes: { id: number; code: string }[];
  let pages: Hono;

  const json = (body: unknown) => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const from = (ip: string, body: unknown) => ({
    ...json(body),
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
  });
  const createLink = async (who: SignedIn, body: Record<string, unknown>) =>
    who.request(
      `/api/campaigns/${seeded.campaignId}/channels`,
      json({ kind: "event", schoolId: seeded.setup.schools[0]?.id, ...body }),
    );
  const made = async (res: Response | Promise<Response>) => {
    const answer = await res;
    expect(answer.status, await answer.clone().text()).toBe(201);
    return ((await answer.json()) as { channel: ChannelJson }).channel;
  };
  const submit = (token: string, extra: Record<string, unknown>, ip = "198.51.100.1") =>
    put(ctx.app, randomUUID(), submissionBody(token, validSocialAnswers(), extra), {
      "x-forwarded-for": ip,
    });
  const stored = (channelId: number) =>
    ctx.db
      .selectFrom("response")
      .select(["id", "interviewer_id", "device_token"])
      .where("channel_id", "=", channelId)
      .orderBy("received_at")
      .execute();
  const calls = (channelId: number) =>
    ctx.db
      .selectFrom("call_attempt")
      .selectAll()
      .where("channel_id", "=", channelId)
      .orderBy("id")
      .execute();

  beforeAll(async () => {
    door = await made(createLink(admin, { label: "入户调查 第1组", mode: "interviewer" }));
    phone = await made(createLink(admin, { label: "电话访问", mode: "telephone" }));
    online = await made(createLink(admin, { label: "家长群" }));
    const res = await admin.request(
      `/api/campaigns/${seeded.campaignId}/interviewers`,
      json({ labels: ["第1组 王老师", "第2组 李老师", "已离职"] }),
    );
    codes = ((await res.json()) as { interviewers: { id: number; code: string }[] }).interviewers;
    await admin.request(`/api/interviewers/${codes[2]!.id}/disable`, { method: "POST" });
    pages = createApp({
      db: ctx.db,
      dbKind: kind,
      config: testConfig(),
      assets: createStaticAssets(distDir),
    });
  });

  it("lets the bureau choose the mode, lists it, and keeps school accounts to online links", async () => {
    expect([door.mode, phone.mode, online.mode]).toEqual(["interviewer", "telephone", "online"]);
    const listed = (
      (await (await admin.request(`/api/campaigns/${seeded.campaignId}/channels`)).json()) as {
        channels: ChannelJson[];
      }
    ).channels;
    const byId = new Map(listed.map((c) => [c.id, c.mode]));
    expect(byId.get(door.id)).toBe("interviewer");
    expect(byId.get(phone.id)).toBe("telephone");
    // The links the campaign came with are online ones.
    expect(listed.filter((c) => c.mode === "online").length).toBe(listed.length - 2);

    const refused = await createLink(school, { label: "入户", mode: "interviewer" });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      "教育局",
    );
    await made(createLink(school, { label: "本校家长群", mode: "online" }));
    expect((await createLink(admin, { label: "x", mode: "door" })).status).toBe(400);
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select("details")
      .where("target", "=", `channel:${phone.id}`)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ mode: "telephone" });
  });

  it("serves the interviewer's page: the mode in the boot data, no questions before the code, the interviewer chunk only there", async () => {
    const page = async (token: string) => (await pages.request(`/s/${token}`)).text();
    const [doorHtml, onlineHtml] = [await page(door.token), await page(online.token)];
    const boot = (html: string) =>
      JSON.parse(
        /<script type="application\/json" id="junheng-boot">([\s\S]*?)<\/script>/.exec(html)![1]!,
      ) as { mode: string };
    expect(boot(doorHtml).mode).toBe("interviewer");
    expect(boot(onlineHtml).mode).toBe("online");
    expect(onlineHtml).toContain('id="first-questions"');
    expect(doorHtml).not.toContain('id="first-questions"');
    expect(doorHtml).toMatch(/modulepreload" href="\/assets\/interviewer-session-/);
    expect(onlineHtml).not.toContain("interviewer-session");
  });

  describe("the code check", () => {
    const check = (ip: string, code: string, token = door.token) =>
      ctx.app.request("/api/interviewer-sessions", from(ip, { channel: token, code }));

    it("takes a code as typed (case, hyphen, spaces) and answers it as stored", async () => {
      const code = codes[0]!.code;
      const typed = ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `;
      const res = await check("198.51.100.10", typed);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ code });
      expect((await check("198.51.100.10", code, phone.token)).status).toBe(200);
    });

    it("refuses a wrong or disabled code clearly, and a link that takes none", async () => {
      for (const code of ["AAAAAAAA", codes[2]!.code, "!!"]) {
        const res = await check("198.51.100.11", code);
        expect(res.status).toBe(422);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe("invalid_interviewer");
        expect(body.error.message).toContain("访员编号不正确或已停用");
      }
      const none = await check("198.51.100.12", codes[0]!.code, online.token);
      expect(none.status).toBe(422);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe(
        "invalid_channel",
      );
      expect((await check("198.51.100.12", codes[0]!.code, "nosuchlink")).status).toBe(404);
      expect(
        (await ctx.app.request("/api/interviewer-sessions", json({ channel: door.token }))).status,
      ).toBe(400);
    });

    it("stops a guesser after ten wrong codes from one address, even on a right one, and no one else", async () => {
      const guesser = "203.0.113.7";
      for (let i = 0; i < 10; i++) expect((await check(guesser, `WRONG${i}XX`)).status).toBe(422);
      const blocked = await check(guesser, codes[0]!.code);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
      // A submission from there is held back too (its outbox retries later), and stores nothing.
      const before = (await stored(door.id)).length;
      expect((await submit(door.token, { interviewer: codes[0]!.code }, guesser)).status).toBe(429);
      expect((await stored(door.id)).length).toBe(before);
      expect((await check("203.0.113.8", codes[0]!.code)).status).toBe(200);
    });
  });

  describe("submissions", () => {
    it("stores a response with its interviewer, and nothing without a valid one", async () => {
      const ip = "198.51.100.20";
      for (const extra of [{}, { interviewer: "ZZZZZZZZ" }, { interviewer: codes[2]!.code }]) {
        const res = await submit(door.token, extra, ip);
        expect(res.status).toBe(422);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
          "invalid_interviewer",
        );
      }
      expect(await stored(door.id)).toEqual([]);
      const ok = await submit(door.token, { interviewer: codes[1]!.code.toLowerCase() }, ip);
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect((await stored(door.id)).map((r) => r.interviewer_id)).toEqual([codes[1]!.id]);
    });

    it("refuses an interviewer code on an online link", async () => {
      const res = await submit(online.token, { interviewer: codes[0]!.code });
      expect(res.status).toBe(422);
      expect(await stored(online.id)).toEqual([]);
    });

    it("lets one device take response after response without a repeated-device flag", async () => {
      const device = randomUUID();
      for (let i = 0; i < 4; i++) {
        const res = await submit(door.token, { interviewer: codes[0]!.code, deviceToken: device });
        expect(res.status).toBe(200);
      }
      const mine = (await stored(door.id)).filter((r) => r.device_token === device);
      expect(mine).toHaveLength(4);
      const flags = await campaignFlags(ctx.db, seeded.campaignId, defaultIntegritySettings);
      const flagged = new Set(
        flags.responses
          .filter((r) => r.flags.some((f) => f.kind === "repeat_device"))
          .map((r) => r.responseId),
      );
      for (const r of mine) expect(flagged.has(r.id)).toBe(false);
      // The same device on an ordinary link still counts.
      const onOnline: string[] = [];
      for (let i = 0; i < 3; i++) {
        const id = randomUUID();
        const res = await put(
          ctx.app,
          id,
          submissionBody(online.token, validSocialAnswers(), { deviceToken: device }),
        );
        expect(res.status).toBe(200);
        onOnline.push(id);
      }
      const after = await campaignFlags(ctx.db, seeded.campaignId, defaultIntegritySettings);
      const repeated = new Set(
        after.responses
          .filter((r) => r.flags.some((f) => f.kind === "repeat_device"))
          .map((r) => r.responseId),
      );
      expect(onOnline.every((id) => repeated.has(id))).toBe(true);
      for (const r of mine) expect(repeated.has(r.id)).toBe(false);
    });

    it("stores a telephone response with its completed call in the same statement, once", async () => {
      const id = randomUUID();
      const body = submissionBody(phone.token, validSocialAnswers(), {
        interviewer: codes[0]!.code,
      });
      const first = await put(ctx.app, id, body);
      expect(first.status, await first.clone().text()).toBe(200);
      // A retry (the acknowledgement was lost) stores neither the response nor the call again.
      const retry = await put(ctx.app, id, body);
      expect(retry.status).toBe(200);
      const rows = await calls(phone.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        outcome: "completed",
        response_id: id,
        interviewer_id: codes[0]!.id,
        campaign_id: seeded.campaignId,
      });
      const response = await ctx.db
        .selectFrom("response")
        .select(["received_at"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(rows[0]!.recorded_at.getTime()).toBe(response.received_at.getTime());
      // An interviewer link's responses are not calls.
      expect(await calls(door.id)).toEqual([]);
      // Each sealed with its interviewer, as audit:verify recomputes it.
      const verified = await verifyIntegrity(ctx.db);
      expect(verified.ok, JSON.stringify(verified.checks)).toBe(true);
    });
  });

  it("keeps each link's mode in the next round, which starts without interviewers", async () => {
    const bureau = await signedIn(ctx.app, ctx.db, {
      username: "bureau",
      role: "admin",
      campaignId: seeded.campaignId,
    });
    const day = 24 * 3600 * 1000;
    const res = await bureau.request(
      `/api/campaigns/${seeded.campaignId}/copy`,
      json({
        name: "第二轮",
        opensAt: new Date(Date.now() + 30 * day).toISOString(),
        closesAt: new Date(Date.now() + 50 * day).toISOString(),
      }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const next = ((await res.json()) as { id: number }).id;
    const channels = (
      (await (await bureau.request(`/api/campaigns/${next}/channels`)).json()) as {
        channels: ChannelJson[];
      }
    ).channels;
    const modes = new Map(channels.map((c) => [c.label, c.mode]));
    expect(modes.get("入户调查 第1组")).toBe("interviewer");
    expect(modes.get("电话访问")).toBe("telephone");
    expect(modes.get("家长群")).toBe("online");
    const interviewers = await bureau.request(`/api/campaigns/${next}/interviewers`);
    expect(await interviewers.json()).toEqual({ interviewers: [] });
  });

  describe("calls that led to no response", () => {
    const record = (body: Record<string, unknown>, ip = "198.51.100.30") =>
      ctx.app.request(
        "/api/call-attempts",
        from(ip, {
          channel: phone.token,
          interviewer: codes[1]!.code,
          outcome: "no_answer",
          recordedAt: new Date().toISOString(),
          ...body,
        }),
      );

    it("records each outcome once, however often the phone sends it", async () => {
      const before = (await calls(phone.id)).length;
      const at = new Date(Date.now() - 5 * 60_000).toISOString();
      const first = await record({ outcome: "refused", recordedAt: at });
      expect(first.status, await first.clone().text()).toBe(201);
      const { id } = (await first.json()) as { id: number };
      const again = await record({ outcome: "refused", recordedAt: at });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ id });
      for (const outcome of ["no_answer", "wrong_number"])
        expect((await record({ outcome })).status).toBe(201);
      const rows = (await calls(phone.id)).slice(before);
      expect(rows.map((r) => [r.outcome, r.response_id, r.interviewer_id])).toEqual([
        ["refused", null, codes[1]!.id],
        ["no_answer", null, codes[1]!.id],
        ["wrong_number", null, codes[1]!.id],
      ]);
      expect(rows[0]!.recorded_at.toISOString()).toBe(at);
    });

    it("refuses a completed outcome, a stale or future time, a wrong code and a link that is not a telephone one", async () => {
      const before = (await calls(phone.id)).length;
      expect((await record({ outcome: "completed" })).status).toBe(400);
      expect((await record({ outcome: "busy" })).status).toBe(400);
      const day = 24 * 3600 * 1000;
      expect(
        (await record({ recordedAt: new Date(Date.now() - 8 * day).toISOString() })).status,
      ).toBe(400);
      expect(
        (await record({ recordedAt: new Date(Date.now() + 3600_000).toISOString() })).status,
      ).toBe(400);
      const wrong = await record({ interviewer: "QQQQQQQQ" });
      expect(wrong.status).toBe(422);
      expect((await record({ interviewer: codes[2]!.code })).status).toBe(422);
      const notPhone = await record({ channel: door.token });
      expect(notPhone.status).toBe(422);
      expect(((await notPhone.json()) as { error: { code: string } }).error.code).toBe(
        "invalid_channel",
      );
      expect((await record({ channel: "nosuchlink" })).status).toBe(404);
      expect((await calls(phone.id)).length).toBe(before);
    });

    it("refuses calls once the campaign is closed", async () => {
      await ctx.db
        .updateTable("campaign")
        .set({ status: "closed" })
        .where("id", "=", seeded.campaignId)
        .execute();
      try {
        expect((await record({})).status).toBe(410);
        const check = await ctx.app.request(
          "/api/interviewer-sessions",
          from("198.51.100.31", { channel: phone.token, code: codes[0]!.code }),
        );
        expect(check.status).toBe(410);
      } finally {
        await ctx.db
          .updateTable("campaign")
          .set({ status: "open" })
          .where("id", "=", seeded.campaignId)
          .execute();
      }
    });
  });
});
