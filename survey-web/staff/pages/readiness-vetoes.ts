import { assessmentApi } from "../api-client.ts";
import type { VetoEntryBody, VetoItemView } from "../../../api/assessment/types.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { figureValueText, lineText } from "./readiness-figure-text.ts";
import { amountText, isOverdue, labelText } from "./readiness-names.ts";

// The server's limit (api/assessment/routes-vetoes.ts).
const maxEvidenceBytes = 5 * 1024 * 1024;
const statuses = ["unknown", "met", "not_met"] as const;
/** The lists in the order of the readiness table. */
const areas = ["application", "guarantee", "quality", "veto"] as const;

type Figure = VetoItemView["figures"][number];

function files(campaignId: number, item: VetoItemView): Html {
  if (item.files.length === 0) return html`<p class="jh-muted">${t("readiness.veto.noFiles")}</p>`;
  return html`<ul class="jh-link-list">
    ${item.files.map(
      (f) =>
        html`<li>
          <a href="${assessmentApi.evidenceUrl(campaignId, item.itemId, f.id)}" download
            >${f.fileName}</a
          >
          <span class="jh-muted">${amountText(Math.max(1, Math.round(f.size / 1024)), 0)} KB</span>
        </li>`,
    )}
  </ul>`;
}

/** A veto's choices say whether the thing exists; the others whether the item is met. */
function statusLabel(item: VetoItemView, status: string): string {
  return label(item.area === "veto" ? "readiness.vetoEntry" : "readiness.entryStatus", status);
}

function basisBadge(basis: string | null | undefined): Html | string {
  return basis === "unconfirmed" || basis === "province"
    ? html` <span class="jh-badge jh-badge--warn">${t(`readiness.basis.${basis}`)}</span>`
    : "";
}

function dueText(item: VetoItemView): Html | string {
  const due = item.entry?.dueDate;
  if (!due) return "";
  const overdue = isOverdue(due, item.entry?.status === "met");
  return html`<span class="jh-muted">${t("readiness.due", { date: due })}</span>${
      overdue
        ? html` <span class="jh-badge jh-badge--fail" data-overdue>${t("readiness.overdue")}</span>`
        : ""
    }`;
}

/** The figure as typed in its field: shares in percent, the rest as they are. */
function fieldValue(f: Figure, value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return f.unit === "share" ? String(Math.round(value * 100_000) / 1000) : String(value);
}

function figureFields(id: string, item: VetoItemView): Html | string {
  if (item.figures.length === 0) return "";
  return html`<fieldset class="jh-fieldset jh-veto-figures">
    <legend>${t("readiness.veto.figures")}</legend>
    ${item.figures.map(
      (f) =>
        html`<div class="jh-field">
          <label for="${id}-figure-${f.id}"
            >${labelText(f.label, t("readiness.none"))}${f.unit === "share" ? "（%）" : ""}
            <span class="jh-muted"
              >${t("readiness.veto.line", { line: lineText(f.unit, f.comparison, f.threshold) })}</span
            >${basisBadge(f.basis)}</label
          >
          <input
            id="${id}-figure-${f.id}"
            name="figure-${f.id}"
            data-figure="${f.id}"
            data-unit="${f.unit}"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            value="${fieldValue(f, item.entry?.figures[f.id])}"
          />
        </div>`,
    )}
  </fieldset>`;
}

/** The entered figures, read only (viewers). */
function figureList(item: VetoItemView): Html | string {
  const entered = item.figures.filter((f) => item.entry?.figures[f.id] != null);
  if (entered.length === 0) return "";
  return html`<ul class="jh-facts">
    ${entered.map(
      (f) =>
        html`<li>
          ${labelText(f.label, t("readiness.none"))}
          ${figureValueText(f.unit, item.entry?.figures[f.id] ?? 0)}
          （${lineText(f.unit, f.comparison, f.threshold)}）
        </li>`,
    )}
  </ul>`;
}

function itemForm(campaignId: number, item: VetoItemView, editable: boolean): Html {
  const id = `veto-${item.itemId}`;
  const entry = item.entry;
  const name = html`<strong>${labelText(item.label, t("readiness.none"))}</strong
    >${basisBadge(item.basis)}`;
  const automatic = item.evaluation !== "manual";
  if (!editable) {
    return html`<li id="${id}">
      <p>
        ${name}
        <span class="jh-muted">${statusLabel(item, entry?.status ?? "unknown")}</span>
        ${dueText(item)}
      </p>
      ${figureList(item)} ${entry?.note ? html`<p>${entry.note}</p>` : ""}
      <h4 class="jh-visually-hidden">${t("readiness.veto.files")}</h4>
      ${files(campaignId, item)}
    </li>`;
  }
  return html`<li id="${id}" data-item="${item.itemId}">
    <form class="jh-form jh-veto-form" novalidate aria-labelledby="${id}-name">
      <p id="${id}-name">
        ${name}
        ${automatic ? html`<span class="jh-muted">（${t(item.figures.length > 0 ? "readiness.veto.byFigures" : "readiness.veto.automatic")}）</span>` : ""}
        ${dueText(item)}
      </p>
      ${figureFields(id, item)}
      <div class="jh-field">
        <label for="${id}-status">${t("readiness.veto.status")}</label>
        <select id="${id}-status" name="status">
          ${statuses.map(
            (s) =>
              html`<option value="${s}" ${(entry?.status ?? "unknown") === s ? "selected" : ""}>
                ${statusLabel(item, s)}
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

/**
 * Every item that takes an entry, by list (application conditions, guarantee, quality, vetoes):
 * its form (admin) or what was entered and its evidence (viewer).
 */
export function vetoPanel(campaignId: number, items: VetoItemView[], editable: boolean): Html {
  return html`<p class="jh-hint">${t("readiness.vetoes.explain")}</p>
    <div id="veto-list">
      ${areas.map((area) => {
        const own = items.filter((i) => i.area === area);
        if (own.length === 0) return "";
        return html`<h3 id="checklist-${area}">${t(`readiness.checklist.${area}`)}</h3>
          <ul class="jh-veto-list" aria-labelledby="checklist-${area}">
            ${own.map((item) => itemForm(campaignId, item, editable))}
          </ul>`;
      })}
    </div>`;
}

/** A figure field's number: "" → null; shares typed in percent; thousands separators dropped. */
function figureValue(input: HTMLInputElement): number | null {
  const raw = input.value.replace(/[,，\s%]/g, "");
  if (raw === "") return null;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new RangeError(input.name);
  return input.dataset.unit === "share" ? Math.round(value * 1000) / 100_000 : value;
}

function draft(form: HTMLFormElement): VetoEntryBody {
  const data = new FormData(form);
  const text = (key: string) => String(data.get(key) ?? "").trim();
  const departments = text("departments")
    .split(/[、,，;；\s]+/)
    .filter(Boolean);
  const figures: Record<string, number | null> = {};
  for (const input of form.querySelectorAll<HTMLInputElement>("input[data-figure]")) {
    figures[input.dataset.figure ?? ""] = figureValue(input);
  }
  return {
    status: text("status") as VetoEntryBody["status"],
    note: text("note"),
    departments: departments.length > 0 ? departments : null,
    dueDate: text("dueDate") || null,
    figures,
  };
}

/** Saves an entry or uploads a file, then `onChanged` redraws the page. */
export function wireVetoes(
  root: HTMLElement,
  campaignId: number,
  onChanged: (message: string) => void,
): void {
  for (const li of root.querySelectorAll<HTMLLIElement>("#veto-list li[data-item]")) {
    const itemId = li.dataset.item ?? "";
    const form = $<HTMLFormElement>(li, "form");
    const said = $(form, "[data-said]");
    const fail = (error: unknown) =>
      render(said, html`<span class="jh-form__error" role="alert">${errorText(error)}</span>`);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      let body: VetoEntryBody;
      try {
        body = draft(form);
      } catch {
        render(
          said,
          html`<span class="jh-form__error" role="alert">${t("readiness.inputs.invalid")}</span>`,
        );
        return;
      }
      assessmentApi
        .saveVeto(campaignId, itemId, body)
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
