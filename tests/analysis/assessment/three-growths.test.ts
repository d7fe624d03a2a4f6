/** "Three growths" per year and per condition, and the "missed in two of three years" veto. */
import { describe, expect, it } from "vitest";
import { type BudgetYear, threeGrowths } from "../../../analysis/assessment/index.ts";

/** A year where everything grows by 10 % from the year before and revenue by 5 %. */
function growingSeries(first: number, last: number): BudgetYear[] {
  const years: BudgetYear[] = [];
  for (let year = first, f = 1; year <= last; year++, f *= 1.1) {
    years.push({
      year,
      educationAppropriation: 1000 * f,
      regularFiscalRevenue: 10000 * 1.05 ** (year - first),
      perStudentSpending: { primary: 8000 * f, junior: 10000 * f },
      staffPay: 90000 * f,
      perStudentPublicFunds: { primary: 700 * f, junior: 900 * f },
    });
  }
  return years;
}

function change(series: BudgetYear[], year: number, patch: Partial<BudgetYear>): BudgetYear[] {
  return series.map((y) => (y.year === year ? { ...y, ...patch } : y));
}

describe("threeGrowths", () => {
  const base = growingSeries(2019, 2022);

  it("passes when every condition grows in each of the last three years", () => {
    const result = threeGrowths(base);
    expect(result.years.map((y) => y.year)).toEqual([2020, 2021, 2022]);
    expect(result.years.every((y) => y.status === "pass")).toBe(true);
    expect(result.status).toBe("pass");
  });

  it("misses a year when appropriation grows, but slower than revenue", () => {
    // 2021: appropriation +4 % against revenue +5 %.
    const prior = base.find((y) => y.year === 2020)?.educationAppropriation ?? 0;
    const series = change(base, 2021, { educationAppropriation: prior * 1.04 });
    const result = threeGrowths(series);
    const y2021 = result.years.find((y) => y.year === 2021);
    expect(y2021?.conditions).toEqual({
      appropriation: "fail",
      perStudentSpending: "pass",
      payAndPublicFunds: "pass",
    });
    expect(result.missedYears).toEqual([2021]);
    expect(result.status).toBe("pass"); // one year of three is allowed
  });

  it("is a veto when missed in two of three years", () => {
    let series = change(base, 2020, { staffPay: 1 });
    series = change(series, 2022, {
      perStudentSpending: { primary: 1, junior: 99999 },
    });
    const result = threeGrowths(series);
    expect(result.missedYears).toEqual([2020, 2022]);
    expect(result.years[0]?.conditions.payAndPublicFunds).toBe("fail");
    // 2021 grows from the low 2020 pay again, so only 2020 and 2022 are missed.
    expect(result.years[2]?.conditions.perStudentSpending).toBe("fail");
    expect(result.status).toBe("fail");
  });

  it("treats no growth (equal to last year) as missed", () => {
    const previous = base.find((y) => y.year === 2021);
    const series = change(base, 2022, { staffPay: previous?.staffPay ?? 0 });
    expect(threeGrowths(series).years[2]?.conditions.payAndPublicFunds).toBe("fail");
  });

  it("is unknown while missing figures could still make two missed years", () => {
    const series = change(change(base, 2021, { staffPay: null }), 2022, {
      perStudentSpending: { primary: 1, junior: 1 },
    });
    const result = threeGrowths(series);
    // 2022's pay cannot be compared with 2021's missing one, but its spending fell: missed.
    expect(result.years[2]?.conditions.payAndPublicFunds).toBe("unknown");
    expect(result.unknownYears).toEqual([2021]);
    expect(result.missedYears).toEqual([2022]);
    expect(result.status).toBe("unknown");
  });

  it("needs the year before the first assessed year", () => {
    const result = threeGrowths(base.filter((y) => y.year >= 2020));
    expect(result.years.map((y) => y.year)).toEqual([2020, 2021, 2022]);
    expect(result.years[0]?.status).toBe("unknown");
    expect(result.status).toBe("pass"); // one unknown year cannot make two missed
    expect(threeGrowths([]).status).toBe("unknown");
  });

  it("assesses the years asked for", () => {
    const series = change(change(base, 2020, { staffPay: 1 }), 2022, { staffPay: 1 });
    // Two years of a window of three: one missed, the absent third could be the second.
    expect(threeGrowths(series, { window: 3, maxMissedYears: 1 }, [2021, 2022]).status).toBe(
      "unknown",
    );
    expect(threeGrowths(series, { window: 2, maxMissedYears: 0 }, [2020, 2021]).status).toBe(
      "fail",
    );
  });

  it("cannot compare growth rates from a base of 0", () => {
    const series = change(base, 2021, { regularFiscalRevenue: 0 });
    const result = threeGrowths(series);
    expect(result.years[1]?.conditions.appropriation).toBe("pass"); // revenue fell to 0
    expect(result.years[2]?.conditions.appropriation).toBe("unknown"); // growth from 0
  });
});
