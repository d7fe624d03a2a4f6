import type { RowError } from "../../api/schools/types.ts";
import { type Column, dataTable } from "./data-table.ts";
import type { Html } from "./html.ts";
import { t } from "./i18n.ts";

/** What the staff pages upload: a CSV or XLSX file, refused when bigger than the server takes. */
export const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** The servers' limit for school lists and school figures: refuse a larger file before sending. */
export const maxSpreadsheetBytes = 2 * 1024 * 1024;

/** The Content-Type to upload a chosen file with, or null for a file that is neither. */
export function spreadsheetType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith(".xlsx") || file.type === xlsxType) return xlsxType;
  if (name.endsWith(".csv") || file.type === "text/csv") return "text/csv; charset=utf-8";
  return null;
}

/** An import refused row by row (the 422's details). */
export function isRowErrors(details: unknown): details is RowError[] {
  return (
    Array.isArray(details) &&
    details.every((d) => typeof d === "object" && d !== null && "line" in d && "message" in d)
  );
}

/** The refused rows as a table: line, column, reason. */
export function rowErrorTable(id: string, caption: string, errors: readonly RowError[]): Html {
  const columns: Column<RowError>[] = [
    { label: t("import.line"), numeric: true, cell: (e) => e.line },
    { label: t("import.column"), cell: (e) => e.column ?? "—" },
    { label: t("import.reason"), cell: (e) => e.message },
  ];
  return dataTable(columns, errors, { id, caption, compact: true });
}
