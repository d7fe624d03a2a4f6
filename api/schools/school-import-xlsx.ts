import { readXlsxRows } from "../http/xlsx-rows.ts";
import { type SchoolImport, validateSchoolRows } from "./school-import.ts";

/** Reads and checks an XLSX school list; throws `XlsxError` when the body is no workbook. */
export async function importSchoolsXlsx(bytes: Buffer): Promise<SchoolImport> {
  return validateSchoolRows(await readXlsxRows(bytes));
}
