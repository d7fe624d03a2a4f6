/**
 * The government work score: 17 indicators, 100 points, pass ≥ 85 (docs/assessment.md, Government
 * work score).
 */
import { describe, expect, it } from "vitest";
import {
  basic2012,
  governmentScore,
  governmentScoreErrors,
} from "../../../analysis/assessment/index.ts";

const config =
  basic2012.governmentScore ??
  (() => {
    throw new Error("basic_2012 has a government score");
  })();
const ids = Object.keys(config.indicators);

/** Every indicator at `share` of its maximum. */
function scores(share: number): Record<string, number> {
  return Object.fromEntries(ids.map((id) => [id, (config.indicators[id]?.maxPoints ?? 0) * share]));
}

describe("governmentScore", () => {
  it("sums to 100 at full marks and passes at 85, fails just below", () => {
    expect(governmentScore(config, scores(1))).toMatchObject({
      total: 100,
      status: "pass",
      margin: 15,
    });
    const at85 = governmentScore(config, scores(0.85));
    expect(at85.total).toBeCloseTo(85, 10);
    expect(at85.status).toBe("pass");
    expect(governmentScore(config, scores(0.849)).status).toBe("fail");
  });

  it("is unknown while incomplete, with the points still open", () => {
    const partial = { ...scores(1), [ids[0] ?? ""]: null };
    const result = governmentScore(config, partial);
    expect(result.status).toBe("unknown");
    expect(result.missing).toEqual([ids[0]]);
    expect(result.maxPossible).toBe(100);
    expect(result.margin).toBeNull();
    expect(governmentScore(config, {})).toMatchObject({
      total: 0,
      maxPossible: 100,
      status: "unknown",
    });
  });

  it("rejects scores outside 0 … the indicator's maximum, unknown ids and NaN", () => {
    const first = ids[0] ?? "";
    const max = config.indicators[first]?.maxPoints ?? 0;
    expect(governmentScoreErrors(config, { [first]: max + 0.5 })).toEqual([
      { indicatorId: first, code: "out_of_range", maxPoints: max },
    ]);
    expect(governmentScoreErrors(config, { [first]: -1 })[0]?.code).toBe("out_of_range");
    expect(governmentScoreErrors(config, { nope: 1 })[0]?.code).toBe("unknown_indicator");
    expect(governmentScoreErrors(config, { [first]: Number.NaN })[0]?.code).toBe("not_a_number");
    expect(governmentScoreErrors(config, scores(1))).toEqual([]);
    expect(() => governmentScore(config, { [first]: max + 1 })).toThrow(RangeError);
  });
});
