/**
 * mergeCellLists: the cells of two disjoint sets of respondents, merged, equal the cells of
 * their union (cellsFromRespondents), whatever the split: what the cell cache and the
 * with/without-exclusions figures rely on.
 */
import { describe, expect, it } from "vitest";
import {
  type Cell,
  type RespondentRow,
  type ValueStats,
  analysisConfig,
  cellsFromRespondents,
} from "../../analysis/index.ts";
import { cellKey, mergeCellLists, mergeStats, sortCells } from "../../analysis/merge-cells.ts";
import { seededRandom } from "../../api/demo/random.ts";

const options = ["satisfied", "fairly_satisfied", "basically_satisfied", "dissatisfied"];
const sources = ["letter", "poster", "wechat", "teacher", "news"];
// Chosen by a handful of 1,500: absent from one side of a split altogether.
const rareSource = "rare";

function randomRows(seed: number, count: number): RespondentRow[] {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  return Array.from({ length: count }, () => ({
    group: pick(["parent", "teacher", "resident"]),
    school: pick(["S1", "S2", "S10", null]),
    channel: pick(["1", "2", "12"]),
    completedAt: new Date(Date.UTC(2024, 4, 1) + next() * 4 * 86_400_000),
    answers: {
      sat_a: pick([...options, "unknown", undefined]),
      sat_b: pick(options),
      overall: pick([...options, undefined]),
      aware_campaign: pick(["know", "heard", "unaware", undefined]),
      // Rare options land on one side of most splits only.
      aware_source: next() < 0.3 ? [] : sources.filter((_, k) => next() < 0.5 / (k + 1)),
    },
  }));
}

function expectSameCells(actual: readonly Cell[], expected: readonly Cell[]): void {
  expect(actual.map(cellKey)).toEqual(expected.map(cellKey));
  actual.forEach((cell, c) => {
    const reference = expected[c]!;
    expect(cell.rows).toBe(reference.rows);
    expectClose(cell.satisfaction, reference.satisfaction);
    expectClose(cell.awareness, reference.awareness);
    expect(Object.keys(cell.items).sort()).toEqual(Object.keys(reference.items).sort());
    for (const [item, stats] of Object.entries(reference.items)) {
      expectClose(cell.items[item]!, stats);
    }
    expect(Object.keys(cell.sources).sort()).toEqual(Object.keys(reference.sources).sort());
    for (const [option, stats] of Object.entries(reference.sources)) {
      expectClose(cell.sources[option]!, stats);
    }
  });
}

function expectClose(actual: ValueStats, expected: ValueStats): void {
  expect(actual.count).toBe(expected.count);
  expect(actual.mean).toBeCloseTo(expected.mean, 12);
  expect(actual.m2).toBeCloseTo(expected.m2, 9);
}

describe("mergeCellLists", () => {
  for (const definition of ["respondent_share", "score", "overall_item"] as const) {
    it(`equals the cells of the union for random splits (${definition})`, () => {
      const config = analysisConfig({
        definition,
        overallItem: "overall",
        awarenessSourceItem: "aware_source",
      });
      const items = ["sat_a", "sat_b"];
      for (const seed of [1, 2, 3]) {
        const rows = randomRows(seed, 1500);
        const split = seededRandom(seed + 100);
        // Uneven shares: a small delta added to a large base, as the cache does.
        const share = [0.5, 0.05, 0.95][seed - 1]!;
        const a: RespondentRow[] = [];
        const b: RespondentRow[] = [];
        for (const row of rows) (split() < share ? a : b).push(row);
        // One respondent of `a` chose an option nobody in `b` chose.
        a[0] = { ...a[0]!, answers: { ...a[0]!.answers, aware_source: ["letter", rareSource] } };
        const union = cellsFromRespondents([...a, ...b], config, items);
        const merged = mergeCellLists(
          cellsFromRespondents(a, config, items),
          cellsFromRespondents(b, config, items),
        );
        expectSameCells(merged, union);
      }
    });
  }

  it("is the other list, sorted, when one side is empty", () => {
    const config = analysisConfig({ awarenessSourceItem: "aware_source" });
    const cells = cellsFromRespondents(randomRows(9, 200), config, ["sat_a"]);
    const shuffled = [...cells].reverse();
    expectSameCells(mergeCellLists([], shuffled), cells);
    expectSameCells(mergeCellLists(shuffled, []), cells);
    expect(sortCells(shuffled).map(cellKey)).toEqual(cells.map(cellKey));
  });
});

describe("mergeStats", () => {
  it("keeps m2 accurate for values far from zero (no cancellation)", () => {
    const values = [1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4];
    const stats = (v: number[]): ValueStats => {
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      return { count: v.length, mean, m2: v.reduce((s, x) => s + (x - mean) ** 2, 0) };
    };
    const merged = mergeStats(stats(values.slice(0, 1)), stats(values.slice(1)));
    expect(merged.count).toBe(4);
    expect(merged.mean).toBe(1e9 + 2.5);
    expect(merged.m2).toBeCloseTo(5, 6);
  });
});
