import { describe, expect, it } from "vitest";
import { parseCampaignDate } from "../../../api/campaigns/campaign-dates.ts";
import { AppError } from "../../../api/http/errors.ts";

function refusal(value: string): unknown {
  try {
    parseCampaignDate(value, "opensAt");
  } catch (error) {
    return error instanceof AppError ? { code: error.code, details: error.details } : error;
  }
  return undefined;
}

describe("a campaign's dates", () => {
  it("read Beijing time when no offset is given, and honour a given one", () => {
    expect(parseCampaignDate("2027-03-01T08:00", "opensAt").toISOString()).toBe(
      "2027-03-01T00:00:00.000Z",
    );
    expect(parseCampaignDate("2027-03-01 08:30:15", "opensAt").toISOString()).toBe(
      "2027-03-01T00:30:15.000Z",
    );
    expect(parseCampaignDate("2027-03-01T08:00:00.250Z", "opensAt").toISOString()).toBe(
      "2027-03-01T08:00:00.250Z",
    );
    expect(parseCampaignDate("2027-03-01T00:00:00-05:00", "opensAt").toISOString()).toBe(
      "2027-03-01T05:00:00.000Z",
    );
    // Leap day, and the day boundary in Beijing time.
    expect(parseCampaignDate("2028-02-29T23:59", "opensAt").toISOString()).toBe(
      "2028-02-29T15:59:00.000Z",
    );
  });

  it("refuse what is not a date, naming the field", () => {
    for (const bad of [
      "next week",
      "2027-02-30T08:00",
      "2027-02-29T08:00",
      "2027-13-01T08:00",
      "2027-03-01T24:00",
      "2027-03-01",
      "",
    ]) {
      expect(refusal(bad), bad).toEqual({ code: "invalid_date", details: { field: "opensAt" } });
    }
  });
});
