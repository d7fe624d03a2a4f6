import type { Kysely } from "kysely";
import { type Scheme, figureErrors } from "../../analysis/assessment/index.ts";
import type { Campaign, Database } from "../db/database.ts";
import { AppError, notFound } from "../http/errors.ts";
import { type SchemeItem, checkedItem, schemeItems } from "./assessment-items.ts";
import { storedCampaignScheme } from "./assessment-scheme.ts";
import { evidenceFileType, evidenceMediaTypes } from "./evidence-file-type.ts";
import { assessmentMessage } from "./messages.ts";
import {
  type EvidenceFileMeta,
  ensureVetoEntry,
  findEvidenceFile,
  findVetoEntry,
  insertEvidenceFile,
  listEvidenceFiles,
  listVetoEntries,
} from "./vetoes-repository.ts";

function itemView(item: SchemeItem) {
  return {
    itemId: item.itemId,
    area: item.area,
    label: item.label,
    evaluation: item.evaluation,
    basis: item.basis,
    figures: item.figures,
    schemeDepartments: item.departments,
  };
}

/**
 * Every item of the campaign's scheme that takes an entry (application conditions, guarantee and
 * quality items, vetoes) with its stored entry and its files.
 */
export async function vetoChecklist(db: Kysely<Database>, campaign: Campaign) {
  const scheme = await storedCampaignScheme(db, campaign);
  const [entries, files] = await Promise.all([
    listVetoEntries(db, campaign.id),
    listEvidenceFiles(db, campaign.id, null),
  ]);
  return {
    items: schemeItems(scheme).map((item) => ({
      ...itemView(item),
      entry: entries.find((e) => e.itemId === item.itemId) ?? null,
      files: files.filter((f) => f.itemId === item.itemId),
    })),
  };
}

/** The campaign's scheme, once it is known to have the item: 404 `not_found` otherwise. */
export async function vetoItemScheme(
  db: Kysely<Database>,
  campaign: Campaign,
  itemId: string,
): Promise<Scheme> {
  const scheme = await storedCampaignScheme(db, campaign);
  if (!schemeItems(scheme).some((i) => i.itemId === itemId)) {
    throw new AppError("not_found", assessmentMessage("unknownVetoItem"));
  }
  return scheme;
}

/** One item as the staff page shows it: the scheme's words, the stored entry, the files. */
export async function vetoItemView(
  db: Kysely<Database>,
  campaign: Campaign,
  scheme: Scheme,
  itemId: string,
) {
  const item = schemeItems(scheme).find((i) => i.itemId === itemId);
  if (!item) throw new AppError("not_found", assessmentMessage("unknownVetoItem"));
  const entry = await findVetoEntry(db, campaign.id, itemId);
  return {
    ...itemView(item),
    entry: entry ?? null,
    files: await listEvidenceFiles(db, campaign.id, itemId),
  };
}

/**
 * Figures about to be stored with an item's entry: 422 `invalid_figures` naming every figure the
 * item does not check and every value out of its range (shares 0–200 %, levels 1–4).
 */
export function checkItemFigures(
  scheme: Scheme,
  itemId: string,
  figures: Record<string, number | null>,
): void {
  const item = checkedItem(scheme, itemId);
  const errors = item
    ? figureErrors(item, figures)
    : Object.keys(figures).map((figureId) => ({ figureId, code: "unknown_figure" as const }));
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.figureId}: ${e.code}`).join(", ");
    throw new AppError("invalid_figures", assessmentMessage("figures", { detail }), errors);
  }
}

export interface EvidenceUpload {
  fileName: string;
  bytes: Uint8Array;
  uploadedBy: string;
  /** Writes the audit entry inside the upload's transaction. */
  audit: (trx: Kysely<Database>, details: Record<string, unknown>) => Promise<void>;
}

/**
 * Stores an evidence file, its type judged by its bytes: 400 `empty_file`, 415
 * `unsupported_media_type` for anything but PDF, JPEG, PNG, XLSX or DOCX. The item gets an
 * entry ("unknown") if it had none, so the file is listed with it.
 */
export async function storeEvidenceFile(
  db: Kysely<Database>,
  campaignId: number,
  itemId: string,
  upload: EvidenceUpload,
): Promise<EvidenceFileMeta | undefined> {
  const { bytes, fileName, uploadedBy } = upload;
  if (bytes.length === 0) throw new AppError("empty_file", assessmentMessage("emptyFile"));
  const mediaType = evidenceFileType(bytes);
  if (mediaType === null) {
    throw new AppError("unsupported_media_type", assessmentMessage("fileType"));
  }
  const id = await db.transaction().execute(async (trx) => {
    await ensureVetoEntry(trx, campaignId, itemId, uploadedBy);
    const fileId = await insertEvidenceFile(trx, campaignId, itemId, {
      fileName,
      mediaType,
      content: bytes,
      uploadedBy,
    });
    await upload.audit(trx, { fileId, fileName, mediaType, size: bytes.length });
    return fileId;
  });
  const files = await listEvidenceFiles(db, campaignId, itemId);
  return files.find((f) => f.id === id);
}

/** A stored evidence file with an ASCII download name: 404 for a malformed or unknown id. */
export async function evidenceDownload(
  db: Kysely<Database>,
  campaignId: number,
  itemId: string,
  fileIdParam: string | undefined,
) {
  const fileId = Number(fileIdParam);
  const file =
    Number.isSafeInteger(fileId) && fileId > 0
      ? await findEvidenceFile(db, campaignId, itemId, fileId)
      : undefined;
  if (!file) throw notFound();
  const extension =
    Object.entries(evidenceMediaTypes).find(([, type]) => type === file.mediaType)?.[0] ?? "bin";
  return { file, asciiName: `evidence-${file.id}.${extension}` };
}
