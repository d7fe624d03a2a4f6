import type ExcelJS from "exceljs";

/**
 * exceljs, loaded the first time a spreadsheet is read or written: it adds ~18 MB to a
 * process that may never see one (the API taking submissions in a rush, within the memory
 * budget of a small server), so no module imports it at start.
 */
export async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import("exceljs")).default;
}
