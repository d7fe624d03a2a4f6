import type { Context } from "hono";
import { AppError } from "../errors.ts";
import { message } from "../locales/messages.ts";
import { staffApiMessage } from "../locales/staff-api-message.ts";
import { readTextBody } from "../read-text-body.ts";
import { type SchoolImport, importSchoolsCsv } from "./school-import.ts";
import { XlsxError, importSchoolsXlsx } from "./school-import-xlsx.ts";

export const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const csvType = /^text\/(csv|plain)\b/i;
const xlsxType = new RegExp(`^${xlsxMediaType.replace(/\./g, "\\.")}\\b`, "i");

/** The body's bytes under a limit, checked while streaming (a lying Content-Length cannot help). */
async function readBytes(c: Context, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new AppError(413, "payload_too_large", message("payload_too_large", { limit: maxBytes }));
  const declared = Number(c.req.header("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const reader = c.req.raw.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/**
 * Reads an uploaded school list, CSV (`text/csv`) or Excel
 * (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`), and
 * checks it row by row: 415 for another type, 413 when too large, 400
 * `invalid_xlsx` for a body that is no readable workbook.
 */
export async function readSchoolUpload(c: Context, maxBytes: number): Promise<SchoolImport> {
  const type = c.req.header("content-type") ?? "";
  if (csvType.test(type)) return importSchoolsCsv(await readTextBody(c, csvType, maxBytes));
  if (!xlsxType.test(type)) {
    throw new AppError(415, "unsupported_media_type", message("unsupported_media_type"));
  }
  const bytes = await readBytes(c, maxBytes);
  try {
    return await importSchoolsXlsx(bytes);
  } catch (error) {
    if (!(error instanceof XlsxError)) throw error;
    throw new AppError(
      400,
      "invalid_xlsx",
      staffApiMessage("invalidXlsx", { detail: error.message }),
    );
  }
}
