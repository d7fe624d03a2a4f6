import { assessmentApi } from "../api-client.ts";
import type { VetoEntryBody, VetoItemView } from "../../../api/assessment/types.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { labelText } from "./readiness-names.ts";

// The server's limit (api/assessment/routes-vetoes.ts).
const maxEvidenceBytes = 5 * 1024 * 1024;
const statuses = ["unknown", "met", "not_met"] as const;

function files(campaignId: number, item: VetoItemView): Html {
  if (item.files.length === 0) return html`<p class="jh-muted">${t("readiness.veto.noFiles")}</p>`;
  return html`<ul class="jh-link-list">
    ${item.files.map(
      (f) =>
        html`<li>
          <a href="${assessmentApi.evidenceUrl(campaignId, item.itemId, f.id)}" download
            >${f.fileName}</a
          >
          <span class="jh-muted">${(f.size / 1024).toFixed(0)} KB</span>
        </li>`,
    )}
  </ul>`;
}

function itemForm(campaignId: number, item: VetoItemView, editable: boolean): Html {
  const id = `veto-${item.itemId}`;
  const entry = item.entry;
  const name = labelText(item.label, item.itemId);
  const automatic = item.evaluation !== "manual";
  if (!editable) {
    return html`<li id="${id}">
      <strong>${name}</strong>
      <h4 class="jh-visually-hidden">${t("readiness.veto.files")}</h4>
      ${files(campaignId, item)}
    </li>`;
  }
  return html`<li id="${id}" data-item="${item.itemId}">
    <form class="jh-form jh-veto-form" novalidate aria-labelledby="${id}-name">
      <p id="${id}-name">
        <strong>${name}</strong>
        ${automatic ? html`<span class="jh-muted">（${t("readiness.veto.automatic")}）</span>` : ""}
      </p>
      <div class="jh-field">
        <label for="${id}-status">${t("readiness.veto.status")}</label>
        <select id="${id}-status" name="status">
          ${statuses.map(
            (s) =>
              html`<option value="${s}" ${(entry?.status ?? "unknown") === s ? "selected" : ""}>
                ${label("readiness.entryStatus", s)}
              </option>`,
          )}
        </select>
      </div>
      <div class="jh-field">
        <label for="${id}-note">${t("readiness.veto.note")}</label>
        <textarea id="${id}-note" name="note" maxlength="4000" rows="2">
${entry?.note ?? ""}</textarea>
      </div>
      <div class="jh-field">
        <label for="${id}-departments"
          >${t("readiness.veto.departments", { defaults: item.schemeDepartments.join("、") })}</label
        >
        <input
          id="${id}-departments"
          name="departments"
          value="${entry?.departments?.join("、") ?? ""}"
        />
      </div>
      <div class="jh-field">
        <label for="${id}-due">${t("readiness.veto.dueDate")}</label>
        <input id="${id}-due" name="dueDate" type="date" value="${entry?.dueDate ?? ""}" />
      </div>
      <button type="submit" class="jh-button jh-button--primary">
        ${t("readiness.veto.save")}
      </button>
      <p class="jh-form__ok" role="status" data-said></p>
    </form>
    ${files(campaignId, item)}
    <div class="jh-field">
      <label for="${id}-file">${t("readiness.veto.upload")}</label>
      <input id="${id}-file" type="file" accept=".pdf,.jpg,.jpeg,.png,.xlsx,.docx" />
      <span class="jh-muted">${t("readiness.veto.uploadHint")}</span>
    </div>
  </li>`;
}

/** Every veto item with its entry form (admin) or its evidence list (viewer). */
export function vetoPanel(campaignId: number, items: VetoItemView[], editable: boolean): Html {
  return html`<h3>${t("readiness.vetoes.title")}</h3>
    <p class="jh-hint">${t("readiness.vetoes.explain")}</p>
    <ul class="jh-veto-list" id="veto-list">
      ${items.map((item) => itemForm(campaignId, item, editable))}
    </ul>`;
}

function draft(form: HTMLFormElement): VetoEntryBody {
  const data = new FormData(form);
  const text = (key: string) => String(data.get(key) ?? "").trim();
  const departments = text("departments")
    .split(/[、,，;；\s]+/)
    .filter(Boolean);
  return {
    status: text("status") as VetoEntryBody["status"],
    note: text("note"),
    departments: departments.length > 0 ? departments : null,
    dueDate: text("dueDate") || null,
  };
}

/** Saves an entry or uploads a file, then `onChanged` redraws the page. */
export function wireVetoes(
  root: HTMLElement,
  campaignId: number,
  onChanged: (message: string) => void,
): void {
  for (const li of root.querySelectorAll<HTMLLIElement>("#veto-list > li[data-item]")) {
    const itemId = li.dataset.item ?? "";
    const form = $<HTMLFormElement>(li, "form");
    const said = $(form, "[data-said]");
    const fail = (error: unknown) =>
      render(said, html`<span class="jh-form__error" role="alert">${errorText(error)}</span>`);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      assessmentApi
        .saveVeto(campaignId, itemId, draft(form))
        .then(() => onChanged(t("readiness.veto.saved")), fail);
    });
    const input = $<HTMLInputElement>(li, "input[type=file]");
    input.addEventListener("change", () => {
      const file = input.files?.[0];
      if (!file) return;
      if (file.size > maxEvidenceBytes) {
        render(
          said,
          html`<span class="jh-form__error" role="alert"
            >${t("readiness.veto.fileTooLarge")}</span
          >`,
        );
        return;
      }
      assessmentApi
        .uploadEvidence(campaignId, itemId, file)
        .then(() => onChanged(t("readiness.veto.uploaded")), fail);
    });
  }
}
