import { ApiError, assessmentApi } from "../api-client.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// The server's limit (api/routes/assessment-data.ts): refuse a larger file before sending it.
const maxBytes = 2 * 1024 * 1024;

interface RowError {
  line: number;
  column: string | null;
  message: string;
}

function contentType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith(".xlsx") || file.type === xlsxType) return xlsxType;
  if (name.endsWith(".csv") || file.type === "text/csv") return "text/csv; charset=utf-8";
  return null;
}

function isRowErrors(details: unknown): details is RowError[] {
  return (
    Array.isArray(details) &&
    details.every((d) => typeof d === "object" && d !== null && "line" in d && "message" in d)
  );
}

function rowErrors(errors: RowError[]): Html {
  return html`<div class="jh-table-wrap">
    <table class="jh-table jh-table--compact" id="figures-errors">
      <caption>
        ${t("readiness.figures.errorsCaption", { count: errors.length })}
      </caption>
      <thead>
        <tr>
          <th scope="col" class="jh-num">${t("readiness.figures.line")}</th>
          <th scope="col">${t("readiness.figures.column")}</th>
          <th scope="col">${t("readiness.figures.reason")}</th>
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

/** The school figures import (issue 5 §1): templates, a file, the outcome (all rows or none). */
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
    const type = file ? contentType(file) : null;
    const problem = !file
      ? t("readiness.figures.needFile")
      : !type
        ? t("readiness.figures.wrongType")
        : file.size > maxBytes
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
            ${isRowErrors(details) ? rowErrors(details) : ""}`,
        );
      },
    );
  });
}
