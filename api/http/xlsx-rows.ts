import { inflateRawSync } from "node:zlib";
import type ExcelJS from "exceljs";
import type { CsvRow } from "./csv.ts";
import { loadExcelJs } from "./exceljs.ts";

/** The body is not a readable .xlsx workbook; `detail` says why, in English. */
export class XlsxError extends Error {
  override name = "XlsxError";
}

/** Most a workbook may unpack to: a school list is kilobytes; this only stops ZIP bombs. */
const maxUnpackedBytes = 64 * 1024 * 1024;

/**
 * Walks the ZIP's central directory and inflates every entry under a shared
 * byte budget, so a small upload cannot unpack to gigabytes inside the
 * spreadsheet reader (which trusts the sizes the archive declares).
 */
export function checkZipBounds(bytes: Buffer, budget = maxUnpackedBytes): void {
  const minEnd = Math.max(0, bytes.length - 0xffff - 22);
  let end = -1;
  for (let i = bytes.length - 22; i >= minEnd; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new XlsxError("not a ZIP archive");
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let left = budget;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50)
      throw new XlsxError("broken ZIP directory");
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50)
      throw new XlsxError("broken ZIP entry");
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + compressed > bytes.length) throw new XlsxError("truncated ZIP entry");
    const data = bytes.subarray(start, start + compressed);
    let size: number;
    if (method === 0) size = data.length;
    else if (method === 8) {
      try {
        size = inflateRawSync(data, { maxOutputLength: Math.max(1, left) }).length;
      } catch {
        throw new XlsxError("a ZIP entry is corrupt or unpacks too large");
      }
    } else throw new XlsxError(`unsupported ZIP compression method ${method}`);
    left -= size;
    if (left < 0) throw new XlsxError("the workbook unpacks too large");
    at += 46 + nameLength + extraLength + commentLength;
  }
}

const dateText = (d: Date) => d.toISOString().slice(0, 10);

/** A number as Excel shows it for the formats that matter here: "000" pads codes with zeros. */
function numberText(value: number, numFmt: string | undefined): string {
  const zeros = /^0+$/.exec(numFmt ?? "");
  if (zeros && Number.isInteger(value) && value >= 0) {
    return String(value).padStart(zeros[0].length, "0");
  }
  return String(value);
}

/** A cell's value as the text a person sees: rich text joined, a formula's result, a link's text. */
export function cellText(value: ExcelJS.CellValue | undefined, numFmt?: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return numberText(value, numFmt);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("error" in value) return value.error;
  if ("formula" in value || "sharedFormula" in value) {
    return cellText(value.result as ExcelJS.CellValue | undefined, numFmt);
  }
  if ("hyperlink" in value) return cellText(value.text as ExcelJS.CellValue, numFmt);
  return "";
}

/**
 * The first worksheet's non-empty rows as trimmed text, each with its row
 * number. Rows are padded to the header's width; a row with values right of
 * the header keeps them, so the validator reports its column count.
 */
export async function readXlsxRows(bytes: Buffer): Promise<CsvRow[]> {
  checkZipBounds(bytes);
  const rows: CsvRow[] = [];
  try {
    const workbook = new (await loadExcelJs()).Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new XlsxError("the workbook has no worksheet");
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const fields: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        fields[column - 1] = cellText(cell.value, cell.numFmt).trim();
      });
      let width = fields.length;
      while (width > 0 && !fields[width - 1]) width -= 1;
      if (width > 0)
        rows.push({ line, fields: Array.from({ length: width }, (_, i) => fields[i] ?? "") });
    });
  } catch (error) {
    // The reader throws plain errors for malformed parts: all of them mean "not a workbook".
    if (error instanceof XlsxError) throw error;
    throw new XlsxError(error instanceof Error ? error.message.slice(0, 200) : "unreadable");
  }
  const headerWidth = rows[0]?.fields.length ?? 0;
  for (const row of rows) {
    while (row.fields.length < headerWidth) row.fields.push("");
  }
  return rows;
}
