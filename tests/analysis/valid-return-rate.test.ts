import { describe, expect, it } from "vitest";
import {
  type ReturnLink,
  noCalls,
  validReturnLine,
  validReturnRates,
} from "../../analysis/index.ts";

const link = (overrides: Partial<ReturnLink>): ReturnLink => ({
  mode: "online",
  responses: 0,
  opened: 0,
  calls: noCalls,
  distributed: null,
  ...overrides,
});

describe("validReturnRates (docs/weighting.md, Valid-return rate)", () => {
  const links: ReturnLink[] = [
    // Online: 16 completed of 20 opened over two links.
    link({ mode: "online", responses: 10, opened: 12 }),
    link({ mode: "online", responses: 6, opened: 8 }),
    // Interviewer: 6 of 10.
    link({ mode: "interviewer", responses: 6, opened: 10 }),
    // Telephone: 7 completed, 3 refused, 2 no answer, 4 wrong numbers: 7 ÷ 12.
    link({
      mode: "telephone",
      responses: 7,
      calls: { completed: 7, refused: 3, noAnswer: 2, wrongNumber: 4 },
    }),
    // Paper: 9 of 10 handed out; a second link's 3 sheets have no count entered.
    link({ mode: "paper", responses: 9, distributed: 10 }),
    link({ mode: "paper", responses: 3, distributed: null }),
  ];

  it("measures each mode against its own base, wrong numbers left out", () => {
    const { byMode } = validReturnRates(links);
    expect(byMode.map((m) => [m.mode, m.links, m.returned, m.base, m.notEntered])).toEqual([
      ["online", 2, 16, 20, 0],
      ["interviewer", 1, 6, 10, 0],
      ["telephone", 1, 7, 12, 0],
      ["paper", 2, 9, 10, 1],
    ]);
    expect(byMode.map((m) => m.rate)).toEqual([0.8, 0.6, 7 / 12, 0.9]);
    expect(byMode.map((m) => m.belowLine)).toEqual([false, true, true, false]);
  });

  it("pools the modes for the overall rate: 38 of 52", () => {
    // 16 + 6 + 7 + 9 = 38 returned; 20 + 10 + 12 + 10 = 52; 73.1 % is above the line.
    const { overall } = validReturnRates(links);
    expect(overall).toEqual({ returned: 38, base: 52, rate: 38 / 52, belowLine: false });
    expect(validReturnLine).toBe(0.7);
  });

  it("caps what came back at its base, and has no rate without a base", () => {
    // A phone that blocked the visit report still completes: 5 completed of 4 opened is 100 %.
    const capped = validReturnRates([link({ responses: 5, opened: 4 })]).byMode[0];
    expect(capped).toMatchObject({ returned: 4, base: 4, rate: 1, belowLine: false });
    const none = validReturnRates([]);
    expect(none.overall).toEqual({ returned: 0, base: 0, rate: null, belowLine: null });
    expect(none.byMode.every((m) => m.links === 0 && m.rate === null)).toBe(true);
  });

  it("says a paper rate is not entered when no link has its count, and 0 handed out is no base", () => {
    const paper = validReturnRates([
      link({ mode: "paper", responses: 30, distributed: null }),
      link({ mode: "paper", responses: 0, distributed: null }),
    ]).byMode[3];
    expect(paper).toMatchObject({ links: 2, notEntered: 2, returned: 0, base: 0, rate: null });
    const zero = validReturnRates([link({ mode: "paper", responses: 0, distributed: 0 })]);
    expect(zero.byMode[3]).toMatchObject({ notEntered: 0, base: 0, rate: null, belowLine: null });
  });

  it("puts exactly 70 % on the line, not below it", () => {
    const at = validReturnRates([link({ responses: 7, opened: 10 })]).byMode[0];
    expect(at?.belowLine).toBe(false);
    const under = validReturnRates([link({ responses: 69, opened: 100 })]).byMode[0];
    expect(under?.belowLine).toBe(true);
  });

  it("refuses counts that are not whole numbers ≥ 0", () => {
    expect(() => validReturnRates([link({ responses: -1 })])).toThrow(RangeError);
    expect(() => validReturnRates([link({ mode: "paper", distributed: 2.5 })])).toThrow(RangeError);
  });
});
