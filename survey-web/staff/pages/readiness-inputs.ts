import { assessmentApi } from "../api-client.ts";
import type {
  AssessmentSettingsView,
  BudgetYearBody,
  GovernmentScoreView,
} from "../../../api/assessment/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import { labelText } from "./readiness-names.ts";

/**
 * The figures staff enter by hand: the disabled-children enrolment rate, the
 * government work score per item and the yearly budget series for "three growths".
 */
export interface EnteredInputs {
  settings: AssessmentSettingsView;
  score: GovernmentScoreView;
  years: BudgetYearBody[];
  /** The scheme asks for "three growths": the budget table feeds it. */
  threeGrowths: boolean;
}

/**
 * The budget table's figures: the two county totals in 万元 (as budgets are usually written), the
 * per-person figures in 元. Stored in yuan; shown and typed with thousands separators.
 */
const budgetColumns = [
  ["educationAppropriation", 10_000, (y: BudgetYearBody) => y.educationAppropriation],
  ["regularFiscalRevenue", 10_000, (y: BudgetYearBody) => y.regularFiscalRevenue],
  ["staffPay", 1, (y: BudgetYearBody) => y.staffPay],
  ["spendingPrimary", 1, (y: BudgetYearBody) => y.perStudentSpending.primary ?? null],
  ["spendingJunior", 1, (y: BudgetYearBody) => y.perStudentSpending.junior ?? null],
  ["fundsPrimary", 1, (y: BudgetYearBody) => y.perStudentPublicFunds.primary ?? null],
  ["fundsJunior", 1, (y: BudgetYearBody) => y.perStudentPublicFunds.junior ?? null],
] as const;

type BudgetKey = (typeof budgetColumns)[number][0];

/** An amount as typed in its field: 12,345.67 (万元 with up to 4 decimals stays exact in yuan). */
function amountField(value: number | null, unit: number): string {
  if (value === null) return "";
  return (value / unit).toLocaleString("en-US", { maximumFractionDigits: unit === 1 ? 2 : 4 });
}

const shown = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));

function saveButton(): Html {
  return html`<button type="submit" class="jh-button jh-button--primary">
    ${t("readiness.inputs.save")}
  </button>`;
}

type ScoreItem = GovernmentScoreView["indicators"][number];

function scoreForm(score: GovernmentScoreView): Html {
  if (score.indicators.length === 0)
    return html`<p class="jh-muted">${t("readiness.score.none")}</p>`;
  const columns: Column<ScoreItem>[] = [
    {
      label: t("readiness.score.colItem"),
      rowHeader: true,
      cell: (i) => html`<label for="score-${i.id}">${labelText(i.label, i.id)}</label>`,
    },
    { label: t("readiness.score.colMax"), numeric: true, cell: (i) => i.maxPoints },
    {
      label: t("readiness.score.colScore"),
      cell: (i) =>
        html`<input
          id="score-${i.id}"
          name="${i.id}"
          type="number"
          min="0"
          max="${i.maxPoints}"
          step="0.5"
          inputmode="decimal"
          value="${shown(i.score)}"
        />`,
    },
  ];
  return html`<form id="score-form" class="jh-form" novalidate>
    ${dataTable(columns, score.indicators, {
      region: false,
      caption: t("readiness.score.caption"),
      compact: true,
    })}
    ${saveButton()}
  </form>`;
}

/**
 * One row per year, a last empty row for a new year. On a narrow screen each year becomes a card
 * of labelled fields (readiness.css), so the table reads at 390 px as well as at 1366 px.
 */
function budgetForm(years: BudgetYearBody[]): Html {
  const rows = [...years, null];
  const heading = (key: BudgetKey | "year") => t(`readiness.budget.col.${key}`);
  return html`<form id="budget-form" class="jh-form" novalidate data-rows="${rows.length}">
    <div class="jh-budget-wrap">
      <table class="jh-table jh-table--compact jh-budget">
        <caption>
          ${t("readiness.budget.caption")}
        </caption>
        <thead>
          <tr>
            <th scope="col">${heading("year")}</th>
            ${budgetColumns.map(([key]) => html`<th scope="col" class="jh-num">${heading(key)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (year, index) =>
              html`<tr data-year="${year?.year ?? "new"}">
                <td data-label="${heading("year")}">
                  <input
                    name="year-${index}"
                    type="text"
                    inputmode="numeric"
                    maxlength="4"
                    aria-label="${heading("year")}"
                    placeholder="${year === null ? t("readiness.budget.newYear") : ""}"
                    value="${year?.year ?? ""}"
                  />
                </td>
                ${budgetColumns.map(
                  ([key, unit, get]) =>
                    html`<td data-label="${heading(key)}" class="jh-num">
                      <input
                        name="${key}-${index}"
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        aria-label="${year ? `${year.year} ` : ""}${heading(key)}"
                        value="${year ? amountField(get(year), unit) : ""}"
                      />
                    </td>`,
                )}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${saveButton()}
  </form>`;
}

export function inputsPanel(inputs: EnteredInputs): Html {
  const rate = inputs.settings.disabledEnrolmentRate;
  return html`<h3>${t("readiness.inputs.title")}</h3>
    <form id="rate-form" class="jh-form jh-form--inline" novalidate>
      <div class="jh-field">
        <label for="disabled-rate">${t("readiness.disabledRate.label")}</label>
        <input
          id="disabled-rate"
          name="rate"
          type="number"
          min="0"
          max="100"
          step="0.1"
          inputmode="decimal"
          value="${rate === null ? "" : String(Math.round(rate * 1000) / 10)}"
        />
      </div>
      ${saveButton()}
    </form>
    <h4>${t("readiness.score.title")}</h4>
    ${scoreForm(inputs.score)}
    ${
      inputs.threeGrowths
        ? html`<h4>${t("readiness.budget.title")}</h4>
            ${budgetForm(inputs.years)}`
        : ""
    }
    <p id="inputs-said" role="status"></p>`;
}

/**
 * A number from a field: "" → null, anything else must be a finite number ≥ 0 (thousands
 * separators and spaces are dropped).
 */
function number(form: HTMLFormElement, name: string): number | null {
  const raw = String(new FormData(form).get(name) ?? "").replace(/[,，\s]/g, "");
  if (raw === "") return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(name);
  return value;
}

export function wireInputs(
  root: HTMLElement,
  campaignId: number,
  inputs: EnteredInputs,
  onSaved: (message: string) => void,
): void {
  const said = $(root, "#inputs-said");
  const submit = (id: string, save: (form: HTMLFormElement) => Promise<unknown>) => {
    const form = root.querySelector<HTMLFormElement>(id);
    form?.addEventListener("submit", (event) => {
      event.preventDefault();
      let pending: Promise<unknown>;
      try {
        pending = save(form);
      } catch {
        render(
          said,
          html`<span class="jh-form__error" role="alert">${t("readiness.inputs.invalid")}</span>`,
        );
        return;
      }
      pending.then(
        () => onSaved(t("readiness.inputs.saved")),
        (error: unknown) =>
          render(said, html`<span class="jh-form__error" role="alert">${errorText(error)}</span>`),
      );
    });
  };
  submit("#rate-form", (form) => {
    const percent = number(form, "rate");
    return assessmentApi.saveSettings(campaignId, {
      disabledEnrolmentRate: percent === null ? null : Math.round(percent * 10) / 1000,
      schemeOverrides: inputs.settings.schemeOverrides,
    });
  });
  submit("#score-form", (form) => {
    const scores = Object.fromEntries(
      inputs.score.indicators.map((i) => [i.id, number(form, i.id)]),
    );
    return assessmentApi.saveGovernmentScore(campaignId, scores);
  });
  submit("#budget-form", (form) => {
    const rows = Number(form.dataset.rows ?? "0");
    const years: BudgetYearBody[] = [];
    for (let i = 0; i < rows; i++) {
      const year = number(form, `year-${i}`);
      if (year === null) continue;
      const units = Object.fromEntries(budgetColumns.map(([key, unit]) => [key, unit]));
      // 万元 back to yuan, rounded to the fen so 0.1 + 0.2 stays 0.3.
      const get = (key: BudgetKey) => {
        const value = number(form, `${key}-${i}`);
        return value === null ? null : Math.round(value * (units[key] ?? 1) * 100) / 100;
      };
      years.push({
        year,
        educationAppropriation: get("educationAppropriation"),
        regularFiscalRevenue: get("regularFiscalRevenue"),
        staffPay: get("staffPay"),
        perStudentSpending: { primary: get("spendingPrimary"), junior: get("spendingJunior") },
        perStudentPublicFunds: { primary: get("fundsPrimary"), junior: get("fundsJunior") },
      });
    }
    return assessmentApi.saveBudgetYears(campaignId, years);
  });
}
