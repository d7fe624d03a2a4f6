/**
 * cell-estimates.ts against the per-respondent estimator (domain-estimates.ts, which
 * r-comparison.test.ts checks against R's survey package): on the seeded random datasets of
 * random-datasets.ts, respondents merged into cells of equal weight must give the same
 * estimate, SE, df, n and Kish n_eff to 1e-10 relative, for the whole design and for domains,
 * weighted and unweighted; cell weights must equal reference/design-weights.ts's; and the
 * worked example (docs/weighting.md) must come out as 0.8550 / 0.8167 / n_eff 86.96.
 */
import { describe, expect, it } from "vitest";
import {
  type CellDesign,
  type CellValues,
  type DomainEstimate,
  type Domains,
  type SurveyDesign,
  cellDesign,
  cellEstimates,
  cellValues,
  cellWeightAudit,
  domainEstimates,
  emptyValueStats,
  weightAudit,
} from "../../analysis/index.ts";
import { designWeights, enrolmentShares } from "../../analysis/reference/design-weights.ts";
import { seededRandom } from "../../api/demo/random.ts";
import { type Dataset, generateDataset, randomSpecs, specs } from "./random-datasets.ts";
import { enrolment, perSchool, satisfied } from "./worked-example.ts";

const relative = 1e-10;

/** |a − b| ≤ 1e-10 · max(|a|, |b|); NaN only equals NaN. */
function expectClose(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, what).toBeNaN();
    return;
  }
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    relative * scale,
  );
}

function expectSameEstimates(
  cells: readonly DomainEstimate[],
  respondents: readonly DomainEstimate[],
  what: string,
): void {
  expect(cells.length).toBe(respondents.length);
  respondents.forEach((expected, k) => {
    const actual = cells[k]!;
    const label = `${what}, domain ${k}`;
    expect(actual.n, label).toBe(expected.n);
    expect(actual.rows, label).toBe(expected.rows);
    expect(actual.strata, label).toBe(expected.strata);
    expect(actual.df, label).toBe(expected.df);
    expectClose(actual.estimate, expected.estimate, `${label} estimate`);
    expectClose(actual.se, expected.se, `${label} se`);
    expectClose(actual.kishNEff, expected.kishNEff, `${label} n_eff`);
    expectClose(actual.sumWeights, expected.sumWeights, `${label} Σw`);
  });
}

/**
 * Merges respondents of equal (stratum, domain, weight) into cells, with count, mean and m2
 * computed in two passes here (independent of the Welford code under test).
 */
function mergeIntoCells(
  data: Dataset,
  weight: Float64Array,
  values: Float64Array,
): { design: CellDesign; values: CellValues; domains: Domains; domainCount: number } {
  const index = new Map<string, number>();
  const members: number[][] = [];
  for (let i = 0; i < data.group.length; i++) {
    const key = `${data.group[i]}|${data.domain[i]}|${weight[i]}`;
    let c = index.get(key);
    if (c === undefined) {
      index.set(key, (c = members.length));
      members.push([]);
    }
    members[c]!.push(i);
  }
  const count = new Float64Array(members.length);
  const mean = new Float64Array(members.length);
  const m2 = new Float64Array(members.length);
  members.forEach((list, c) => {
    const valued = list.map((i) => values[i]!).filter((y) => !Number.isNaN(y));
    count[c] = valued.length;
    if (valued.length === 0) return;
    mean[c] = valued.reduce((a, b) => a + b, 0) / valued.length;
    m2[c] = valued.reduce((a, y) => a + (y - mean[c]!) ** 2, 0);
  });
  const domainCount = Math.max(0, ...data.domain) + 1;
  return {
    design: {
      stratum: Int32Array.from(members, (list) => data.group[list[0]!]!),
      rows: Float64Array.from(members, (list) => list.length),
      weight: Float64Array.from(members, (list) => weight[list[0]!]!),
      strataCount: data.strataCount,
    },
    values: { count, mean, m2 },
    domains: {
      key: Int32Array.from(members, (list) => data.domain[list[0]!]!),
      count: domainCount,
    },
    domainCount,
  };
}

/** Log-normal weights rounded to a few levels, so that respondents share cells. */
function coarse(weight: Float64Array): Float64Array {
  return Float64Array.from(weight, (w) => Math.exp(Math.round(Math.log(w) * 3) / 3));
}

const allSpecs = [...specs, ...randomSpecs(24, 11)];

describe("cellEstimates equals domainEstimates", () => {
  for (const spec of allSpecs) {
    it(spec.name, () => {
      const data = generateDataset(spec);
      const weight = spec.weights === "lognormal" ? coarse(data.weight) : data.weight;
      for (const [name, values] of [
        ["proportion", data.y],
        ["score", data.score],
      ] as const) {
        const merged = mergeIntoCells(data, weight, values);
        // Respondents merge only when they share stratum, domain and weight: there are fewer cells.
        expect(merged.design.rows.length).toBeLessThanOrEqual(data.group.length);
        const perRespondent: SurveyDesign = {
          stratum: data.group,
          weight,
          strataCount: data.strataCount,
        };
        const domains = { key: data.domain, count: merged.domainCount };
        for (const weighted of [true, false]) {
          const cellDesign = weighted ? merged.design : { ...merged.design, weight: null };
          const respondentDesign = weighted ? perRespondent : { ...perRespondent, weight: null };
          const what = `${name}, ${weighted ? "weighted" : "unweighted"}`;
          expectSameEstimates(
            cellEstimates(cellDesign, merged.values, null),
            domainEstimates(respondentDesign, values, null),
            `${what}, overall`,
          );
          expectSameEstimates(
            cellEstimates(cellDesign, merged.values, merged.domains),
            domainEstimates(respondentDesign, values, domains),
            `${what}, domains`,
          );
        }
      }
    });
  }

  it("one cell per respondent works with any weights (no merging at all)", () => {
    const data = generateDataset(specs[0]!);
    const design: CellDesign = {
      stratum: data.group,
      rows: new Float64Array(data.group.length).fill(1),
      weight: data.weight,
      strataCount: data.strataCount,
    };
    const values: CellValues = {
      count: Float64Array.from(data.y, (y) => (Number.isNaN(y) ? 0 : 1)),
      mean: Float64Array.from(data.y, (y) => (Number.isNaN(y) ? 0 : y)),
      m2: new Float64Array(data.y.length),
    };
    const domains = { key: data.domain, count: 8 };
    expectSameEstimates(
      cellEstimates(design, values, domains),
      domainEstimates(
        { stratum: data.group, weight: data.weight, strataCount: data.strataCount },
        data.y,
        domains,
      ),
      "singletons",
    );
  });

  it("keeps the spread when cell means sit far from zero (no cancellation)", () => {
    // Values 1000 + noise of 0.01: expanding Σ w y² − (Σ w y)² / Σ w would lose about ten of
    // the sixteen digits. The SE does not move when every value shifts, so the reference is
    // the per-respondent estimator on the shifted values (y − 1000), which are well scaled.
    const next = seededRandom(99);
    const n = 400;
    const stratum = Int32Array.from({ length: n }, (_, i) => i % 2);
    const domain = Int32Array.from({ length: n }, (_, i) => i % 5);
    const noise = Float64Array.from({ length: n }, (_, i) => (i % 5) * 1e-2 + next() * 1e-2);
    const y = Float64Array.from(noise, (e) => 1000 + e);
    const weight = Float64Array.from(stratum, (s) => 1 + s * 0.5);
    const data: Dataset = { group: stratum, weight, y, score: y, domain, strataCount: 2 };
    const merged = mergeIntoCells(data, weight, y);
    const cells = cellEstimates(merged.design, merged.values, merged.domains);
    const shifted = domainEstimates({ stratum, weight, strataCount: 2 }, noise, {
      key: domain,
      count: 5,
    });
    shifted.forEach((expected, k) => {
      expectClose(cells[k]!.se, expected.se, `domain ${k} se`);
      expectClose(cells[k]!.estimate - 1000, expected.estimate, `domain ${k} estimate`);
    });
  });
});

describe("cellDesign equals designWeights", () => {
  const cases = [
    { poststratify: true, groupWeights: null },
    { poststratify: true, groupWeights: { parent: 2, teacher: 1, resident: 0.5 } },
    { poststratify: false, groupWeights: { parent: 2, teacher: 1, resident: 0.5 } },
    { poststratify: false, groupWeights: null },
  ];
  for (const options of cases) {
    it(`poststratify ${options.poststratify}, group weights ${options.groupWeights !== null}`, () => {
      const next = seededRandom(7);
      const groups = ["parent", "teacher", "resident"];
      const schools = ["A", "B", "C", "D", "E"]; // E has nobody: renormalised away
      const enrolments = [900, 300, 50, 400, 700];
      const teacherCounts = [60, 20, 5, 30, 40];
      const n = 300;
      const group = Int32Array.from({ length: n }, () => Math.floor(next() ** 2 * 3));
      const school = Int32Array.from({ length: n }, () => Math.floor(next() * 4));
      const reference = designWeights({
        group,
        school,
        groups,
        schoolShares: {
          parent: enrolmentShares(enrolments),
          teacher: enrolmentShares(teacherCounts),
        },
        ...options,
      });
      // Cells: one per (group, school, channel): channels split a school's respondents.
      const cellIndex = new Map<string, number>();
      const cells: { group: string; school: string; rows: number }[] = [];
      const cellOf = Int32Array.from(group, (g, i) => {
        const key = `${g}|${school[i]}|${i % 3}`;
        let c = cellIndex.get(key);
        if (c === undefined) {
          cellIndex.set(key, (c = cells.length));
          cells.push({ group: groups[g]!, school: schools[school[i]!]!, rows: 0 });
        }
        cells[c]!.rows += 1;
        return c;
      });
      const design = cellDesign(
        cells.map((cell, c) => ({
          ...cell,
          channel: String(c % 3),
          day: "2024-05-01",
          satisfaction: emptyValueStats,
          awareness: emptyValueStats,
          items: {},
          sources: {},
        })),
        {
          schoolShares: {
            parent: Object.fromEntries(schools.map((code, s) => [code, enrolments[s]!])),
            teacher: Object.fromEntries(schools.map((code, s) => [code, teacherCounts[s]!])),
          },
          ...options,
        },
      );
      for (let i = 0; i < n; i++) {
        expectClose(design.base[cellOf[i]!]!, reference.base[i]!, `b of respondent ${i}`);
        expectClose(design.weight[cellOf[i]!]!, reference.weight[i]!, `w of respondent ${i}`);
      }
      for (const expected of reference.groups) {
        const actual = design.weighting.find((g) => g.key === expected.key)!;
        expect(actual.respondents).toBe(expected.respondents);
        expect(actual.poststratified).toBe(expected.poststratified);
        expect(actual.emptySchools).toEqual(expected.emptySchools.map((s) => schools[s]));
        if (expected.groupWeight === null) expect(actual.groupWeight).toBeNull();
        else expectClose(actual.groupWeight!, expected.groupWeight, "W'_g");
      }
      const audit = cellWeightAudit(design);
      const expectedAudit = weightAudit(reference.weight);
      expect(audit.n).toBe(expectedAudit.n);
      for (const field of ["sum", "min", "max", "ratio", "kishNEff", "designEffect"] as const) {
        expectClose(audit[field], expectedAudit[field], field);
      }
    });
  }

  it("refuses a post-stratified group at a school without a share", () => {
    const cell = {
      group: "parent",
      school: "Z",
      channel: "1",
      day: "2024-05-01",
      rows: 3,
      satisfaction: emptyValueStats,
      awareness: emptyValueStats,
      items: {},
      sources: {},
    };
    expect(() =>
      cellDesign([cell], {
        schoolShares: { parent: { A: 10 } },
        poststratify: true,
        groupWeights: null,
      }),
    ).toThrow(/no share/);
  });
});

describe("the worked example from cells", () => {
  it("gives weighted 0.8550, unweighted 0.8167 and Kish n_eff 86.96", () => {
    // One cell per school: 40 parents, of whom 36 / 32 / 30 satisfied.
    const cells = enrolment.map((_, s) => {
      const mean = satisfied[s]! / perSchool;
      return {
        group: "parent",
        school: `S${s}`,
        channel: "1",
        day: "2024-05-01",
        rows: perSchool,
        satisfaction: { count: perSchool, mean, m2: perSchool * mean * (1 - mean) },
        awareness: emptyValueStats,
        items: {},
        sources: {},
      };
    });
    const design = cellDesign(cells, {
      schoolShares: { parent: { S0: enrolment[0]!, S1: enrolment[1]!, S2: enrolment[2]! } },
      poststratify: true,
      groupWeights: null,
    });
    expect(Array.from(design.weight)).toEqual([
      expect.closeTo(1.8, 12),
      expect.closeTo(0.9, 12),
      expect.closeTo(0.3, 12),
    ]);
    const values = cellValues(cells, (cell) => cell.satisfaction);
    const [weighted] = cellEstimates(design, values, null);
    const [unweighted] = cellEstimates({ ...design, weight: null }, values, null);
    expect(weighted!.estimate.toFixed(4)).toBe("0.8550");
    expect(unweighted!.estimate.toFixed(4)).toBe("0.8167");
    expect(cellWeightAudit(design).kishNEff.toFixed(2)).toBe("86.96");
    expect(weighted!.df).toBe(119);
  });
});
