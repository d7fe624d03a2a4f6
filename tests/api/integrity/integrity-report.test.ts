import { beforeAll, describe, expect, it } from "vitest";
import type { IntegrityCounts } from "../../../api/integrity/integrity-counts.ts";
import type { IntegrityReport } from "../../../api/integrity/integrity-report.ts";
import { defaultIntegritySettings } from "../../../api/integrity/integrity-settings.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";
import { insertAt } from "./integrity-fixtures.ts";

/**
 * The integrity report and thresholds: who sees what (admin everything,
 * publicity and viewer counts only with small counts suppressed, school
 * nothing), and thresholds that change the flags at once and are audit-logged.
 */
describe.each(availableDbKinds())("integrity report and settings on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    accounts: {
      admin: { username: "report-admin", role: "admin" },
      viewer: { role: "viewer" },
      publicity: { role: "publicity" },
      school: { role: "school", school: 1 },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, publicity, school } = ctx.accounts;
  const t0 = new Date("2026-03-10T11:00:00Z");
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  let speeders: string[] = [];

  beforeAll(async () => {
    // 30 ordinary responses at school 0, 3 speeders at school 1, 12 from one
    // address on school 2's link within 5 minutes (a burst only under a lower threshold).
    await insertAt(
      ctx.db,
      seeded,
      Array.from({ length: 30 }, (_, i) => ({ at: at(i * 7), durationSeconds: 150 + i })),
    );
    speeders = await insertAt(
      ctx.db,
      seeded,
      [0, 1, 2].map((i) => ({ at: at(40 + i), schoolIndex: 1, durationSeconds: 8 })),
    );
    await insertAt(
      ctx.db,
      seeded,
      Array.from({ length: 12 }, (_, i) => ({
        at: at(100 + i * 0.4),
        schoolIndex: 2,
        ipHash: "one-address",
      })),
    );
  });

  const base = () => `/api/campaigns/${seeded.campaignId}`;
  const putSettings = (who: SignedIn, body: unknown) =>
    who.request(`${base()}/integrity/settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("gives an admin the full report", async () => {
    const res = await admin.request(`${base()}/integrity`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const report = (await res.json()) as IntegrityReport;
    expect(report.totals).toEqual({ responses: 45, flagged: 3, excluded: 0 });
    expect(report.byKind.find((k) => k.kind === "too_fast")).toEqual({
      kind: "too_fast",
      responses: 3,
      clusters: 1,
    });
    const speederSchool = report.bySchool.find((s) => s.schoolId === seeded.setup.schools[1]?.id);
    expect(speederSchool).toMatchObject({ responses: 3, flagged: 3 });
    expect(speederSchool?.byKind.too_fast).toBe(3);
    expect(report.clusters).toHaveLength(1);
    expect(report.settings).toEqual(defaultIntegritySettings);
    // The timeline counts every response once, in 10-minute buckets.
    const timelineTotal = report.timeline.schools
      .flatMap((s) => s.buckets)
      .reduce((n, b) => n + b.count, 0);
    expect(timelineTotal).toBe(45);
    expect(report.timeline.bucketMinutes).toBe(10);
    expect(report.closedRefusals).toEqual({ total: 0, byChannel: [] });
    // Each school's poster link is named with its school, as every list of links names it.
    for (const link of seeded.setup.schoolChannels) {
      const school = seeded.setup.schools.find((s) => s.id === link.schoolId);
      expect(report.byChannel.find((c) => c.channelId === link.id)?.label).toBe(
        `${school?.name} · 校门海报`,
      );
    }
  });

  it("gives publicity and viewer accounts counts only, with 1–4 shown as <5", async () => {
    for (const who of [viewer, publicity]) {
      const res = await who.request(`${base()}/integrity`);
      expect(res.status).toBe(200);
      const counts = (await res.json()) as IntegrityCounts & Record<string, unknown>;
      expect(counts.countsOnly).toBe(true);
      expect(counts.totals).toEqual({ responses: 45, flagged: 3, excluded: 0 });
      expect(counts.byKind.find((k) => k.kind === "too_fast")?.responses).toBe("<5");
      const speederSchool = counts.bySchool.find((s) => s.schoolId === seeded.setup.schools[1]?.id);
      expect(speederSchool).toMatchObject({ responses: "<5", flagged: "<5", excluded: 0 });
      const busy = counts.bySchool.find((s) => s.schoolId === seeded.setup.schools[0]?.id);
      expect(busy).toMatchObject({ responses: 30, flagged: 0 });
      for (const hidden of ["clusters", "timeline", "exclusions", "settings"]) {
        expect(counts[hidden]).toBeUndefined();
      }
      expect(JSON.stringify(counts)).not.toContain(speeders[0] as string);
    }
  });

  it("refuses school accounts, strangers and the other routes to non-admins", async () => {
    expect((await school.request(`${base()}/integrity`)).status).toBe(403);
    expect((await ctx.app.request(`${base()}/integrity`)).status).toBe(401);
    for (const route of ["integrity/flags", "integrity/settings"]) {
      expect((await viewer.request(`${base()}/${route}`)).status).toBe(403);
      expect((await publicity.request(`${base()}/${route}`)).status).toBe(403);
    }
    expect((await putSettings(viewer, {})).status).toBe(403);
    expect((await admin.request("/api/campaigns/424242/integrity")).status).toBe(404);
  });

  it("lists flagged responses a page at a time, and refuses a bad query", async () => {
    const res = await admin.request(`${base()}/integrity/flags?kind=too_fast&limit=2`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      total: number;
      responses: { responseId: string; excluded: boolean; flags: { reason: { zh: string } }[] }[];
    };
    expect(page.total).toBe(3);
    expect(page.responses.map((r) => r.responseId)).toEqual(speeders.slice(0, 2));
    expect(page.responses[0]?.flags[0]?.reason.zh).toMatch(/用时 8 秒/);
    for (const query of ["kind=nonsense", "limit=0", "limit=abc", "offset=-1", "unknown=1"]) {
      const bad = await admin.request(`${base()}/integrity/flags?${query}`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_query");
    }
  });

  it("thresholds: defaults until set, a partial PUT fills the rest, flags follow at once", async () => {
    const initial = await admin.request(`${base()}/integrity/settings`);
    expect(await initial.json()).toEqual({
      settings: defaultIntegritySettings,
      updatedAt: null,
      updatedBy: null,
    });

    // Twelve from one address in five minutes: a burst once the limit is 10.
    const res = await putSettings(admin, { burst: { ipMax: 10 } });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as { settings: typeof defaultIntegritySettings };
    expect(saved.settings.burst).toEqual({ ...defaultIntegritySettings.burst, ipMax: 10 });
    expect(saved.settings.tooFast).toEqual(defaultIntegritySettings.tooFast);
    const report = (await (await admin.request(`${base()}/integrity`)).json()) as IntegrityReport;
    expect(report.byKind.find((k) => k.kind === "burst_ip")?.responses).toBe(12);
    expect(report.totals.flagged).toBe(15);
    const bursts = report.timeline.schools.flatMap((s) => s.buckets).filter((b) => b.burst > 0);
    expect(bursts.reduce((n, b) => n + b.burst, 0)).toBe(12);

    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["details", "actor_label"])
      .where("action", "=", "integrity.settings_update")
      .executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe("report-admin");
    expect(audit.details).toMatchObject({
      before: { burst: { ipMax: 60 } },
      after: { burst: { ipMax: 10 } },
    });

    for (const bad of [{ burst: { ipMax: -1 } }, { tooFast: { floor: 3 } }, { burst: 5 }, []]) {
      const refused = await putSettings(admin, bad);
      expect(refused.status).toBe(400);
    }
    const after = (await (await admin.request(`${base()}/integrity/settings`)).json()) as {
      settings: typeof defaultIntegritySettings;
      updatedBy: string;
    };
    expect(after.settings.burst.ipMax).toBe(10);
    expect(after.updatedBy).toBe("report-admin");
  });
});
