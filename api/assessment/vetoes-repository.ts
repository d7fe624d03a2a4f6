import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

export type VetoStatus = "met" | "not_met" | "unknown";

export interface VetoEntryRow {
  itemId: string;
  status: VetoStatus;
  note: string;
  /** null: the scheme's departments for the item. */
  departments: string[] | null;
  /** "YYYY-MM-DD" or null. */
  dueDate: string | null;
  /** Figures entered for an item checked by figures; {} for the others. */
  figures: Record<string, number | null>;
  updatedBy: string;
  updatedAt: Date;
}

export interface EvidenceFileMeta {
  id: number;
  itemId: string;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: Date;
}

const entryColumns = [
  "item_id",
  "status",
  "note",
  "departments",
  sql<string | null>`to_char(due_date, 'YYYY-MM-DD')`.as("due"),
  "figures",
  "updated_by",
  "updated_at",
] as const;

function toEntry(r: {
  item_id: string;
  status: VetoStatus;
  note: string;
  departments: string[] | null;
  due: string | null;
  figures: Record<string, number | null>;
  updated_by: string;
  updated_at: Date;
}): VetoEntryRow {
  return {
    itemId: r.item_id,
    status: r.status,
    note: r.note,
    departments: r.departments,
    dueDate: r.due,
    figures: r.figures,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

export async function listVetoEntries(
  db: Kysely<Database>,
  campaignId: number,
): Promise<VetoEntryRow[]> {
  const rows = await db
    .selectFrom("veto_entry")
    .select(entryColumns)
    .where("campaign_id", "=", campaignId)
    .orderBy("item_id")
    .execute();
  return rows.map(toEntry);
}

export async function findVetoEntry(
  db: Kysely<Database>,
  campaignId: number,
  itemId: string,
): Promise<VetoEntryRow | undefined> {
  const row = await db
    .selectFrom("veto_entry")
    .select(entryColumns)
    .where("campaign_id", "=", campaignId)
    .where("item_id", "=", itemId)
    .executeTakeFirst();
  return row && toEntry(row);
}

export interface VetoEntryChange {
  status: VetoStatus;
  note: string;
  departments: string[] | null;
  dueDate: string | null;
  /** Absent: none. */
  figures?: Record<string, number | null>;
  updatedBy: string;
}

/** Sets an item's entry whole (insert or replace). */
export async function saveVetoEntry(
  db: Kysely<Database>,
  campaignId: number,
  itemId: string,
  change: VetoEntryChange,
): Promise<void> {
  const values = {
    status: change.status,
    note: change.note,
    departments: change.departments,
    due_date: change.dueDate,
    figures: JSON.stringify(change.figures ?? {}),
    updated_by: change.updatedBy,
    updated_at: new Date(),
  };
  await db
    .insertInto("veto_entry")
    .values({ campaign_id: campaignId, item_id: itemId, ...values })
    .onConflict((oc) => oc.columns(["campaign_id", "item_id"]).doUpdateSet(values))
    .execute();
}

/** Makes sure an item has an entry (status unknown) so a file can hang on it. */
export async function ensureVetoEntry(
  db: Kysely<Database>,
  campaignId: number,
  itemId: string,
  updatedBy: string,
): Promise<void> {
  await db
    .insertInto("veto_entry")
    .values({ campaign_id: campaignId, item_id: itemId, status: "unknown", updated_by: updatedBy })
    .onConflict((oc) => oc.columns(["campaign_id", "item_id"]).doNothing())
    .execute();
}

export interface NewEvidenceFile {
  fileName: string;
  mediaType: string;
  content: Uint8Array;
  uploadedBy: string;
}

export async function insertEvidenceFile(
  db: Kysely<Database>,
  campaignId: number,
  itemId: string,
  file: NewEvidenceFile,
): Promise<number> {
  const row = await db
    .insertInto("evidence_file")
    .values({
      campaign_id: campaignId,
      item_id: itemId,
      file_name: file.fileName,
      media_type: file.mediaType,
      size: file.content.byteLength,
      content: file.content,
      uploaded_by: file.uploadedBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const metaColumns = [
  "id",
  "item_id",
  "file_name",
  "media_type",
  "size",
  "uploaded_by",
  "uploaded_at",
] as const;

function toMeta(r: {
  id: number;
  item_id: string;
  file_name: string;
  media_type: string;
  size: number;
  uploaded_by: string;
  uploaded_at: Date;
}): EvidenceFileMeta {
  return {
    id: r.id,
    itemId: r.item_id,
    fileName: r.file_name,
    mediaType: r.media_type,
    size: r.size,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
  };
}

/** The files of one item, or of every item when `itemId` is null; never their content. */
export async function listEvidenceFiles(
  db: Kysely<Database>,
  campaignId: number,
  itemId: string | null,
): Promise<EvidenceFileMeta[]> {
  let query = db
    .selectFrom("evidence_file")
    .select(metaColumns)
    .where("campaign_id", "=", campaignId);
  if (itemId !== null) query = query.where("item_id", "=", itemId);
  const rows = await query.orderBy("id").execute();
  return rows.map(toMeta);
}

export async function findEvidenceFile(
  db: Kysely<Database>,
  campaignId: number,
  itemId: string,
  fileId: number,
): Promise<(EvidenceFileMeta & { content: Uint8Array }) | undefined> {
  const row = await db
    .selectFrom("evidence_file")
    .select([...metaColumns, "content"])
    .where("campaign_id", "=", campaignId)
    .where("item_id", "=", itemId)
    .where("id", "=", fileId)
    .executeTakeFirst();
  return row && { ...toMeta(row), content: row.content };
}
