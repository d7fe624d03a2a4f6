import type { Context } from "hono";
import { AppError } from "./errors.ts";
import { message } from "./messages.ts";
import { staffApiMessage } from "./staff-api-messages.ts";
import { readBodyBytes, readTextBody } from "./read-text-body.ts";
import { type SchoolImport, importSchoolsCsv } from "../schools/school-import.ts";
import { XlsxError, importSchoolsXlsx } from "../schools/school-import-xlsx.ts";

export const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const csvType = /^text\/(csv|plain)\b/i;
const xlsxType = new RegExp(`^${xlsxMediaType.replace(/\./g, "\\.")}\\b`, "i");

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
  const bytes = await readBodyBytes(c, maxBytes);
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
