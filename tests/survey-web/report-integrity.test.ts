import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { testConfig } from "../../api/config.ts";
import { countClosedRefusal } from "../../api/integrity/index.ts";
import type { DbHandle } from "../../api/db/create-db.ts";
import type { IntegrityView } from "../../api/integrity/types.ts";
import { integrityReportSection } from "../../survey-web/staff/pages/report-integrity.ts";
import { insertAt } from "../api/integrity/integrity-fixtures.ts";
import { type SeededCampaign, seedCampaign } from "../helpers/seed.ts";
import { type SignedIn, signedIn } from "../helpers/staff-session.ts";
import { availableDbKinds, createTestDb } from "../helpers/test-db.ts";

/** The table row of `html` whose header cell is `name`, as text. */
function row(html: string, tableId: string, name: string): string {
  const table = new RegExp(`<table[^>]*id="${tableId}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? "";
  const rows = table.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
  const found = rows.find((r) => r.includes(`<th scope="row">${name}</th>`)) ?? "";
  return found
    .replace(/<[^>]+>/g, "|")
    .replace(/\s+/g, " ")
    .replace(/(\s*\|\s*)+/g, "|");
}

/**
 * The integrity section of the printable report, drawn from the real
 * GET /api/campaigns/:id/integrity of a campaign with speeders, a burst from
 * one address and an exclusion that was reversed.
 */
describe.each(availableDbKinds())("the report's integrity section on %s", (kind) => {
  let handle: DbHandle;
  let app: Hono;
  let seeded: SeededCampaign;
  let admin: SignedIn;
  let viewer: SignedIn;
  const t0 = new Date("2026-03-10T02:00:00Z"); // 10:00 in Beijing
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  beforeAll(async () => {
    handle = await createTestDb(kind);
    app = createApp({ db: handle.db, dbKind: handle.kind, config: testConfig() });
    seeded = await seedCampaign(handle.db);
    await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 20 }, (_, i) => ({ at: at(i * 9), durationSeconds: 150 + i })),
    );
    await insertAt(
      handle.db,
      seeded,
      [0, 1, 2].map((i) => ({ at: at(200 + i), schoolIndex: 1, durationSeconds: 8 })),
    );
    // 70 answers from one address within seven minutes: over the default 60 per 10 minutes.
    await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 70 }, (_, i) => ({
        at: at(300 + i * 0.1),
        schoolIndex: 2,
        ipHash: "one-address",
      })),
    );
    // Two answers refused on school 0's link (the submission path is tested in abuse-limits).
    const link = seeded.setup.schoolChannels[0]?.id as number;
    for (const minutes of [400, 410]) {
      await countClosedRefusal(handle.db, seeded.campaignId, link, at(minutes));
    }
    admin = await signedIn(app, handle.db, { username: "section-admin", role: "admin" });
    viewer = await signedIn(app, handle.db, {
      username: "section-viewer",
      role: "viewer",
      campaignId: seeded.campaignId,
    });
  });
  afterAll(async () => handle?.close());

  const base = () => `/api/campaigns/${seeded.campaignId}`;
  const view = async (who: SignedIn) =>
    (await (await who.request(`${base()}/integrity`)).json()) as IntegrityView;
  const post = async (body: unknown) => {
    const res = await admin.request(`${base()}/exclusions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { exclusion: { id: number } }).exclusion;
  };

  it("shows counts per flag, school and link, the bursts, and the exclusions with their reasons", async () => {
    const first = await view(admin);
    const tooFast =
      "countsOnly" in first ? undefined : first.clusters.find((c) => c.kind === "too_fast");
    if (!tooFast) throw new Error("no too_fast cluster");
    const excluded = await post({ flagCluster: tooFast.id, reason: "测试提交 <script>x</script>" });
    const reversal = await post({ reverses: excluded.id, reason: "误判，撤销" });

    const report = await view(admin);
    const html = integrityReportSection(report).value;
    expect(html).toContain('id="report-integrity"');
    expect(html).toContain('<h2 id="report-integrity-title">数据质量</h2>');
    expect(html).not.toMatch(/<button|<form|<canvas/);

    expect(row(html, "report-integrity-kinds", "作答过快")).toBe("|作答过快|3|1|");
    expect(row(html, "report-integrity-kinds", "同一地址突增")).toBe("|同一地址突增|70|1|");
    const [school0, school1, school2] = report.bySchool;
    const name = (s: typeof school0) => `${s?.code} ${s?.name}`;
    expect(row(html, "report-integrity-schools", name(school1))).toBe(`|${name(school1)}|3|3|0|`);
    expect(row(html, "report-integrity-schools", name(school2))).toBe(`|${name(school2)}|70|70|0|`);
    expect(html).toMatch(/<table[^>]*id="report-integrity-channels"/);

    // The timeline names the burst's periods with their counts; a school without one says none.
    const burstRow = row(html, "report-integrity-timeline", name(school2));
    expect(burstRow).toMatch(
      /^\|[^|]+\|70\|2026\/03\/10 15:00\|2026\/03\/10 15:00\|03\/10 15:00 \(70\)\|03\/10 15:00 \(70\/70\)\|$/,
    );
    expect(row(html, "report-integrity-timeline", name(school0))).toMatch(/\|无\|$/);

    // Refusals while closed: the total, and per link by the hour (Beijing time).
    expect(html).toMatch(/被拒收的提交<\/dt>\s*<dd id="integrity-closed-refusals">2<\/dd>/);
    // The link is named with its school, as every list names it.
    const poster = `${seeded.setup.schools[0]?.name} · 校门海报`;
    expect(row(html, "report-integrity-refusals", poster)).toBe(
      `|${poster}|2|03/10 16:00|03/10 16:00|`,
    );

    // Both records, in order, with reasons (escaped), who and the reversal.
    const exclusionRow = row(html, "report-integrity-exclusions", `#${excluded.id}`);
    expect(exclusionRow).toContain("排除 3 份 · 来自：作答过快");
    expect(exclusionRow).toContain(`已被 #${reversal.id} 撤销`);
    expect(exclusionRow).toContain("section-admin");
    expect(html).toContain("测试提交 &lt;script&gt;x&lt;/script&gt;");
    expect(row(html, "report-integrity-exclusions", `#${reversal.id}`)).toContain(
      `撤销 #${excluded.id}|误判，撤销|section-admin`,
    );
  });

  it("gives an account that sees counts only the counts, small ones as <5", async () => {
    const counts = await view(viewer);
    expect("countsOnly" in counts ? counts.countsOnly : undefined).toBe(true);
    const html = integrityReportSection(counts).value;
    expect(row(html, "report-integrity-kinds", "作答过快")).toBe("|作答过快|&lt;5|");
    expect(html).toMatch(/<dd id="integrity-closed-refusals">2<\/dd>/);
    expect(html).not.toContain("report-integrity-refusals");
    expect(html).not.toContain("report-integrity-timeline");
    expect(html).not.toContain("report-integrity-exclusions");
    expect(html).not.toContain("误判，撤销");
  });
});
