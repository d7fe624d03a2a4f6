import type { Context } from "hono";
import { AppError } from "./errors.ts";
import { message } from "./messages.ts";
import { readBodyBytes, readTextBody } from "./read-text-body.ts";
import { XlsxError } from "./xlsx-rows.ts";

export const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const csvType = /^text\/(csv|plain)\b/i;
const xlsxType = new RegExp(`^${xlsxMediaType.replace(/\./g, "\\.")}\\b`, "i");

/** How one kind of upload is read from each format the template comes in. */
export interface SpreadsheetReaders<T> {
  csv(text: string): T;
  xlsx(bytes: Buffer): Promise<T>;
}

/**
 * Reads an uploaded table, CSV (`text/csv`) or Excel
 * (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`), with the feature's
 * readers: 415 for another type, 413 when too large, 400 `invalid_xlsx` for a body that is
 * no readable workbook.
 */
export async function readSpreadsheetUpload<T>(
  c: Context,
  maxBytes: number,
  readers: SpreadsheetReaders<T>,
): Promise<T> {
  const type = c.req.header("content-type") ?? "";
  if (csvType.test(type)) return readers.csv(await readTextBody(c, csvType, maxBytes));
  if (!xlsxType.test(type)) {
    throw new AppError("unsupported_media_type", message("unsupported_media_type"));
  }
  const bytes = await readBodyBytes(c, maxBytes);
  try {
    return await readers.xlsx(bytes);
  } catch (error) {
    if (!(error instanceof XlsxError)) throw error;
    throw new AppError("invalid_xlsx", message("invalid_xlsx", { detail: error.message }));
  }
}
