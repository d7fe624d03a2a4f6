import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { sheetDifferences } from "./paper-entry.ts";
import { type StoredEntry, findSheetEntries, listLinkEntries } from "./repository.ts";
import type { PaperSheetDetail, PaperSheetList, PaperSheetView } from "./types.ts";

function sheetView(sheet: string, entries: readonly StoredEntry[]): PaperSheetView {
  const responseId = entries.find((e) => e.responseId !== null)?.responseId ?? null;
  return {
    sheet,
    state: responseId ? "entered" : entries.length >= 2 ? "differing" : "waiting",
    entries: entries.map((e) => ({
      entryNumber: e.entryNumber,
      enteredBy: e.enteredBy,
      enteredAt: e.enteredAt.toISOString(),
    })),
    responseId,
  };
}

/** A link's sheets as typed so far, by sheet number; no answers (they stay on the sheet's page). */
export async function paperSheetList(
  db: Kysely<Database>,
  channelId: number,
): Promise<PaperSheetList> {
  const bySheet = new Map<string, StoredEntry[]>();
  for (const entry of await listLinkEntries(db, channelId)) {
    const list = bySheet.get(entry.sheet) ?? [];
    list.push(entry);
    bySheet.set(entry.sheet, list);
  }
  return { sheets: [...bySheet].map(([sheet, entries]) => sheetView(sheet, entries)) };
}

/**
 * One sheet's entries. The answers are shown only where two entries differ, for someone to
 * resolve: a second person typing a sheet must not see what the first one typed.
 */
export async function paperSheetDetail(
  db: Kysely<Database>,
  channelId: number,
  sheet: string,
): Promise<PaperSheetDetail | undefined> {
  const entries = await findSheetEntries(db, channelId, sheet);
  if (entries.length === 0) return undefined;
  const view = sheetView(sheet, entries);
  return { ...view, differences: view.state === "differing" ? sheetDifferences(entries) : [] };
}
