import { type KeyValueStore, isRecord, readJson } from "./safe-storage.ts";

/** What the server acknowledged: kept so a later visit (and a tester) can tell which sheet it was. */
export interface CompletionReceipt {
  responseId: string;
  receivedAt: string | null;
}

const keyOf = (campaignId: number) => `junheng:done:${campaignId}`;

/**
 * "This phone has already answered this campaign": a soft guard that lets the
 * page say so politely. It is per campaign, so any link of the campaign sees
 * it; the server still accepts a new submission (a shared phone is legitimate).
 */
export function markCompleted(
  store: KeyValueStore,
  campaignId: number,
  receipt: CompletionReceipt,
): void {
  store.setItem(keyOf(campaignId), JSON.stringify(receipt));
}

export function readCompletion(
  store: KeyValueStore,
  campaignId: number,
): CompletionReceipt | undefined {
  const value = readJson(store, keyOf(campaignId));
  if (!isRecord(value) || typeof value.responseId !== "string") return undefined;
  const receivedAt = typeof value.receivedAt === "string" ? value.receivedAt : null;
  return { responseId: value.responseId, receivedAt };
}
