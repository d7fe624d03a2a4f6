import type {
  PaperForm,
  PaperLinkView,
  PaperSheetDetail,
  PaperSheetView,
} from "../../../api/paper/types.ts";
import { ApiError, paperApi } from "../api-client.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import { errorBox } from "../page-context.ts";
import { answerText, questionOfKey, say } from "./paper-questions.ts";

export interface PaperPendingOptions {
  link: PaperLinkView;
  form: PaperForm;
  /** A sheet waiting for its second entry was chosen: type it. */
  onPick(sheet: string): void;
  /** A sheet's differences were resolved into a response. */
  onResolved(): Promise<void>;
}

function sheetList(sheets: readonly PaperSheetView[], state: "waiting" | "differing"): Html {
  const chosen = sheets.filter((s) => s.state === state);
  if (chosen.length === 0) return html`<p class="jh-muted">${t("paper.none")}</p>`;
  return html`<ul class="jh-paper-sheets">
    ${chosen.map(
      (s) =>
        html`<li>
          <span class="jh-mono">${s.sheet}</span>
          <span class="jh-muted">${s.entries.map((e) => e.enteredBy).join(" / ")}</span>
          <button
            type="button"
            class="jh-button jh-button--small"
            data-${state === "waiting" ? "type" : "resolve"}="${s.sheet}"
          >
            ${t(state === "waiting" ? "paper.typeSecond" : "paper.resolve")}
            <span class="jh-visually-hidden">${t("paper.sheetNo", { sheet: s.sheet })}</span>
          </button>
        </li>`,
    )}
  </ul>`;
}

function resolutionTable(form: PaperForm, detail: PaperSheetDetail): Html {
  const [first, second] = detail.entries;
  return html`<form id="paper-resolution" class="jh-form" novalidate>
    <div class="jh-table-wrap">
      <table class="jh-table" id="paper-differences">
        <caption>
          ${t("paper.differencesCaption", { sheet: detail.sheet })}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t("paper.question")}</th>
            <th scope="col">${t("paper.firstEntry", { who: first?.enteredBy ?? "" })}</th>
            <th scope="col">${t("paper.secondEntry", { who: second?.enteredBy ?? "" })}</th>
          </tr>
        </thead>
        <tbody>
          ${detail.differences.map((d, k) => {
            const q = questionOfKey(form, d.key);
            const title = q
              ? `${q.number}. ${say(q.title)}${q.name === d.key ? "" : ` · ${say(q.companion!.label)}`}`
              : d.key;
            const cell = (entry: 1 | 2, value: unknown) =>
              html`<td>
                <label class="jh-check">
                  <input type="radio" name="pick-${k}" value="${entry}" data-key="${d.key}" />
                  ${answerText(form, d.key, value)}
                </label>
              </td>`;
            return html`<tr data-key="${d.key}">
              <th scope="row">${title}</th>
              ${cell(1, d.first)}${cell(2, d.second)}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
    <div id="paper-resolution-error"></div>
    <p class="jh-actions">
      <button type="submit" class="jh-button jh-button--primary">${t("paper.resolveSave")}</button>
      <button type="button" class="jh-button" id="paper-resolution-cancel">
        ${t("paper.cancel")}
      </button>
    </p>
  </form>`;
}

/**
 * The link's sheets still being typed: those waiting for a second entry (open one to type
 * it), and those whose two entries differ, shown side by side for someone to pick the right
 * answer of each difference; the sheet then becomes a response.
 */
export class PaperPending {
  declare private readonly root: HTMLElement;
  declare private readonly options: PaperPendingOptions;

  constructor(root: HTMLElement, options: PaperPendingOptions) {
    this.root = root;
    this.options = options;
    root.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>("button");
      if (button?.dataset.type) options.onPick(button.dataset.type);
      if (button?.dataset.resolve) void this.open(button.dataset.resolve);
    });
  }

  async refresh(): Promise<void> {
    let sheets: PaperSheetView[];
    try {
      sheets = (await paperApi.sheets(this.options.link.id)).sheets;
    } catch (error) {
      render(this.root, errorBox(error));
      return;
    }
    const entered = sheets.filter((s) => s.state === "entered").length;
    render(
      this.root,
      html`<h3>${t("paper.pendingTitle")}</h3>
        <p>${t("paper.enteredCount", { count: entered })}</p>
        <div class="jh-paper-pending">
          <section aria-labelledby="paper-waiting-title">
            <h4 id="paper-waiting-title">${t("paper.waitingTitle")}</h4>
            ${sheetList(sheets, "waiting")}
          </section>
          <section aria-labelledby="paper-differing-title">
            <h4 id="paper-differing-title">${t("paper.differingTitle")}</h4>
            ${sheetList(sheets, "differing")}
          </section>
        </div>
        <div id="paper-resolution-box"></div>`,
    );
  }

  private async open(sheet: string): Promise<void> {
    const box = $(this.root, "#paper-resolution-box");
    let detail: PaperSheetDetail;
    try {
      detail = await paperApi.sheet(this.options.link.id, sheet);
    } catch (error) {
      render(box, errorBox(error));
      return;
    }
    render(box, resolutionTable(this.options.form, detail));
    const form = $<HTMLFormElement>(box, "#paper-resolution");
    form.querySelector<HTMLInputElement>("input")?.focus();
    $(form, "#paper-resolution-cancel").addEventListener("click", () => render(box, html``));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.resolve(sheet, detail, form);
    });
  }

  private async resolve(
    sheet: string,
    detail: PaperSheetDetail,
    form: HTMLFormElement,
  ): Promise<void> {
    const error = $(form, "#paper-resolution-error");
    const picks: Record<string, 1 | 2> = {};
    for (const input of form.querySelectorAll<HTMLInputElement>("input[type=radio]:checked")) {
      picks[input.dataset.key!] = input.value === "2" ? 2 : 1;
    }
    const missing = detail.differences.filter((d) => !(d.key in picks));
    if (missing.length > 0) {
      render(
        error,
        html`<p class="jh-alert jh-alert--error" role="alert">${t("paper.pickEach")}</p>`,
      );
      form.querySelector<HTMLInputElement>(`tr[data-key="${missing[0]!.key}"] input`)?.focus();
      return;
    }
    const button = $<HTMLButtonElement>(form, "button[type=submit]");
    button.disabled = true;
    try {
      await paperApi.resolve(this.options.link.id, sheet, { picks });
      await this.refresh();
      render(
        $(this.root, "#paper-resolution-box"),
        html`<p class="jh-alert jh-alert--ok" role="status">${t("paper.resolved", { sheet })}</p>`,
      );
      await this.options.onResolved();
    } catch (failure) {
      const details =
        failure instanceof ApiError && Array.isArray(failure.details)
          ? (failure.details as { message?: string }[]).map((d) => d.message).filter(Boolean)
          : [];
      render(
        error,
        html`<div class="jh-alert jh-alert--error" role="alert">
          <p>${errorText(failure)}</p>
          ${
            details.length
              ? html`<ul>
                  ${details.map((m) => html`<li>${m}</li>`)}
                </ul>`
              : ""
          }
        </div>`,
      );
    } finally {
      button.disabled = false;
    }
  }
}
