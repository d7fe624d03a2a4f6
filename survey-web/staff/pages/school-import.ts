import { ApiError, api, links } from "../api-client.ts";
import type { ImportSummary } from "../../../api/schools/types.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import {
  isRowErrors,
  maxSpreadsheetBytes,
  rowErrorTable,
  spreadsheetType,
  xlsxType,
} from "../spreadsheet-upload.ts";

/** The import panel: template downloads, a file, and the outcome (all rows or none). */
export function importPanel(): Html {
  return html`<section class="jh-panel" aria-labelledby="import-title">
    <h2 id="import-title">${t("import.title")}</h2>
    <p class="jh-hint">${t("import.explain")}</p>
    <p class="jh-hint">${t("import.kinds")}</p>
    <p class="jh-actions">
      <a class="jh-button" href="${links.schoolTemplateXlsx}" download
        >${t("import.templateXlsx")}</a
      >
      <a class="jh-button" href="${links.schoolTemplateCsv}" download>${t("import.templateCsv")}</a>
    </p>
    <form id="import-form" class="jh-form jh-form--inline" novalidate>
      <div class="jh-field">
        <label for="import-file">${t("import.file")}</label>
        <input id="import-file" type="file" accept=".csv,.xlsx,text/csv,${xlsxType}" required />
      </div>
      <button type="submit" class="jh-button jh-button--primary">${t("import.submit")}</button>
    </form>
    <div id="import-result" aria-live="polite"></div>
  </section>`;
}

/** Wires the panel drawn by `importPanel`; `onImported` reloads the list. */
export function wireImport(root: HTMLElement, campaignId: number, onImported: () => void): void {
  const form = $<HTMLFormElement>(root, "#import-form");
  const input = $<HTMLInputElement>(form, "#import-file");
  const result = $(root, "#import-result");
  const say = (content: Html) => render(result, content);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (!file) {
      say(html`<p class="jh-form__error" role="alert">${t("import.needFile")}</p>`);
      input.focus();
      return;
    }
    const type = spreadsheetType(file);
    if (!type) {
      say(html`<p class="jh-form__error" role="alert">${t("import.wrongType")}</p>`);
      return;
    }
    if (file.size > maxSpreadsheetBytes) {
      say(html`<p class="jh-form__error" role="alert">${t("import.tooLarge")}</p>`);
      return;
    }
    const button = $<HTMLButtonElement>(form, "button[type=submit]");
    button.disabled = true;
    say(html`<p role="status">${t("import.sending")}</p>`);
    api.importSchools(campaignId, file, type).then(
      (summary: ImportSummary) => {
        button.disabled = false;
        say(
          html`<p class="jh-alert jh-alert--ok" role="status">
            ${t("import.done", {
              total: summary.total,
              inserted: summary.inserted,
              updated: summary.updated,
            })}
          </p>`,
        );
        form.reset();
        onImported();
      },
      (error: unknown) => {
        button.disabled = false;
        const details = error instanceof ApiError ? error.details : undefined;
        say(
          html`<div class="jh-alert jh-alert--error" role="alert">
              ${isRowErrors(details) ? t("import.refused", { count: details.length }) : errorText(error)}
            </div>
            ${isRowErrors(details) ? rowErrorTable("import-errors", t("import.errorsCaption", { count: details.length }), details) : ""}`,
        );
      },
    );
  });
}
