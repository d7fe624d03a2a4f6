/**
 * suppressSmallCounts: what non-admins see. A figure from fewer than 5 respondents has no
 * estimate, SE, interval or bound, and its counts read "<5"; counts of respondents under 5
 * read "<5" everywhere; nothing else changes.
 */
import { describe, expect, it } from "vitest";
import {
  type AnalysisReport,
  type RespondentRow,
  type SuppressedReport,
  analysisConfig,
  analysisReport,
  cellsFromRespondents,
  suppressSmallCounts,
} from "../../analysis/index.ts";

function respondents(
  count: number,
  extra: Partial<RespondentRow>,
  answer: (j: number) => string | undefined = (j) => (j % 4 === 0 ? "dissatisfied" : "satisfied"),
): RespondentRow[] {
  return Array.from({ length: count }, (_, j) => ({
    group: "parent",
    school: "S1",
    channel: "1",
    completedAt: new Date(Date.UTC(2024, 4, 1, 3, j)),
    answers: { sat_overall: answer(j), aware_campaign: "know" },
    ...extra,
  }));
}

const schools = ["S1", "S2", "S3", "S4"].map((code, s) => ({
  code,
  name: `学校 ${s + 1}`,
  town: s < 2 ? "城关镇" : "河口乡",
  areaType: s < 2 ? ("urban" as const) : ("rural" as const),
  enrolment: 400 + 100 * s,
  teachers: null,
}));

function report(rows: RespondentRow[]): AnalysisReport {
  const config = analysisConfig();
  return analysisReport({
    cells: cellsFromRespondents(rows, config, ["sat_overall"]),
    schools,
    channels: [{ id: "1", label: "家长群" }],
    config,
    items: ["sat_overall"],
  });
}

const full = report([
  ...respondents(40, { school: "S1" }),
  ...respondents(3, { school: "S2" }), // three answers: a figure would identify them
  // Ten at S3, of whom only four answered the item.
  ...respondents(10, { school: "S3" }, (j) => (j < 4 ? "satisfied" : undefined)),
  ...respondents(2, { group: "teacher", school: "S1" }),
]);
const shown = suppressSmallCounts(full);

function schoolRow(r: AnalysisReport | SuppressedReport, code: string) {
  return r.breakdowns.satisfaction.school.find((row) => row.key === code)!;
}

describe("suppressSmallCounts", () => {
  it("hides the figure of a school with 3 respondents and shows its counts as <5", () => {
    const row = schoolRow(shown, "S2");
    for (const figure of [row, row.unweighted]) {
      expect(figure).toMatchObject({
        estimate: null,
        se: null,
        ci: null,
        lowerBound: null,
        n: "<5",
        nEff: "<5",
        rows: "<5",
        df: "<5",
        smallSample: true,
      });
    }
    expect(row.label).toBe("学校 2");
    expect(schoolRow(full, "S2").estimate).not.toBeNull(); // the admin report has it
  });

  it("keeps rows and df when only the answers are few (4 of 10)", () => {
    const row = schoolRow(shown, "S3");
    expect(row).toMatchObject({ estimate: null, n: "<5", nEff: "<5", rows: 10, df: 9 });
  });

  it("leaves figures of 5 or more, and empty schools, as they are", () => {
    expect(schoolRow(shown, "S1")).toEqual(schoolRow(full, "S1"));
    expect(schoolRow(shown, "S4")).toMatchObject({ n: 0, rows: 0, estimate: null });
    expect(shown.satisfaction.estimate).toBe(full.satisfaction.estimate);
    expect(shown.satisfaction.verdict).toEqual(full.satisfaction.verdict);
  });

  it("suppresses small groups, towns and respondent counts of the sample and the weights", () => {
    expect(shown.satisfaction.byGroup.teacher).toMatchObject({ estimate: null, n: "<5" });
    expect(shown.awareness.byGroup.teacher).toMatchObject({ estimate: null, n: "<5" });
    expect(shown.breakdowns.awareness.group.find((r) => r.key === "teacher")).toMatchObject({
      n: "<5",
    });
    expect(shown.weights.byGroup.teacher!.respondents).toBe("<5");
    expect(shown.weights.byGroup.parent!.respondents).toBe(53);
    expect(shown.sample.bySchool).toEqual({ S1: 42, S2: "<5", S3: 10, S4: 0 });
    expect(shown.sample.byGroup).toEqual({ parent: 53, teacher: "<5" });
    expect(shown.sample.rows).toBe(55);
  });

  it("lists the versions answered in order and suppresses a small version's count", () => {
    const withVersions = analysisReport({
      cells: cellsFromRespondents(respondents(12, { school: "S1" }), analysisConfig(), [
        "sat_overall",
      ]),
      schools,
      channels: [{ id: "1", label: "家长群" }],
      config: analysisConfig(),
      items: ["sat_overall"],
      versions: [
        { key: "social", version: 2, responses: 3 },
        { key: "staff", version: 1, responses: 0 },
        { key: "social", version: 1, responses: 9 },
      ],
    });
    expect(withVersions.sample.byVersion).toEqual([
      { key: "social", version: 1, responses: 9 },
      { key: "social", version: 2, responses: 3 },
    ]);
    expect(suppressSmallCounts(withVersions).sample.byVersion).toEqual([
      { key: "social", version: 1, responses: 9 },
      { key: "social", version: 2, responses: "<5" },
    ]);
  });

  it("drops the verdict with a headline figure of fewer than 5", () => {
    const tiny = suppressSmallCounts(report(respondents(4, {})));
    expect(tiny.satisfaction).toMatchObject({ estimate: null, n: "<5", verdict: null });
  });

  it("leaves no count under 5 and no figure from under 5 anywhere, and changes nothing else", () => {
    const before = JSON.stringify(full);
    const visit = (value: unknown, path: string): void => {
      if (value === null || typeof value !== "object") return;
      const record = value as Record<string, unknown>;
      for (const key of ["n", "rows", "nEff", "respondents"]) {
        const count = record[key];
        if (typeof count === "number" && key !== "nEff") {
          expect(count === 0 || count >= 5, `${path}.${key}`).toBe(true);
        }
      }
      if (record.n === "<5") {
        expect([record.estimate, record.se, record.ci, record.lowerBound], path).toEqual([
          null,
          null,
          null,
          null,
        ]);
      }
      for (const [key, v] of Object.entries(record)) {
        if (path === "$" && (key === "config" || key === "items")) continue;
        visit(v, `${path}.${key}`);
      }
    };
    visit({ ...shown, weights: { byGroup: shown.weights.byGroup }, sample: shown.sample }, "$");
    expect(JSON.stringify(full)).toBe(before);
    expect(shown.weights.kishNEff).toBe(full.weights.kishNEff);
    expect(shown.config).toBe(full.config);
  });
});
