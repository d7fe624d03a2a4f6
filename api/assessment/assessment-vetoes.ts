import type { Kysely } from "kysely";
import type { Scheme } from "../../analysis/assessment/index.ts";
import type { Campaign, Database } from "../db/database.ts";
import { AppError, notFound } from "../http/errors.ts";
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

/** Every veto item of the campaign's scheme with its stored entry and its files. */
export async function vetoChecklist(db: Kysely<Database>, campaign: Campaign) {
  const scheme = await storedCampaignScheme(db, campaign);
  const [entries, files] = await Promise.all([
    listVetoEntries(db, campaign.id),
    listEvidenceFiles(db, campaign.id, null),
  ]);
  return {
    items: Object.entries(scheme.vetoes).map(([itemId, item]) => ({
      itemId,
      label: item.label,
      evaluation: item.evaluation,
      schemeDepartments: item.departments,
      entry: entries.find((e) => e.itemId === itemId) ?? null,
      files: files.filter((f) => f.itemId === itemId),
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
  if (!Object.hasOwn(scheme.vetoes, itemId)) {
    throw new AppError("not_found", assessmentMessage("unknownVetoItem"));
  }
  return scheme;
}

/** One veto item as the staff page shows it: the scheme's words, the stored entry, the files. */
export async function vetoItemView(
  db: Kysely<Database>,
  campaign: Campaign,
  scheme: Scheme,
  itemId: string,
) {
  const item = scheme.vetoes[itemId];
  const entry = await findVetoEntry(db, campaign.id, itemId);
  return {
    itemId,
    label: item?.label,
    evaluation: item?.evaluation,
    schemeDepartments: item?.departments ?? [],
    entry: entry ?? null,
    files: await listEvidenceFiles(db, campaign.id, itemId),
  };
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
