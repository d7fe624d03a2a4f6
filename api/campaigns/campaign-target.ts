import { sampleTarget } from "../../analysis/index.ts";
import type { AreaType, Campaign } from "../db/database.ts";
import { unprocessable } from "../http/errors.ts";
import { campaignMessage } from "./messages.ts";

/** Residents per area type as stored (null: not entered). */
export function areaPopulations(campaign: Campaign): Record<AreaType, number | null> {
  return {
    urban: campaign.urban_population,
    town: campaign.town_population,
    rural: campaign.rural_population,
  };
}

/**
 * The total target: the computed n (docs/weighting.md, Sample size), the bureau's override, and the
 * one in force (the larger).
 */
export function campaignTarget(campaign: Campaign): {
  computed: number;
  override: number | null;
  total: number;
} {
  const computed = sampleTarget(campaign.resident_population ?? 0, campaign.scheme).total;
  const override = campaign.target_total_override;
  return { computed, override, total: Math.max(computed, override ?? 0) };
}

/**
 * 422 `target_below_minimum` when an override is under the computed n: targets are floors,
 * the computed n is the least the inspectors accept (docs/weighting.md, Sample size).
 */
export function checkTargetOverride(
  residents: number | null,
  scheme: Campaign["scheme"],
  override: number | null | undefined,
): void {
  const computed = sampleTarget(residents ?? 0, scheme).total;
  if (override != null && override < computed) {
    throw unprocessable(
      "target_below_minimum",
      campaignMessage("targetBelowMinimum", { computed, override }),
      { field: "targetOverride" },
    );
  }
}
