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
}

const budgetColumns = [
  ["educationAppropriation", (y: BudgetYearBody) => y.educationAppropriation],
  ["regularFiscalRevenue", (y: BudgetYearBody) => y.regularFiscalRevenue],
  ["staffPay", (y: BudgetYearBody) => y.staffPay],
  ["spendingPrimary", (y: BudgetYearBody) => y.perStudentSpending.primary ?? null],
  ["spendingJunior", (y: BudgetYearBody) => y.perStudentSpending.junior ?? null],
  ["fundsPrimary", (y: BudgetYearBody) => y.perStudentPublicFunds.primary ?? null],
  ["fundsJunior", (y: BudgetYearBody) => y.perStudentPublicFunds.junior ?? null],
] as const;

type BudgetKey = "year" | (typeof budgetColumns)[number][0];

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

/** A budget year's row: its place in the form (field names) and its figures (none: a new year). */
interface BudgetRow {
  index: number;
  year: BudgetYearBody | null;
}

function budgetColumn(
  key: BudgetKey,
  value: (y: BudgetYearBody) => number | null,
): Column<BudgetRow> {
  return {
    label: t(`readiness.budget.col.${key}`),
    cell: (r) =>
      html`<input
        name="${key}-${r.index}"
        type="number"
        min="0"
        step="any"
        inputmode="decimal"
        aria-label="${t(`readiness.budget.col.${key}`)}"
        value="${shown(r.year ? value(r.year) : null)}"
      />`,
  };
}

function budgetForm(years: BudgetYearBody[]): Html {
  const columns = [
    budgetColumn("year", (y) => y.year),
    ...budgetColumns.map(([key, get]) => budgetColumn(key, get)),
  ];
  const rows = [...years, null].map((year, index) => ({ index, year }));
  return html`<form id="budget-form" class="jh-form" novalidate data-rows="${years.length + 1}">
    ${dataTable(columns, rows, {
      region: false,
      caption: t("readiness.budget.caption"),
      compact: true,
    })}
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
    <h4>${t("readiness.budget.title")}</h4>
    ${budgetForm(inputs.years)}
    <p id="inputs-said" role="status"></p>`;
}

/** A number from a field: "" → null, anything else must be a finite number ≥ 0. */
function number(form: HTMLFormElement, name: string): number | null {
  const raw = String(new FormData(form).get(name) ?? "").trim();
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
      const get = (key: string) => number(form, `${key}-${i}`);
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
