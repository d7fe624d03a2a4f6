import type { CampaignView } from "../../api/campaigns/types.ts";
import { api } from "./api-client.ts";

/**
 * The district's campaigns as the header and pages last saw them. Loaded once per sign-in;
 * a page that changes a campaign says so here, and the header's switcher redraws.
 */
let cached: CampaignView[] | null = null;
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

export async function loadCampaigns(): Promise<CampaignView[]> {
  cached ??= await api.campaigns();
  return cached;
}

/** The list as loaded, or null before the first load. */
export function cachedCampaigns(): readonly CampaignView[] | null {
  return cached;
}

/** After signing out, or when a campaign was created, copied or deleted: load afresh next time. */
export function forgetCampaigns(): void {
  cached = null;
}

/** Loads the list again now (response counts, another person's changes) and tells the header. */
export async function reloadCampaigns(): Promise<CampaignView[]> {
  cached = await api.campaigns();
  changed();
  return cached;
}

/**
 * One campaign as an action or a save answered it. Those answers carry no response count
 * (the key is left out), so the listed one stays.
 */
export function campaignUpdated(updated: CampaignView): void {
  if (!cached) return;
  cached = cached.map((c) => (c.id === updated.id ? { ...c, ...updated } : c));
  changed();
}

export function onCampaignsChanged(listener: () => void): void {
  listeners.add(listener);
}
