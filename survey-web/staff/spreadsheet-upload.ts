import type { RowError } from "../../api/schools/types.ts";
import { type Html, html } from "./html.ts";
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
  return html`<div class="jh-table-wrap" tabindex="0" role="region" aria-labelledby="${id}-caption">
    <table class="jh-table jh-table--compact" id="${id}">
      <caption id="${id}-caption">
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col" class="jh-num">${t("import.line")}</th>
          <th scope="col">${t("import.column")}</th>
          <th scope="col">${t("import.reason")}</th>
        </tr>
      </thead>
      <tbody>
        ${errors.map(
          (e) =>
            html`<tr>
              <td class="jh-num">${e.line}</td>
              <td>${e.column ?? "—"}</td>
              <td>${e.message}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
