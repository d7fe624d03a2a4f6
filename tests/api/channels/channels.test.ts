import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

const zbarimg = spawnSync("zbarimg", ["--version"]).status === 0;
if (!zbarimg && process.env.CI === "true")
  throw new Error("zbarimg is missing; under CI=true nothing may be skipped");
if (!zbarimg)
  console.warn("channels.test: QR decoding skipped: zbarimg missing (apt-get install zbar-tools)");

interface ChannelListing {
  channels: { id: number; token: string; schoolId: number | null; url: string }[];
}

describe.each(availableDbKinds())("channels, QR codes and posters for staff on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    accounts: {
      admin: { username: "bureau", role: "admin" },
      school: { role: "school", school: 0 },
      viewer: { role: "viewer" },
    },
  });
  const { seeded } = ctx;
  const { admin, school, viewer } = ctx.accounts;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "junheng-qr-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const listPath = () => `/api/campaigns/${seeded.campaignId}/channels`;
  const ownChannel = () => seeded.setup.schoolChannels[0] as { id: number; token: string };
  const otherChannel = () => seeded.setup.schoolChannels[1] as { id: number; token: string };
  const districtChannel = () => seeded.setup.districtChannels[0] as { id: number; token: string };

  it("answers 401 without a session, and the public submission path stays public", async () => {
    const res = await ctx.app.request(listPath());
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthenticated" } });
    const health = await ctx.app.request("/api/health");
    expect(health.status).toBe(200);
  });

  it("lists every channel with its link to the bureau, and only its own to a school", async () => {
    const all = (await (await admin.request(listPath())).json()) as ChannelListing;
    expect(all.channels.map((c) => c.token).sort()).toEqual(
      [...seeded.setup.schoolChannels, ...seeded.setup.districtChannels].map((c) => c.token).sort(),
    );
    expect(all.channels[0]?.url).toMatch(/^http:\/\/localhost\/s\/[\w-]{16}$/);
    const own = (await (await school.request(listPath())).json()) as ChannelListing;
    expect(own.channels.map((c) => c.token)).toEqual([ownChannel().token]);
    expect((await viewer.request(listPath())).status).toBe(200);
  });

  it("gives a school its own QR and poster, and 403 for another school's or the district's", async () => {
    expect((await school.request(`/api/channels/${ownChannel().id}/qr.svg`)).status).toBe(200);
    expect((await school.request(`/api/channels/${ownChannel().id}/poster`)).status).toBe(200);
    for (const other of [otherChannel(), districtChannel()]) {
      const res = await school.request(`/api/channels/${other.id}/qr.png`);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
    expect((await viewer.request(`/api/channels/${ownChannel().id}/qr.png`)).status).toBe(403);
    expect((await admin.request(`/api/channels/999999/qr.png`)).status).toBe(404);
    expect((await admin.request(`/api/channels/abc/qr.png`)).status).toBe(404);
  });

  it.skipIf(!zbarimg)("a QR code decodes back to its channel's link", async () => {
    const res = await admin.request(`/api/channels/${otherChannel().id}/qr.png`);
    expect(res.headers.get("content-type")).toBe("image/png");
    const file = path.join(tmp, "qr.png");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const decoded = spawnSync("zbarimg", ["-q", "--raw", file]).stdout.toString().trim();
    expect(decoded).toBe(`http://localhost/s/${otherChannel().token}`);
  });

  it("bundles every poster for the bureau in one ZIP, audit-logged; a viewer may not", async () => {
    const res = await admin.request(`/api/campaigns/${seeded.campaignId}/posters.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.subarray(0, 4).toString("binary")).toBe("PK\u0003\u0004");
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["actor_label", "target"])
      .where("action", "=", "posters.download")
      .execute();
    expect(audit).toEqual([{ actor_label: "bureau", target: `campaign:${seeded.campaignId}` }]);
    expect((await viewer.request(`/api/campaigns/${seeded.campaignId}/posters.zip`)).status).toBe(
      403,
    );
  });

  it("keeps a campaign-scoped account out of other campaigns", async () => {
    const other = await seedCampaign(ctx.db);
    expect((await viewer.request(`/api/campaigns/${other.campaignId}/channels`)).status).toBe(403);
    const id = other.setup.schoolChannels[0]?.id;
    expect((await school.request(`/api/channels/${id}/poster`)).status).toBe(403);
  });
});
