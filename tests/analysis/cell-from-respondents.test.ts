/**
 * cellsFromRespondents: the cells the CLI builds from an export and the database's GROUP BY
 * must reproduce. Values follow respondent-value.ts and reference/awareness-values.ts;
 * statistics are checked against a plain two-pass computation on seeded random rows.
 */
import { describe, expect, it } from "vitest";
import {
  type RespondentRow,
  type ValueStats,
  analysisConfig,
  cellsFromRespondents,
} from "../../analysis/index.ts";
import { seededRandom } from "../../api/demo/random.ts";

const at = (iso: string) => new Date(iso);

function row(answers: Record<string, unknown>, extra: Partial<RespondentRow> = {}): RespondentRow {
  return {
    group: "parent",
    school: "S1",
    channel: "7",
    completedAt: at("2024-05-01T02:00:00Z"),
    answers,
    ...extra,
  };
}

describe("cellsFromRespondents", () => {
  it("groups by (group, school, channel, day in UTC+8), sorted, a null school first", () => {
    const cells = cellsFromRespondents(
      [
        row({}, { completedAt: at("2024-05-01T16:00:00Z") }), // 00:00 on 2 May in Beijing
        row({}, { completedAt: at("2024-05-01T15:59:59Z") }), // 23:59:59 on 1 May
        row({}, { completedAt: at("2024-05-01T03:00:00Z") }),
        row({}, { group: "resident", school: null }),
        row({}, { school: null }),
        row({}, { channel: "10" }),
      ],
      analysisConfig(),
      [],
    );
    expect(cells.map((c) => [c.group, c.school, c.channel, c.day, c.rows])).toEqual([
      ["parent", null, "7", "2024-05-01", 1],
      ["parent", "S1", "10", "2024-05-01", 1],
      ["parent", "S1", "7", "2024-05-01", 2],
      ["parent", "S1", "7", "2024-05-02", 1],
      ["resident", null, "7", "2024-05-01", 1],
    ]);
  });

  it("reads only the satisfaction items, never identity or school answers, when items is null", () => {
    const config = analysisConfig({ definition: "respondent_share", items: null });
    const [cell] = cellsFromRespondents(
      [row({ identity: "parent", school: "S1", sat_a: "satisfied", sat_b: "dissatisfied" })],
      config,
      ["sat_a", "sat_b"],
    );
    expect(cell!.satisfaction).toEqual({ count: 1, mean: 0.5, m2: 0 });
    expect(Object.keys(cell!.items)).toEqual(["sat_a", "sat_b"]);
  });

  it("uses config.items over the questionnaire's items", () => {
    const config = analysisConfig({ definition: "respondent_share", items: ["sat_b"] });
    const [cell] = cellsFromRespondents(
      [row({ sat_a: "satisfied", sat_b: "dissatisfied" })],
      config,
      ["sat_a", "sat_b"],
    );
    expect(cell!.satisfaction.mean).toBe(0);
    expect(Object.keys(cell!.items)).toEqual(["sat_b"]);
  });

  it("treats blanks, 不了解 and non-string answers as no value, and counts every row", () => {
    const config = analysisConfig({ definition: "overall_item" });
    const [cell] = cellsFromRespondents(
      [
        row({ sat_overall: "satisfied", aware_campaign: "heard" }),
        row({ sat_overall: "unknown", aware_campaign: "unaware" }),
        row({ sat_overall: "", aware_campaign: "" }),
        row({ sat_overall: 1, aware_campaign: ["know"] }),
        row({ sat_overall: ["satisfied"], aware_campaign: null }),
        row({ sat_overall: "dissatisfied" }),
      ],
      config,
      ["sat_overall"],
    );
    expect(cell!.rows).toBe(6);
    expect(cell!.satisfaction).toEqual({ count: 2, mean: 0.5, m2: 0.5 });
    expect(cell!.items.sat_overall).toEqual({ count: 2, mean: 0.5, m2: 0.5 });
    expect(cell!.awareness).toEqual({ count: 2, mean: 0.5, m2: 0.5 });
  });

  it("scores items under the score definition", () => {
    const config = analysisConfig({ definition: "score" });
    const [cell] = cellsFromRespondents(
      [
        row({ sat_a: "satisfied", sat_b: "basically_satisfied" }),
        row({ sat_a: "fairly_satisfied", sat_b: "unknown" }),
      ],
      config,
      ["sat_a", "sat_b"],
    );
    expect(cell!.satisfaction).toEqual({ count: 2, mean: 80, m2: 0 });
    expect(cell!.items.sat_a).toEqual({ count: 2, mean: 90, m2: 200 });
    expect(cell!.items.sat_b).toEqual({ count: 1, mean: 60, m2: 0 });
  });

  it("refuses an option without a score under the score definition (a configuration error)", () => {
    const config = analysisConfig({ definition: "score" });
    expect(() => cellsFromRespondents([row({ sat_a: "so_so" })], config, ["sat_a"])).toThrow(
      /no score/,
    );
  });

  it("counts sources among those who chose at least one, with every option in every cell", () => {
    const config = analysisConfig();
    const cells = cellsFromRespondents(
      [
        row({ aware_source: ["letter", "letter", "poster"] }),
        row({ aware_source: ["letter", 5, null] }),
        row({ aware_source: [] }), // no answer
        row({ aware_source: "letter" }), // not an array: no answer
        row({ aware_source: [3] }), // nothing usable: no answer
        row({}, { school: "S2" }),
      ],
      config,
      [],
    );
    expect(cells[0]!.sources).toEqual({
      letter: { count: 2, mean: 1, m2: 0 },
      poster: { count: 2, mean: 0.5, m2: 0.5 },
    });
    expect(cells[1]!.sources).toEqual({
      letter: { count: 0, mean: 0, m2: 0 },
      poster: { count: 0, mean: 0, m2: 0 },
    });
    const none = cellsFromRespondents(
      [row({ aware_source: ["letter"] })],
      analysisConfig({ awarenessSourceItem: null }),
      [],
    );
    expect(none[0]!.sources).toEqual({});
  });

  it("matches a two-pass computation of count, mean and m2 on random rows", () => {
    const next = seededRandom(42);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
    const options = ["satisfied", "fairly_satisfied", "basically_satisfied", "dissatisfied"];
    const rows = Array.from({ length: 3000 }, () =>
      row(
        {
          sat_a: pick([...options, "unknown", undefined]),
          sat_b: pick(options),
          aware_campaign: pick(["know", "heard", "unaware"]),
          aware_source: ["letter", "poster", "wechat"].filter(() => next() < 0.4),
        },
        {
          group: pick(["parent", "teacher"]),
          school: pick(["S1", "S2", null]),
          channel: pick(["1", "2"]),
          completedAt: new Date(Date.UTC(2024, 4, 1) + next() * 3 * 86_400_000),
        },
      ),
    );
    for (const definition of ["respondent_share", "score"] as const) {
      const config = analysisConfig({ definition });
      const cells = cellsFromRespondents(rows, config, ["sat_a", "sat_b"]);
      expect(cells.reduce((sum, cell) => sum + cell.rows, 0)).toBe(rows.length);
      for (const cell of cells) {
        const members = rows.filter(
          (r) =>
            r.group === cell.group &&
            r.school === cell.school &&
            r.channel === cell.channel &&
            new Date(r.completedAt.getTime() + 8 * 3_600_000).toISOString().startsWith(cell.day),
        );
        expect(cell.rows).toBe(members.length);
        const scores: Record<string, number> = config.scores;
        const itemValue = (answer: unknown): number | null =>
          typeof answer !== "string" || answer === "unknown"
            ? null
            : definition === "score"
              ? scores[answer]!
              : config.favourable.includes(answer)
                ? 1
                : 0;
        const valuesA = members.map((r) => itemValue(r.answers.sat_a));
        expectStats(cell.items.sat_a!, valuesA);
        const satisfaction = members.map((r) => {
          const v = [itemValue(r.answers.sat_a), itemValue(r.answers.sat_b)].filter(
            (x) => x !== null,
          );
          return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
        });
        expectStats(cell.satisfaction, satisfaction);
        expectStats(
          cell.awareness,
          members.map((r) => (r.answers.aware_campaign === "unaware" ? 0 : 1)),
        );
        const answered = members.filter((r) => (r.answers.aware_source as string[]).length > 0);
        expectStats(
          cell.sources.poster!,
          answered.map((r) => ((r.answers.aware_source as string[]).includes("poster") ? 1 : 0)),
        );
      }
    }
  });
});

function expectStats(actual: ValueStats, values: readonly (number | null)[]): void {
  const present = values.filter((v) => v !== null);
  expect(actual.count).toBe(present.length);
  if (present.length === 0) {
    expect(actual).toEqual({ count: 0, mean: 0, m2: 0 });
    return;
  }
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  const m2 = present.reduce((a, v) => a + (v - mean) ** 2, 0);
  expect(Math.abs(actual.mean - mean)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(mean)));
  expect(Math.abs(actual.m2 - m2)).toBeLessThanOrEqual(1e-10 * Math.max(1e-300, m2));
}
