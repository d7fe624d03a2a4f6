/**
 * Every criterion side by side (docs/assessment.md, Readiness): statuses, margins and who holds
 * each one back.
 */
import { describe, expect, it } from "vitest";
import {
  type ReadinessInput,
  type SchoolData,
  basic2012,
  evaluateScheme,
  governmentScore,
  readiness,
  schoolStandards,
  threeGrowths,
} from "../../../analysis/assessment/index.ts";

const government =
  basic2012.governmentScore ??
  (() => {
    throw new Error("basic_2012 has a government score");
  })();
const fullMarks = Object.fromEntries(
  Object.entries(government.indicators).map(([id, i]) => [id, i.maxPoints * 0.9]),
);

/** Three primary schools with every 2012 resource at `factors[i]` per student. */
function district(factors: readonly number[]): SchoolData[] {
  return [100, 200, 300].map((students, i) => {
    const f = factors[i] ?? 1;
    const resources: Record<string, number> = {};
    for (const indicator of Object.values(basic2012.indicators)) {
      resources[indicator.resource] = students * f;
    }
    return { schoolId: `s${i}`, level: "primary", students, resources };
  });
}

function passingInput(schools: SchoolData[]): ReadinessInput {
  return {
    scheme: basic2012,
    balance: [evaluateScheme(basic2012, "primary", schools)],
    schoolStandards: { schools: [], status: "pass", failing: [], unknown: [] },
    satisfaction: { estimate: 0.91, lowerBound: 0.88, verdict: "pass" },
    vetoEntries: Object.keys(basic2012.vetoes).map((itemId) => ({
      itemId,
      status: "met" as const,
    })),
    governmentScore: governmentScore(government, fullMarks),
    threeGrowths: { years: [], missedYears: [], unknownYears: [], status: "pass" },
    disabledEnrolmentRate: 0.86,
  };
}

describe("readiness under basic_2012", () => {
  const schools = district([0.9, 1, 1.1]);

  it("lists every condition and veto once, each with a status", () => {
    const result = readiness(passingInput(schools));
    expect(result.criteria.map((c) => c.criterion)).toEqual([
      "government_score",
      "balance:primary",
      "balance:junior",
      "veto:weak_school_renovation",
      "veto:disabled_enrolment",
      "veto:three_growths",
      "veto:safety",
      "veto:satisfaction",
      "veto:fund_misuse",
      "veto:falsification",
      "veto:core_indicators",
    ]);
    // No junior evaluation was given: that level is unknown, so the whole is unknown.
    expect(result.criteria.find((c) => c.criterion === "balance:junior")?.status).toBe("unknown");
    expect(result.status).toBe("unknown");
    expect(
      result.criteria
        .filter((c) => c.criterion !== "balance:junior")
        .every((c) => c.status === "pass"),
    ).toBe(true);
  });

  it("passes when everything is in, with margins on the numeric criteria", () => {
    const input = passingInput(schools);
    const result = readiness({
      ...input,
      balance: [
        ...(input.balance ?? []),
        evaluateScheme(
          basic2012,
          "junior",
          district([0.9, 1, 1.1]).map((s) => ({ ...s, level: "junior" as const })),
        ),
      ],
    });
    expect(result.status).toBe("pass");
    const byId = new Map(result.criteria.map((c) => [c.criterion, c]));
    expect(byId.get("government_score")?.margin).toBeCloseTo(5, 10);
    expect(byId.get("veto:satisfaction")?.margin).toBeCloseTo(0.06, 12);
    expect(byId.get("veto:disabled_enrolment")?.margin).toBeCloseTo(0.06, 12);
    expect(byId.get("balance:primary")?.margin).toBeGreaterThan(0);
    expect(byId.get("veto:safety")?.holders).toEqual([]);
  });

  it("names the schools behind a failing balance and the departments behind a veto", () => {
    const uneven = district([0.05, 0.3, 3]);
    const result = readiness({
      ...passingInput(uneven),
      vetoEntries: [{ itemId: "fund_misuse", status: "not_met" }],
      threeGrowths: threeGrowths([]),
      disabledEnrolmentRate: 0.7,
    });
    const byId = new Map(result.criteria.map((c) => [c.criterion, c]));
    const balance = byId.get("balance:primary");
    expect(balance?.status).toBe("fail");
    expect(balance?.holderKind).toBe("schools");
    expect(balance?.holders.length).toBeGreaterThan(0);
    for (const id of balance?.holders ?? []) expect(["s0", "s1", "s2"]).toContain(id);
    expect(byId.get("veto:fund_misuse")).toMatchObject({ status: "fail", holders: ["区财政局"] });
    expect(byId.get("veto:safety")).toMatchObject({
      status: "unknown",
      holders: ["区教委", "区公安局"],
    });
    expect(byId.get("veto:three_growths")).toMatchObject({
      status: "unknown",
      holders: ["区财政局"],
    });
    expect(byId.get("veto:disabled_enrolment")).toMatchObject({
      status: "fail",
      holders: ["区教委"],
    });
    expect(byId.get("veto:disabled_enrolment")?.margin).toBeCloseTo(-0.1, 12);
    expect(result.status).toBe("fail");
  });

  it("shows an at-risk satisfaction as unknown, and vetoed schools as holders", () => {
    const school: SchoolData = { schoolId: "poor", level: "primary", students: 100, resources: {} };
    const result = readiness({
      ...passingInput(schools),
      satisfaction: { estimate: 0.86, lowerBound: 0.83, verdict: "at_risk" },
      schoolStandards: schoolStandards(basic2012, [school]),
    });
    const byId = new Map(result.criteria.map((c) => [c.criterion, c]));
    expect(byId.get("veto:satisfaction")).toMatchObject({ status: "unknown", note: "at_risk" });
    // No figures at all: 13 unknown indicators can make 4 missed, but need not.
    expect(byId.get("veto:core_indicators")).toMatchObject({
      status: "unknown",
      holders: ["poor"],
      holderKind: "schools",
    });
  });

  it("lets a staff entry decide a computed veto only while its data are absent", () => {
    const withoutGrowths: ReadinessInput = { ...passingInput(schools), threeGrowths: null };
    const byId = (input: ReadinessInput) =>
      new Map(readiness(input).criteria.map((c) => [c.criterion, c]));
    expect(byId(withoutGrowths).get("veto:three_growths")).toMatchObject({
      status: "pass",
      note: "entered",
    });
    const missed = threeGrowths([
      {
        year: 2020,
        educationAppropriation: 2,
        regularFiscalRevenue: 2,
        perStudentSpending: { primary: 2 },
        staffPay: 2,
        perStudentPublicFunds: { primary: 2 },
      },
      {
        year: 2021,
        educationAppropriation: 1,
        regularFiscalRevenue: 2,
        perStudentSpending: { primary: 1 },
        staffPay: 1,
        perStudentPublicFunds: { primary: 1 },
      },
      {
        year: 2022,
        educationAppropriation: 1,
        regularFiscalRevenue: 2,
        perStudentSpending: { primary: 1 },
        staffPay: 1,
        perStudentPublicFunds: { primary: 1 },
      },
    ]);
    // The entry says "met", the budget series says missed in two years: the data win.
    expect(
      byId({ ...withoutGrowths, threeGrowths: missed }).get("veto:three_growths"),
    ).toMatchObject({
      status: "fail",
      holders: ["区财政局"],
    });
  });

  it("is all unknown without data, never a pass", () => {
    const result = readiness({ scheme: basic2012 });
    expect(result.criteria.every((c) => c.status === "unknown")).toBe(true);
    expect(result.status).toBe("unknown");
    expect(() => readiness({ scheme: basic2012, disabledEnrolmentRate: 86 })).toThrow(RangeError);
  });
});
