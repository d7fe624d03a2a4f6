import type { TextKey } from "../i18n.ts";

/**
 * A word for the next page: "created", "copied". The overview shows it once, for the campaign
 * it was meant for; a reload or any other page forgets it.
 */
let pending: { campaignId: number; key: TextKey } | null = null;

export function announce(campaignId: number, key: TextKey): void {
  pending = { campaignId, key };
}

export function takeNotice(campaignId: number): TextKey | null {
  const notice = pending?.campaignId === campaignId ? pending.key : null;
  pending = null;
  return notice;
}
