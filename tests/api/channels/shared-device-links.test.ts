import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import { campaignFlags } from "../../../api/integrity/campaign-flags.ts";
import { integritySettingsSchema } from "../../../api/integrity/integrity-settings.ts";
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
  sharedDevice: boolean;
}

const day = 24 * 3600 * 1000;

describe.each(availableDbKinds())("shared-device links on %s", (kind) => {
  const ctx = useSeededApp(kind, { accounts: { admin: { role: "admin" } } });
  const { seeded } = ctx;
  const { admin } = ctx.accounts;
  /** The seeded campaign's own bureau admin: copies a round of its district. */
  let bureau: SignedIn;
  /** The same database with the built pages, for the respondent page itself. */
  let pages: Hono;

  beforeAll(async () => {
    bureau = await signedIn(ctx.app, ctx.db, {
      username: "bureau",
      role: "admin",
      campaignId: seeded.campaignId,
    });
    pages = createApp({
      db: ctx.db,
      dbKind: kind,
      config: testConfig(),
      assets: createStaticAssets(distDir),
    });
  });

  const send = (who: SignedIn, path: string, body: unknown) =>
    who.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const createLink = async (body: Record<string, unknown>) => {
    const res = await send(admin, `/api/campaigns/${seeded.campaignId}/channels`, {
      kind: "class",
      schoolId: seeded.setup.schools[0]?.id,
      ...body,
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { channel: ChannelJson }).channel;
  };
  const listed = async (campaignId: number) =>
    (
      (await (await admin.request(`/api/campaigns/${campaignId}/channels`)).json()) as {
        channels: ChannelJson[];
      }
    ).channels;
  const bootOf = async (token: string) => {
    const html = await (await pages.request(`/s/${token}`)).text();
    const raw = /<script type="application\/json" id="junheng-boot">([\s\S]*?)<\/script>/.exec(
      html,
    );
    if (!raw?.[1]) throw new Error("no boot data in the page");
    return JSON.parse(raw[1]) as { token: string; sharedDevice: boolean };
  };

  let shared: ChannelJson;
  let normal: ChannelJson;

  beforeAll(async () => {
    shared = await createLink({ label: "家庭共用手机", sharedDevice: true });
    normal = await createLink({ label: "三年级二班家长群" });
  });

  it("is off unless asked for, on every link the campaign came with and on a new one", async () => {
    expect(shared.sharedDevice).toBe(true);
    expect(normal.sharedDevice).toBe(false);
    const channels = await listed(seeded.campaignId);
    expect(channels.filter((c) => c.sharedDevice).map((c) => c.label)).toEqual(["家庭共用手机"]);
    expect(channels.length).toBeGreaterThan(2);
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select("details")
      .where("target", "=", `channel:${shared.id}`)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ sharedDevice: true });
  });

  it("refuses a setting that is not a yes or no", async () => {
    const res = await send(admin, `/api/campaigns/${seeded.campaignId}/channels`, {
      kind: "event",
      label: "开放日",
      sharedDevice: "yes",
    });
    expect(res.status).toBe(400);
  });

  it("reaches the respondent page of that link only", async () => {
    expect(await bootOf(shared.token)).toMatchObject({ token: shared.token, sharedDevice: true });
    expect(await bootOf(normal.token)).toMatchObject({ token: normal.token, sharedDevice: false });
  });

  it("keeps a shared phone's repeats out of the repeated-device flag, not an ordinary link's", async () => {
    const phone = randomUUID();
    const send3 = async (token: string) => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const id = randomUUID();
        const res = await put(
          ctx.app,
          id,
          submissionBody(token, validSocialAnswers(), { deviceToken: phone }),
        );
        if (res.status !== 200) throw new Error(await res.text());
        ids.push(id);
      }
      return ids;
    };
    const family = await send3(shared.token);
    const settings = integritySettingsSchema.parse({});
    const flagged = async () =>
      new Map(
        (await campaignFlags(ctx.db, seeded.campaignId, settings)).responses.map((r) => [
          r.responseId,
          r.flags.map((f) => f.kind),
        ]),
      );
    // Three people on one phone through the family link: nothing suspicious.
    const before = await flagged();
    for (const id of family) expect(before.get(id) ?? []).not.toContain("repeat_device");
    // The same phone three times through an ordinary link is still flagged, and only those.
    const ordinary = await send3(normal.token);
    const after = await flagged();
    for (const id of ordinary) expect(after.get(id)).toContain("repeat_device");
    for (const id of family) expect(after.get(id) ?? []).not.toContain("repeat_device");
  });

  it("is copied with its link into the next round", async () => {
    const res = await send(bureau, `/api/campaigns/${seeded.campaignId}/copy`, {
      name: "第二轮",
      opensAt: new Date(Date.now() + 30 * day).toISOString(),
      closesAt: new Date(Date.now() + 50 * day).toISOString(),
    });
    expect(res.status).toBe(201);
    const next = (await res.json()) as { id: number };
    const copied = await listed(next.id);
    const byLabel = new Map(copied.map((c) => [c.label, c]));
    expect(byLabel.get("家庭共用手机")?.sharedDevice).toBe(true);
    expect(byLabel.get("家庭共用手机")?.token).not.toBe(shared.token);
    expect(byLabel.get("三年级二班家长群")?.sharedDevice).toBe(false);
    expect(copied.filter((c) => c.sharedDevice)).toHaveLength(1);
  });
});
