/**
 * analysisReport (from cells) against the per-respondent path that R's survey package
 * referees (r-comparison.test.ts): on generated campaigns — several groups, lonely groups of
 * one respondent, schools without respondents, respondents without a value, junk answers,
 * every definition, post-stratification and group weights on and off — the report built from
 * cellsFromRespondents' cells must give what designWeights + breakdown / itemBreakdown /
 * overallEstimate / verdict give on the respondents: estimate, SE, df, n, rows and Kish n_eff
 * to 1e-10 relative, for the headline figures and every breakdown. Plus the worked example,
 * the report's JSON shape, and the warnings where weighting has to step back.
 */
import { describe, expect, it } from "vitest";
import {
  type AnalysisConfig,
  type AnalysisReport,
  type Figure,
  type ReportBreakdownRow,
  type ReportChannel,
  type ReportFigure,
  type ReportSchool,
  type RespondentRow,
  type SatisfactionDefinition,
  type SurveyDesign,
  analysisConfig,
  analysisReport,
  cellsFromRespondents,
  definitionScale,
  domainEstimates,
  itemValues,
  lowerBound,
  reportDay,
  respondentValues,
} from "../../analysis/index.ts";
import { awarenessValues } from "../../analysis/reference/awareness-values.ts";
import { breakdown, itemBreakdown } from "../../analysis/reference/breakdowns.ts";
import { designWeights, enrolmentShares } from "../../analysis/reference/design-weights.ts";
import { overallEstimate } from "../../analysis/reference/overall-estimate.ts";
import { seededRandom } from "../../api/demo/random.ts";
import { enrolment, perSchool, satisfied } from "./worked-example.ts";

const relative = 1e-10;

function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  const scale = Math.max(Math.abs(actual!), Math.abs(expected));
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    relative * scale,
  );
}

// ---------------------------------------------------------------- generated campaigns

interface Campaign {
  readonly rows: RespondentRow[];
  readonly schools: ReportSchool[];
  readonly channels: ReportChannel[];
  readonly items: string[];
}

const itemNames = ["sat_overall", "sat_teaching", "sat_safety", "sat_food", "sat_fees"];
const sourceNames = ["letter", "wechat_account", "poster", "teacher", "other"];

/**
 * A campaign of a few hundred respondents: parents and teachers in schools, principals and
 * deputies often a single respondent (lonely strata), residents without a school, the last
 * two schools without anybody, some respondents with every item blank or 不了解, some junk
 * (numbers, arrays) where a single choice belongs, days that straddle midnight in UTC+8.
 */
function generateCampaign(seed: number): Campaign {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const schools: ReportSchool[] = Array.from({ length: 12 }, (_, s) => ({
    code: `S${String(s + 1).padStart(2, "0")}`,
    name: `学校 ${s + 1}`,
    town: `T${1 + (s % 4)}`,
    areaType: pick(["urban", "town", "rural"] as const),
    enrolment: 50 + Math.floor(next() * 2000),
    teachers: 5 + Math.floor(next() * 150),
  }));
  const channels = Array.from({ length: 8 }, (_, c) => ({ id: String(c + 1), label: `渠道 ${c}` }));
  const groupSizes: [string, number, boolean][] = [
    ["parent", pick([30, 120, 300]), true],
    ["teacher", pick([1, 8, 60]), true],
    ["principal", pick([1, 1, 2, 6]), true],
    ["student", pick([0, 5, 25]), true],
    ["resident", pick([0, 1, 20]), false],
    ["deputy", pick([0, 1, 3]), false],
  ];
  const favourable = [0.5, 0.7, 0.85, 0.95, 1][seed % 5]!;
  const rows: RespondentRow[] = [];
  for (const [group, size, inSchool] of groupSizes) {
    for (let j = 0; j < size; j++) {
      const school = inSchool ? schools[Math.floor(10 * next() ** 1.5)]!.code : null;
      const answers: Record<string, unknown> = { identity: group };
      const blankAll = next() < 0.06;
      for (const item of itemNames) {
        const u = next();
        answers[item] = blankAll
          ? pick([undefined, "unknown", ""])
          : u < 0.03
            ? pick([3, null, ["satisfied"], { x: 1 }])
            : u < 0.1
              ? pick(["unknown", "", undefined])
              : next() < favourable
                ? pick(["satisfied", "fairly_satisfied", "basically_satisfied"])
                : "dissatisfied";
      }
      answers.aware_campaign = pick(["know", "heard", "unaware", "unaware", "", undefined, 7]);
      const sources = sourceNames.filter(() => next() < 0.3);
      answers.aware_source = pick([sources, sources, [], undefined, "letter", [1, "poster"]]);
      rows.push({
        group,
        school,
        channel: next() < 0.05 ? "99" : pick(channels).id,
        // Around 16:00 UTC, midnight in China: the report day is not the UTC day.
        completedAt: new Date(Date.UTC(2024, 4, 1 + Math.floor(next() * 5), 14 + next() * 4)),
        answers,
      });
    }
  }
  return { rows, schools, channels, items: itemNames };
}

// ---------------------------------------------------------------- the per-respondent path

interface Reference {
  readonly design: SurveyDesign;
  readonly groups: string[];
  readonly weights: ReturnType<typeof designWeights>;
  readonly satisfaction: Float64Array;
  readonly awareness: Float64Array;
  readonly items: Record<string, Float64Array>;
  readonly sources: Record<string, Float64Array>;
  readonly keys: Record<string, { codes: Int32Array; labels: string[] }>;
}

function singleChoice(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function reference(campaign: Campaign, config: AnalysisConfig): Reference {
  const { rows, schools } = campaign;
  const groups = [...new Set(rows.map((r) => r.group))];
  const group = Int32Array.from(rows, (r) => groups.indexOf(r.group));
  const codes = schools.map((s) => s.code);
  const school = Int32Array.from(rows, (r) => (r.school === null ? -1 : codes.indexOf(r.school)));
  const teacherShares = enrolmentShares(schools.map((s) => s.teachers!));
  const weights = designWeights({
    group,
    school,
    groups,
    schoolShares: {
      parent: enrolmentShares(schools.map((s) => s.enrolment)),
      teacher: teacherShares,
      principal: teacherShares,
    },
    poststratify: config.poststratify,
    groupWeights: config.groupWeights,
  });
  const items = config.items ?? campaign.items;
  const answers = rows.map((r) =>
    Object.fromEntries(
      [...itemNames, "aware_campaign"].map((item) => [item, singleChoice(r.answers[item])]),
    ),
  );
  const scale = definitionScale(config.definition);
  const chosen = rows.map((r) => {
    const answer = r.answers.aware_source;
    const options = Array.isArray(answer) ? answer.filter((o) => typeof o === "string") : [];
    return options.length > 0 ? new Set(options) : null;
  });
  const options = [...new Set(chosen.flatMap((set) => [...(set ?? [])]))];
  const keyed = (keyOf: (i: number) => string | null, known: readonly string[] = []) => {
    const labels = [...known];
    const codes = Int32Array.from(rows, (_, i) => {
      const key = keyOf(i);
      if (key === null) return -1;
      if (!labels.includes(key)) labels.push(key);
      return labels.indexOf(key);
    });
    return { codes, labels };
  };
  const schoolOf = (i: number) => schools[school[i]!];
  return {
    design: { stratum: group, weight: weights.weight, strataCount: groups.length },
    groups,
    weights,
    satisfaction: respondentValues(answers, { ...config, items }),
    awareness: awarenessValues(
      answers.map((a) => a.aware_campaign),
      config.aware,
    ),
    items: Object.fromEntries(
      items.map((item) => [
        item,
        itemValues(
          answers.map((a) => a[item]),
          config,
          scale,
        ),
      ]),
    ),
    sources: Object.fromEntries(
      options.map((option) => [
        option,
        Float64Array.from(chosen, (set) => (set === null ? Number.NaN : set.has(option) ? 1 : 0)),
      ]),
    ),
    keys: {
      group: keyed((i) => rows[i]!.group),
      school: keyed((i) => rows[i]!.school),
      town: keyed((i) => schoolOf(i)?.town ?? null),
      areaType: keyed((i) => schoolOf(i)?.areaType ?? null),
      day: keyed((i) => reportDay(rows[i]!.completedAt)),
      channel: keyed((i) => rows[i]!.channel),
    },
  };
}

function expectFigure(actual: ReportFigure, expected: Figure, what: string): void {
  expect(actual.n, `${what} n`).toBe(expected.n);
  expect(actual.rows, `${what} rows`).toBe(expected.rows);
  expect(actual.df, `${what} df`).toBe(expected.df);
  expect(actual.smallSample, `${what} smallSample`).toBe(expected.smallSample);
  close(actual.estimate, expected.estimate, `${what} estimate`);
  close(actual.se, expected.se, `${what} se`);
  close(actual.nEff, expected.nEff, `${what} nEff`);
  if (expected.interval === null) {
    expect(actual.ci, `${what} ci`).toBeNull();
    return;
  }
  const pairs: [readonly [number, number] | undefined, Figure["interval"], string][] =
    expected.scale === "score"
      ? [[actual.ci!.t, expected.interval, "t"]]
      : [
          [actual.ci!.logit, expected.interval, "logit"],
          [actual.ci!.beta, expected.kornGraubard, "beta"],
        ];
  for (const [pair, interval, name] of pairs) {
    expect(actual.ci!.method[name as "t"], `${what} ${name} method`).toBe(interval!.method);
    close(pair![0], interval!.lower, `${what} ${name} lower`);
    close(pair![1], interval!.upper, `${what} ${name} upper`);
  }
}

function expectRows(
  actual: readonly ReportBreakdownRow[],
  design: SurveyDesign,
  values: Float64Array,
  key: { codes: Int32Array; labels: string[] },
  what: string,
): void {
  const measure = actual[0]?.definition;
  const scale = actual[0]?.scale ?? "proportion";
  const expected = breakdown(
    design,
    values,
    key,
    measure === "source_share" ? "awareness" : measure!,
    scale,
  );
  const bounds = domainEstimates(design, values, { key: key.codes, count: key.labels.length });
  const byKey = new Map(actual.map((row) => [row.key, row]));
  // Every domain with a respondent is a row (rows without respondents may be listed too).
  expect([...byKey.keys()].filter((k) => byKey.get(k)!.rows > 0).sort(), `${what} keys`).toEqual(
    expected
      .filter((row) => row.weighted.rows > 0)
      .map((row) => row.key)
      .sort(),
  );
  expected.forEach((row, k) => {
    const got = byKey.get(row.key);
    if (got === undefined) return;
    expectFigure(got, row.weighted, `${what} ${row.key}`);
    expectFigure(got.unweighted, row.unweighted, `${what} ${row.key} unweighted`);
    if (row.weighted.n > 0)
      close(got.lowerBound, lowerBound(bounds[k]!, scale).value, `${what} ${row.key} bound`);
  });
}

function expectReportMatches(campaign: Campaign, config: AnalysisConfig): AnalysisReport {
  const cells = cellsFromRespondents(campaign.rows, config, campaign.items);
  const report = analysisReport({ ...campaign, cells, config });
  const ref = reference(campaign, config);
  const scale = definitionScale(config.definition);
  const label = `${config.definition}`;

  const overall = overallEstimate(
    ref.design,
    ref.satisfaction,
    config.definition,
    scale,
    config.threshold,
  );
  expectFigure(report.satisfaction, overall.weighted, `${label} satisfaction`);
  expectFigure(report.satisfaction.unweighted, overall.unweighted, `${label} unweighted`);
  if (overall.verdict === null) expect(report.satisfaction.verdict).toBeNull();
  else {
    expect(report.satisfaction.verdict).toMatchObject({
      verdict: overall.verdict.verdict,
      threshold: overall.verdict.threshold,
      lowerBoundMethod: overall.verdict.lowerBoundMethod,
      moreResponses: overall.verdict.moreResponses,
    });
    close(report.satisfaction.verdict!.lowerBound, overall.verdict.lowerBound, "verdict bound");
    close(report.satisfaction.lowerBound, overall.verdict.lowerBound, "lowerBound");
  }
  const audit = overall.weights;
  expect(report.weights.n).toBe(audit.n);
  for (const field of ["sum", "min", "max", "ratio", "kishNEff"] as const) {
    close(report.weights[field], audit[field], `audit ${field}`);
  }
  for (const group of ref.weights.groups) {
    const got = report.weights.byGroup[group.key]!;
    expect(got.respondents).toBe(group.respondents);
    expect(got.poststratified).toBe(group.poststratified);
    expect(got.emptySchools).toEqual(group.emptySchools.map((s) => campaign.schools[s]!.code));
    close(got.groupWeight, group.groupWeight, `W'_${group.key}`);
  }

  const sat = report.breakdowns.satisfaction;
  for (const by of ["group", "school", "town", "areaType", "day", "channel"] as const) {
    expectRows(sat[by], ref.design, ref.satisfaction, ref.keys[by]!, `${label} by ${by}`);
  }
  const groupRows = Object.entries(report.satisfaction.byGroup).map(([key, entry]) => ({
    key,
    label: null,
    ...entry,
  }));
  expectRows(groupRows, ref.design, ref.satisfaction, ref.keys.group!, `${label} byGroup`);

  const items = itemBreakdown(ref.design, ref.items, scale);
  expect(sat.item.map((row) => row.key)).toEqual(items.map((row) => row.key));
  items.forEach((row, k) => {
    expectFigure(sat.item[k]!, row.weighted, `item ${row.key}`);
    expectFigure(sat.item[k]!.unweighted, row.unweighted, `item ${row.key} unweighted`);
  });

  const aware = overallEstimate(ref.design, ref.awareness, "awareness", "proportion");
  expectFigure(report.awareness, aware.weighted, "awareness");
  expectFigure(report.awareness.unweighted, aware.unweighted, "awareness unweighted");
  const aw = report.breakdowns.awareness;
  for (const by of ["group", "day", "channel"] as const) {
    expectRows(aw[by], ref.design, ref.awareness, ref.keys[by]!, `awareness by ${by}`);
  }
  expect(aw.source.map((row) => row.key)).toEqual(Object.keys(ref.sources).sort());
  for (const row of aw.source) {
    const expected = overallEstimate(ref.design, ref.sources[row.key]!, "awareness", "proportion");
    expectFigure({ ...row, definition: "awareness" }, expected.weighted, `source ${row.key}`);
    expectFigure(row.unweighted, expected.unweighted, `source ${row.key} unweighted`);
  }
  return report;
}

// ---------------------------------------------------------------- the tests

const definitions: SatisfactionDefinition[] = [
  "overall_item",
  "respondent_share",
  "respondent_satisfied",
  "score",
];

describe("analysisReport from cells equals the per-respondent analysis", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    for (const definition of definitions) {
      for (const poststratify of [true, false]) {
        for (const withGroupWeights of [false, true]) {
          const name = `campaign ${seed}, ${definition}, poststratify ${poststratify}, group weights ${withGroupWeights}`;
          it(name, () => {
            const campaign = generateCampaign(seed);
            const groupWeights = withGroupWeights
              ? { parent: 3, teacher: 1, principal: 0.5, student: 1, resident: 2, deputy: 0.2 }
              : null;
            const config = analysisConfig({
              definition,
              poststratify,
              groupWeights,
              satisfiedShare: 0.6,
              // Every other campaign names its items; the rest read the questionnaire's.
              items: seed % 2 === 0 ? ["sat_teaching", "sat_safety", "sat_fees"] : null,
            });
            const report = expectReportMatches(campaign, config);
            expect(report.warnings).toEqual([]);
          });
        }
      }
    }
  }

  it("has lonely groups, empty schools and respondents without a value in those campaigns", () => {
    const lonely = [1, 2, 3, 4, 5, 6].some((seed) => {
      const counts = new Map<string, number>();
      for (const row of generateCampaign(seed).rows)
        counts.set(row.group, (counts.get(row.group) ?? 0) + 1);
      return [...counts.values()].includes(1);
    });
    expect(lonely).toBe(true);
    const report = analysisReport({
      ...generateCampaign(1),
      cells: cellsFromRespondents(generateCampaign(1).rows, analysisConfig(), itemNames),
      config: analysisConfig(),
    });
    expect(report.sample.bySchool.S11).toBe(0);
    expect(report.weights.byGroup.parent!.emptySchools).toContain("S12");
    expect(report.satisfaction.n).toBeLessThan(report.satisfaction.rows);
  });
});

// ---------------------------------------------------------------- shape and edge cases

function parents(
  satisfiedBySchool: readonly number[],
  perSchoolCount: number,
  extra: Partial<RespondentRow> = {},
): RespondentRow[] {
  return satisfiedBySchool.flatMap((count, s) =>
    Array.from({ length: perSchoolCount }, (_, j) => ({
      group: "parent",
      school: `S${s}`,
      channel: "1",
      completedAt: new Date(Date.UTC(2024, 4, 1, 2, j)),
      answers: { sat_overall: j < count ? "satisfied" : "dissatisfied", aware_campaign: "know" },
      ...extra,
    })),
  );
}

const workedSchools: ReportSchool[] = enrolment.map((e, s) => ({
  code: `S${s}`,
  name: `学校 ${s}`,
  town: "城关镇",
  areaType: "urban",
  enrolment: e,
  teachers: null,
}));

function reportOf(rows: RespondentRow[], config = analysisConfig(), schools = workedSchools) {
  return analysisReport({
    cells: cellsFromRespondents(rows, config, ["sat_overall"]),
    schools,
    channels: [{ id: "1", label: "家长群" }],
    config,
    items: ["sat_overall"],
  });
}

/** Every number in a JSON value, with its path. */
function numbersIn(value: unknown, path = "$"): [string, unknown][] {
  if (typeof value === "number") return [[path, value]];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) => numbersIn(v, `${path}.${key}`));
}

describe("the report", () => {
  it("gives the worked example: weighted 0.8550, unweighted 0.8167, Kish n_eff 86.96", () => {
    const report = reportOf(parents(satisfied, perSchool));
    expect(report.satisfaction.estimate!.toFixed(4)).toBe("0.8550");
    expect(report.satisfaction.unweighted.estimate!.toFixed(4)).toBe("0.8167");
    expect(report.weights.kishNEff.toFixed(2)).toBe("86.96");
    expect(report.satisfaction.nEff.toFixed(2)).toBe("86.96");
    expect(report.satisfaction.verdict).toMatchObject({ verdict: "at_risk", threshold: 0.85 });
    expect(report.weights.byGroup.parent).toMatchObject({
      poststratified: true,
      shares: "enrolment",
      emptySchools: [],
    });
    expect(
      report.breakdowns.satisfaction.school.map((r) => [r.key, r.label, r.estimate!.toFixed(12)]),
    ).toEqual([
      ["S0", "学校 0", "0.900000000000"],
      ["S1", "学校 1", "0.800000000000"],
      ["S2", "学校 2", "0.750000000000"],
    ]);
  });

  it("is plain JSON in the report's shape", () => {
    const config = analysisConfig({ items: itemNames });
    const campaign = generateCampaign(3);
    const report = analysisReport({
      ...campaign,
      cells: cellsFromRespondents(campaign.rows, config, campaign.items),
      config,
    });
    expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
    for (const [path, n] of numbersIn(report)) expect(Number.isFinite(n), path).toBe(true);
    expect(Object.keys(report)).toEqual([
      "satisfaction",
      "awareness",
      "breakdowns",
      "weights",
      "sample",
      "warnings",
      "exclusions",
      "config",
      "items",
    ]);
    const figureKeys = [
      "definition",
      "scale",
      "estimate",
      "se",
      "df",
      "ci",
      "lowerBound",
      "nEff",
      "n",
      "rows",
      "smallSample",
      "unweighted",
    ];
    expect(Object.keys(report.satisfaction)).toEqual([...figureKeys, "verdict", "byGroup"]);
    expect(Object.keys(report.awareness)).toEqual([...figureKeys, "byGroup"]);
    expect(Object.keys(report.satisfaction.byGroup)).toEqual([
      "parent",
      "student",
      "teacher",
      "principal",
      "deputy",
      "resident",
    ]);
    expect(Object.keys(report.satisfaction.ci!)).toEqual(["logit", "beta", "method"]);
    expect(Object.keys(report.breakdowns.satisfaction)).toEqual([
      "group",
      "school",
      "town",
      "areaType",
      "day",
      "item",
      "channel",
    ]);
    expect(Object.keys(report.breakdowns.awareness)).toEqual(["channel", "source", "day", "group"]);
    const schoolRow = report.breakdowns.satisfaction.school[0]!;
    expect(Object.keys(schoolRow).sort()).toEqual([...figureKeys, "key", "label"].sort());
    // Every listed school is a row, in the list's order, then any code outside it.
    expect(report.breakdowns.satisfaction.school.map((r) => r.key)).toEqual(
      campaign.schools.map((s) => s.code),
    );
    // Channels in the list's order, then the unlisted one without a label.
    expect(report.breakdowns.satisfaction.channel.map((r) => [r.key, r.label]).at(-1)).toEqual([
      "99",
      null,
    ]);
    const days = report.breakdowns.satisfaction.day.map((r) => r.key);
    expect(days).toEqual([...days].sort());
    expect(report.sample.rows).toBe(campaign.rows.length);
    expect(Object.values(report.sample.byAreaType).reduce((a, b) => a + b, 0)).toBe(
      campaign.rows.length,
    );
    expect(report.sample.byAreaType.none).toBe(
      campaign.rows.filter((r) => r.school === null).length,
    );
    expect(report.config).toBe(config);
  });

  it("names the score definition and gives it a t interval on 0–100", () => {
    const config = analysisConfig({ definition: "score", items: ["sat_overall"] });
    const report = reportOf(parents(satisfied, perSchool), config);
    expect(report.satisfaction.definition).toBe("score");
    expect(report.satisfaction.scale).toBe("score");
    expect(Object.keys(report.satisfaction.ci!)).toEqual(["t", "method"]);
    expect(report.satisfaction.estimate).toBeCloseTo(85.5, 10);
    expect(report.satisfaction.verdict!.threshold).toBeCloseTo(85, 12);
    expect(report.breakdowns.satisfaction.item[0]!.definition).toBe("item_score");
  });

  it("at p = 1 shows a sound interval, never NaN or zero width", () => {
    const report = reportOf(parents([40, 40, 40], 40));
    expect(report.satisfaction.estimate).toBe(1);
    expect(report.satisfaction.ci!.method).toEqual({
      logit: "clopper_pearson_kish",
      beta: "clopper_pearson_kish",
    });
    const [lower, upper] = report.satisfaction.ci!.beta!;
    expect(lower).toBeGreaterThan(0.9);
    expect(lower).toBeLessThan(1);
    expect(upper).toBe(1);
    expect(report.satisfaction.verdict!.verdict).toBe("pass");
  });

  it("has nulls, not NaN, with no respondents at all", () => {
    const report = reportOf([]);
    expect(report.satisfaction).toMatchObject({ estimate: null, se: null, ci: null, n: 0 });
    expect(report.satisfaction.verdict).toBeNull();
    expect(report.breakdowns.satisfaction.school.map((r) => r.n)).toEqual([0, 0, 0]);
    expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
  });

  it("does not post-stratify parents when one has no school, and says so", () => {
    const rows = [...parents(satisfied, perSchool), ...parents([1], 1, { school: null })];
    const report = reportOf(rows);
    expect(report.warnings).toEqual([{ code: "not_poststratified", group: "parent" }]);
    expect(report.weights.byGroup.parent).toMatchObject({ poststratified: false, shares: null });
    expect(report.satisfaction.estimate).toBeCloseTo(report.satisfaction.unweighted.estimate!, 14);
  });

  it("leaves group weights out when a group present has none, and says so", () => {
    const rows = [...parents(satisfied, perSchool), ...parents([0], 3, { group: "resident" })];
    const config = analysisConfig({ groupWeights: { parent: 1 } });
    const report = reportOf(rows, config);
    expect(report.warnings).toEqual([{ code: "group_weights_incomplete", group: "resident" }]);
    expect(report.weights.byGroup.parent!.groupWeight).toBeNull();
    const without = reportOf(rows, analysisConfig());
    expect(report.satisfaction.estimate).toBe(without.satisfaction.estimate);
  });

  it("post-stratifies teachers to teacher counts only when every school has one", () => {
    const teachers = parents([8, 2, 5], 10, { group: "teacher" });
    const counted = workedSchools.map((s, i) => ({ ...s, teachers: [100, 20, 40][i]! }));
    const withCounts = reportOf(teachers, analysisConfig(), counted);
    expect(withCounts.weights.byGroup.teacher).toMatchObject({
      poststratified: true,
      shares: "teachers",
    });
    // (100·0.8 + 20·0.2 + 40·0.5) / 160
    expect(withCounts.satisfaction.estimate).toBeCloseTo(104 / 160, 12);
    const partial = counted.map((s, i) => (i === 1 ? { ...s, teachers: null } : s));
    const withoutCounts = reportOf(teachers, analysisConfig(), partial);
    expect(withoutCounts.weights.byGroup.teacher).toMatchObject({
      poststratified: false,
      shares: null,
    });
    expect(withoutCounts.satisfaction.estimate).toBeCloseTo(15 / 30, 12);
    expect(withoutCounts.warnings).toEqual([]);
  });

  it("reads cells that list only the sources chosen in them the same as full ones", () => {
    const config = analysisConfig();
    const campaign = generateCampaign(2);
    const cells = cellsFromRespondents(campaign.rows, config, campaign.items);
    // What a GROUP BY over chosen options would produce: no entry for an option nobody chose.
    const sparse = cells.map((cell) => ({
      ...cell,
      sources: Object.fromEntries(
        Object.entries(cell.sources).filter(([, stats]) => stats.count > 0 && stats.mean > 0),
      ),
    }));
    expect(
      sparse.some(
        (cell, c) => Object.keys(cell.sources).length < Object.keys(cells[c]!.sources).length,
      ),
    ).toBe(true);
    const full = analysisReport({ ...campaign, cells, config });
    const fromSparse = analysisReport({ ...campaign, cells: sparse, config });
    expect(fromSparse.breakdowns.awareness.source).toEqual(full.breakdowns.awareness.source);
  });
});
