import type { Kysely } from "kysely";
import { type Scheme, applySchemeOverrides, schemes } from "../../analysis/assessment/index.ts";
import type { Campaign, Database, Scheme as SchemeId } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { assessmentSettings } from "./inputs-repository.ts";
import { assessmentMessage } from "./messages.ts";

/**
 * The campaign's scheme: the built-in one its `scheme` names, with the province's overrides
 * (stored in assessment_settings) applied. Overrides are checked when saved; one that no longer
 * fits (a scheme changed under it) is a 422 here rather than a silent fallback.
 */
export function campaignScheme(id: SchemeId, overrides: Record<string, unknown> | null): Scheme {
  const base = schemes[id];
  if (overrides === null) return base;
  const result = applySchemeOverrides(base, overrides);
  if (!result.ok) throw overridesError(result.issues);
  return result.scheme;
}

/** The campaign's scheme with the overrides stored for it. */
export async function storedCampaignScheme(
  db: Kysely<Database>,
  campaign: Campaign,
): Promise<Scheme> {
  const settings = await assessmentSettings(db, campaign.id);
  return campaignScheme(campaign.scheme, settings.schemeOverrides);
}

/** Overrides about to be saved: 422 `invalid_overrides` unless they fit the built-in scheme. */
export function checkSchemeOverrides(id: SchemeId, overrides: Record<string, unknown>): void {
  const checked = applySchemeOverrides(schemes[id], overrides);
  if (!checked.ok) throw overridesError(checked.issues);
}

function overridesError(issues: readonly { path: string; message: string }[]): AppError {
  const detail = issues
    .slice(0, 5)
    .map((i) => `${i.path || "(root)"}: ${i.message}`)
    .join("; ");
  return new AppError(
    "invalid_overrides",
    assessmentMessage("schemeOverrides", { detail }),
    issues.slice(0, 20),
  );
}

/** Every resource key the scheme reads: the columns of the figures sheet. */
export function schemeResources(scheme: Scheme, standard: readonly string[]): string[] {
  const keys = new Set(standard);
  for (const indicator of Object.values(scheme.indicators)) keys.add(indicator.resource);
  for (const indicator of Object.values(scheme.schoolStandard.indicators))
    keys.add(indicator.measure.resource);
  return [...keys];
}
