import { describe, expect, it } from "vitest";
import { sampleTarget } from "../../analysis/index.ts";

describe("sampleTarget (docs/weighting.md, Sample size)", () => {
  it("a district of 1.07 M residents needs 1 605 responses, ≥ 803 of them parents", () => {
    expect(sampleTarget(1_070_000, "basic_2012")).toEqual({ total: 1605, parentsAtLeast: 803 });
    expect(sampleTarget(1_070_000, "quality_2017")).toEqual({ total: 1605, parentsAtLeast: 803 });
  });

  it("basic_2012 never asks for fewer than 600; quality_2017 has no floor", () => {
    expect(sampleTarget(200_000, "basic_2012")).toEqual({ total: 600, parentsAtLeast: 300 });
    expect(sampleTarget(200_000, "quality_2017")).toEqual({ total: 300, parentsAtLeast: 150 });
  });

  it("rounds up, never down", () => {
    expect(sampleTarget(400_001, "basic_2012").total).toBe(601);
    expect(sampleTarget(1, "quality_2017").total).toBe(1);
  });

  it("refuses a negative or non-numeric population", () => {
    expect(() => sampleTarget(-1, "basic_2012")).toThrow(RangeError);
    expect(() => sampleTarget(Number.NaN, "basic_2012")).toThrow(RangeError);
  });
});
