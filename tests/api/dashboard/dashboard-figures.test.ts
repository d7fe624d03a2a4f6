import { describe, expect, it } from "vitest";
import { elapsedShare, hourlySeries, isLagging } from "../../../api/dashboard/dashboard-figures.ts";

const at = (iso: string) => new Date(iso);

describe("the dashboard's small rules", () => {
  it("measures the share of the campaign window elapsed, clamped to 0–1", () => {
    const opens = at("2026-03-01T00:00:00Z");
    const closes = at("2026-03-11T00:00:00Z");
    expect(elapsedShare(opens, closes, at("2026-03-03T12:00:00Z"))).toBe(0.25);
    expect(elapsedShare(opens, closes, at("2026-02-01T00:00:00Z"))).toBe(0);
    expect(elapsedShare(opens, closes, at("2026-04-01T00:00:00Z"))).toBe(1);
  });

  it("flags a school below half its pro-rata target, once a response is due", () => {
    // Target 100, half the window gone: ⌊0.5 × 100 × 0.5⌋ = 25 parents expected by now.
    expect(isLagging(24, 100, 0.5)).toBe(true);
    expect(isLagging(25, 100, 0.5)).toBe(false);
    // Early on nothing is due yet (⌊0.5 × 100 × 0.01⌋ = 0): nobody lags at the start.
    expect(isLagging(0, 100, 0.01)).toBe(false);
    expect(isLagging(0, 100, 0.02)).toBe(true);
    // No target, no lag.
    expect(isLagging(0, 0, 1)).toBe(false);
  });

  it("lists every UTC hour from the opening to now with zeros between", () => {
    const series = hourlySeries(
      [
        { hour: at("2026-03-01T02:00:00Z"), responses: 4 },
        { hour: at("2026-03-01T05:00:00Z"), responses: 9 },
      ],
      at("2026-03-01T00:30:00Z"),
      at("2026-03-10T00:00:00Z"),
      at("2026-03-01T06:10:00Z"),
    );
    expect(series).toEqual([
      { hour: "2026-03-01T00:00:00.000Z", responses: 0 },
      { hour: "2026-03-01T01:00:00.000Z", responses: 0 },
      { hour: "2026-03-01T02:00:00.000Z", responses: 4 },
      { hour: "2026-03-01T03:00:00.000Z", responses: 0 },
      { hour: "2026-03-01T04:00:00.000Z", responses: 0 },
      { hour: "2026-03-01T05:00:00.000Z", responses: 9 },
      { hour: "2026-03-01T06:00:00.000Z", responses: 0 },
    ]);
  });

  it("stops at the closing hour, is empty before opening, and lists only data hours for a long window", () => {
    const closed = hourlySeries(
      [],
      at("2026-03-01T00:00:00Z"),
      at("2026-03-01T03:00:00Z"),
      at("2026-03-05T00:00:00Z"),
    );
    expect(closed.map((h) => h.hour)).toEqual([
      "2026-03-01T00:00:00.000Z",
      "2026-03-01T01:00:00.000Z",
      "2026-03-01T02:00:00.000Z",
    ]);
    expect(
      hourlySeries(
        [],
        at("2026-03-02T00:00:00Z"),
        at("2026-03-09T00:00:00Z"),
        at("2026-03-01T00:00:00Z"),
      ),
    ).toEqual([]);
    const year = hourlySeries(
      [{ hour: at("2026-06-01T08:00:00Z"), responses: 3 }],
      at("2026-01-01T00:00:00Z"),
      at("2027-01-01T00:00:00Z"),
      at("2026-12-01T00:00:00Z"),
    );
    expect(year).toEqual([{ hour: "2026-06-01T08:00:00.000Z", responses: 3 }]);
  });
});
