import { ApiError, assessmentApi } from "../api-client.ts";
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

/** The school figures import: templates, a file, the outcome (all rows or none). */
export function figuresPanel(): Html {
  return html`<h3 id="figures-title">${t("readiness.figures.title")}</h3>
    <p class="jh-hint">${t("readiness.figures.explain")}</p>
    <p class="jh-actions">
      <a class="jh-button" href="${assessmentApi.indicatorTemplateXlsx}" download
        >${t("readiness.figures.templateXlsx")}</a
      >
      <a class="jh-button" href="${assessmentApi.indicatorTemplateCsv}" download
        >${t("readiness.figures.templateCsv")}</a
      >
    </p>
    <form id="figures-form" class="jh-form jh-form--inline" novalidate>
      <div class="jh-field">
        <label for="figures-file">${t("readiness.figures.file")}</label>
        <input id="figures-file" type="file" accept=".csv,.xlsx,text/csv,${xlsxType}" required />
      </div>
      <button type="submit" class="jh-button jh-button--primary">
        ${t("readiness.figures.submit")}
      </button>
    </form>
    <div id="figures-result" aria-live="polite"></div>`;
}

/** Wires `figuresPanel`; `onImported` redraws the page with the new figures. */
export function wireFigures(
  root: HTMLElement,
  campaignId: number,
  onImported: (message: string) => void,
): void {
  const form = $<HTMLFormElement>(root, "#figures-form");
  const input = $<HTMLInputElement>(form, "#figures-file");
  const say = (content: Html) => render($(root, "#figures-result"), content);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    const type = file ? spreadsheetType(file) : null;
    const problem = !file
      ? t("readiness.figures.needFile")
      : !type
        ? t("readiness.figures.wrongType")
        : file.size > maxSpreadsheetBytes
          ? t("readiness.figures.tooLarge")
          : null;
    if (problem || !file || !type) {
      say(html`<p class="jh-form__error" role="alert">${problem}</p>`);
      return;
    }
    const button = $<HTMLButtonElement>(form, "button[type=submit]");
    button.disabled = true;
    say(html`<p role="status">${t("readiness.figures.sending")}</p>`);
    assessmentApi.importIndicators(campaignId, file, type).then(
      (summary) => {
        button.disabled = false;
        say(
          html`<p class="jh-alert jh-alert--ok" role="status">
            ${t("readiness.figures.done", { saved: summary.saved })}
          </p>`,
        );
        onImported(t("readiness.figures.done", { saved: summary.saved }));
      },
      (error: unknown) => {
        button.disabled = false;
        const details = error instanceof ApiError ? error.details : undefined;
        say(
          html`<div class="jh-alert jh-alert--error" role="alert">
              ${
                isRowErrors(details)
                  ? t("readiness.figures.refused", { count: details.length })
                  : errorText(error)
              }
            </div>
            ${isRowErrors(details) ? rowErrorTable("figures-errors", t("readiness.figures.errorsCaption", { count: details.length }), details) : ""}`,
        );
      },
    );
  });
}
