import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AnalysisReport } from "../../../analysis/index.ts";
import { AnalysisCellCache, type CellSource } from "../../../api/analysis/analysis-cell-cache.ts";
import { campaignReport } from "../../../api/analysis/campaign-report.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/**
 * The report's cell cache (api/analysis/analysis-cell-cache.ts): whatever arrives, late or
 * excluded, the cached report equals a report counted from scratch, and the cache counts
 * only what is new when it can.
 */
const options = ["satisfied", "basically_satisfied", "dissatisfied", "unknown"];

describe.each(availableDbKinds())("the report's cell cache on %s", (kind) => {
  /** The clock the responses route stamps received_at with; null: the database's. */
  let clock: Date | null = null;
  let sent = 0;
  const ctx = useSeededApp(kind, {
    now: () => clock ?? new Date(),
    accounts: { admin: { role: "admin" } },
  });
  const { seeded } = ctx;
  const { admin } = ctx.accounts;

  async function send(count: number, token = seeded.tokens.schoolChannel): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++, sent++) {
      const id = randomUUID();
      const aware = sent % 3 !== 0;
      // A source only the late responses choose.
      const late = clock !== null && clock.getTime() < Date.now() - 3_000_000;
      const answers = validSocialAnswers({
        sat_overall: options[sent % 4],
        sat_teacher_gap: options[(sent * 7) % 4],
        aware_campaign: aware ? "know" : "unaware",
        aware_source: aware ? [late ? "media" : "letter"] : undefined,
        comment: `第${sent}份`,
        // The district link has no school: residents answer it.
        ...(token === seeded.tokens.districtChannel
          ? { identity: "resident", child_level: undefined }
          : {}),
      });
      const res = await put(ctx.app, id, submissionBody(token, answers));
      expect(res.status, await res.clone().text()).toBe(200);
      ids.push(id);
    }
    return ids;
  }

  async function cachedReport(cache: AnalysisCellCache): Promise<{
    report: AnalysisReport;
    source: CellSource | undefined;
  }> {
    let source: CellSource | undefined;
    const report = await campaignReport(ctx.db, seeded.campaignId, {
      cache,
      onCells: (s) => (source = s),
    });
    return { report, source };
  }

  async function expectFresh(report: AnalysisReport): Promise<void> {
    const counted = await campaignReport(ctx.db, seeded.campaignId);
    expect(differences(report, counted)).toEqual([]);
  }

  it("counts in full once, then only what is new, and equals a fresh count every time", async () => {
    clock = null;
    await send(30);
    await send(8, seeded.tokens.districtChannel);
    // Settled as soon as received: every new response is an increment.
    const cache = new AnalysisCellCache({ settleMs: 0 });
    const first = await cachedReport(cache);
    expect(first.source).toBe("full");
    expect(first.report.sample.rows).toBe(38);
    await expectFresh(first.report);

    const again = await cachedReport(cache);
    expect(again.source).toBe("incremental");
    expect(again.report).toEqual(first.report);

    await send(12);
    const more = await cachedReport(cache);
    expect(more.source).toBe("incremental");
    expect(more.report.sample.rows).toBe(50);
    await expectFresh(more.report);
  });

  it("counts in full when a response arrives late with an old received_at", async () => {
    const cache = new AnalysisCellCache({ settleMs: 0 });
    await cachedReport(cache);
    // Stored now, stamped an hour ago: before the settled boundary.
    clock = new Date(Date.now() - 3_600_000);
    await send(5);
    clock = null;
    const late = await cachedReport(cache);
    expect(late.source).toBe("full");
    expect(late.report.sample.rows).toBe(55);
    expect(late.report.breakdowns.awareness.source.map((row) => row.key)).toContain("media");
    await expectFresh(late.report);
  });

  it("keeps responses near the boundary in the part counted afresh", async () => {
    // A long settling time: nothing is settled, every request counts everything anew.
    const cache = new AnalysisCellCache({ settleMs: 3_600_000 });
    const first = await cachedReport(cache);
    expect(first.source).toBe("full");
    await send(3);
    const next = await cachedReport(cache);
    expect(next.source).toBe("incremental");
    expect(next.report.sample.rows).toBe(58);
    await expectFresh(next.report);
  });

  it("counts in full after an exclusion and after its reversal", async () => {
    const cache = new AnalysisCellCache({ settleMs: 0 });
    const before = await cachedReport(cache);
    const victims = await send(4);
    const decide = async (body: object) => {
      const res = await admin.request(`/api/campaigns/${seeded.campaignId}/exclusions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { exclusion: { id: number } }).exclusion.id;
    };
    const id = await decide({ responseIds: victims, reason: "测试：同一人重复填写" });
    const excluded = await cachedReport(cache);
    expect(excluded.source).toBe("full");
    expect(excluded.report.exclusions.responses).toBe(4);
    expect(excluded.report.sample.rows).toBe(before.report.sample.rows);
    expect(excluded.report.exclusions.withExcluded?.rows).toBe(before.report.sample.rows + 4);
    await expectFresh(excluded.report);

    await decide({ reverses: id, reason: "测试：撤销" });
    const restored = await cachedReport(cache);
    expect(restored.source).toBe("full");
    expect(restored.report.exclusions).toEqual({ responses: 0, withExcluded: null });
    expect(restored.report.sample.rows).toBe(before.report.sample.rows + 4);
    await expectFresh(restored.report);
  });

  it("counts once for concurrent first requests, and anew when the settings change", async () => {
    const cache = new AnalysisCellCache({ settleMs: 0 });
    const sources = await Promise.all([cachedReport(cache), cachedReport(cache)]);
    expect(sources.map((s) => s.source).sort()).toEqual(["full", "incremental"]);
    const saved = await admin.request(`/api/campaigns/${seeded.campaignId}/analysis-settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ definition: "score" }),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const scored = await cachedReport(cache);
    expect(scored.source).toBe("full");
    expect(scored.report.satisfaction.definition).toBe("score");
    await expectFresh(scored.report);
  });
});

/** Paths where two JSON values differ (numbers to 1e-9 relative). */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (typeof a === "number" && typeof b === "number") {
    const scale = Math.max(1, Math.abs(a), Math.abs(b));
    return Math.abs(a - b) <= 1e-9 * scale ? [] : [`${path}: ${a} ≠ ${b}`];
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) =>
    differences(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    ),
  );
}
