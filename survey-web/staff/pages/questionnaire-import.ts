// SurveyJS JSON for power users: import (a file or pasted text), checked by the server, which
// names each problem's place and reason; what passes is loaded into the editor to preview and
// save. And the problem list, which saving shows too.
import type { CheckedImportView, QuestionnaireProblem } from "../../../api/questionnaires/types.ts";
import { ApiError } from "../api-client.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { locale, t } from "../i18n.ts";
import { questionnairesApi } from "../questionnaires-api.ts";

/** The server's problems, each with where and why, in the page's language. */
export function problemList(problems: readonly QuestionnaireProblem[]): Html {
  const english = locale() === "en";
  return html`<ul class="qe-problems">
    ${problems.map(
      (p) =>
        html`<li>
          ${p.question ? html`<strong>${p.question}</strong> ` : ""}${english ? p.en : p.zh}
          ${p.path ? html`<br /><code class="jh-muted">${p.path}</code>` : ""}
        </li>`,
    )}
  </ul>`;
}

/** An API failure as words, with the problem list when the server sent one. */
export function failureBox(error: unknown): Html {
  const problems =
    error instanceof ApiError &&
    error.code === "invalid_questionnaire" &&
    Array.isArray(error.details)
      ? (error.details as QuestionnaireProblem[])
      : null;
  return html`<div class="jh-alert jh-alert--error" role="alert">
    ${
      problems
        ? html`<p>${t("qe.problems", { count: problems.length })}</p>
            ${problemList(problems)}`
        : errorText(error)
    }
  </div>`;
}

export function importPanel(exportUrl: string, version: number): Html {
  return html`<section class="jh-panel" aria-labelledby="qe-import-title">
    <h2 id="qe-import-title">${t("qe.json")}</h2>
    <p class="jh-hint">${t("qe.jsonHint")}</p>
    <p>
      <a class="jh-button" href="${exportUrl}" download>${t("qe.export", { version })}</a>
    </p>
    <form class="jh-form" id="qe-import" novalidate>
      <label
        >${t("qe.importFile")}
        <input type="file" id="qe-import-file" accept=".json,application/json"
      /></label>
      <label
        >${t("qe.importPaste")}
        <textarea id="qe-import-text" rows="6" spellcheck="false" lang="en"></textarea>
      </label>
      <button type="submit" class="jh-button">${t("qe.importCheck")}</button>
      <div id="qe-import-result" aria-live="polite"></div>
    </form>
  </section>`;
}

/** Wires the panel: a file fills the text box; checking loads what passes via `onLoaded`. */
export function wireImport(
  root: ParentNode,
  campaignId: number,
  key: string,
  onLoaded: (checked: CheckedImportView) => void,
): void {
  const form = $<HTMLFormElement>(root, "#qe-import");
  const file = $<HTMLInputElement>(form, "#qe-import-file");
  const text = $<HTMLTextAreaElement>(form, "#qe-import-text");
  const result = $(form, "#qe-import-result");
  file.addEventListener("change", () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    chosen.text().then(
      (content) => {
        text.value = content;
      },
      (error: unknown) => render(result, failureBox(error)),
    );
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (text.value.trim() === "") {
      render(result, html`<p class="jh-form__error" role="alert">${t("qe.importEmpty")}</p>`);
      return;
    }
    const button = $<HTMLButtonElement>(form, "button[type=submit]");
    button.disabled = true;
    render(result, html`<p role="status">${t("qe.importChecking")}</p>`);
    questionnairesApi
      .check(campaignId, key, text.value)
      .then(
        (checked) => {
          render(result, html`<p class="jh-form__ok" role="status">${t("qe.importLoaded")}</p>`);
          onLoaded(checked);
        },
        (error: unknown) => render(result, failureBox(error)),
      )
      .finally(() => {
        button.disabled = false;
      });
  });
}
