import { assessmentApi } from "../api-client.ts";
import type { CoefficientsView } from "../../../api/assessment/types.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, locale, t } from "../i18n.ts";
import { cvText, labelText, schoolName } from "./readiness-names.ts";

/**
 * "Where to act" (docs/assessment.md, Where to act): the coefficient if one school's resource were
 * the county mean or a given total; the API recomputes everything, the mean included.
 */
export function whatIfPanel(view: CoefficientsView): Html {
  if (view.levels.length === 0) return html``;
  const parts = view.levels.flatMap((level) =>
    (level.indicators[0]?.coefficient.schools ?? []).map((s) => ({ id: s.schoolId, level })),
  );
  return html`<h3 id="what-if-title">${t("readiness.whatIf.title")}</h3>
    <p class="jh-hint">${t("readiness.whatIf.explain")}</p>
    <form id="what-if-form" class="jh-form jh-form--inline" novalidate>
      <div class="jh-field">
        <label for="what-if-indicator">${t("readiness.whatIf.indicator")}</label>
        <select id="what-if-indicator" name="indicator">
          ${view.indicators.map((i) => html`<option value="${i.id}">${labelText(i.label, i.id)}</option>`)}
        </select>
      </div>
      <div class="jh-field">
        <label for="what-if-school">${t("readiness.whatIf.school")}</label>
        <select id="what-if-school" name="school">
          ${parts.map(
            (p) =>
              html`<option value="${p.id}">
                ${label("readiness.cv.level", p.level.level)} ·
                ${schoolName(p.id, view.schoolNames)}
              </option>`,
          )}
        </select>
      </div>
      <div class="jh-field">
        <label for="what-if-value">${t("readiness.whatIf.value")}</label>
        <input
          id="what-if-value"
          name="value"
          type="number"
          min="0"
          step="any"
          inputmode="decimal"
        />
      </div>
      <button type="submit" class="jh-button">${t("readiness.whatIf.submit")}</button>
    </form>
    <p id="what-if-result" aria-live="polite"></p>`;
}

export function wireWhatIf(root: HTMLElement, campaignId: number, view: CoefficientsView): void {
  const form = root.querySelector<HTMLFormElement>("#what-if-form");
  if (!form) return;
  const result = $(root, "#what-if-result");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const raw = String(data.get("value") ?? "").trim();
    const value = raw === "" ? undefined : Number(raw);
    const school = String(data.get("school") ?? "");
    assessmentApi
      .whatIf(campaignId, { indicator: String(data.get("indicator") ?? ""), school, value })
      .then(
        (w) => {
          const number = (n: number | null) =>
            n === null
              ? t("readiness.none")
              : n.toLocaleString(locale(), { maximumFractionDigits: 1 });
          const cv = (c: typeof w.before) =>
            c.status === "ok" ? cvText(c.cv) : t("readiness.cv.undefined");
          const change =
            w.change === null
              ? t("readiness.none")
              : `${w.change > 0 ? "+" : ""}${cvText(w.change)}`;
          render(
            result,
            html`${t("readiness.whatIf.result", {
              school: schoolName(w.schoolId, view.schoolNames),
              from: number(w.fromResource),
              to: number(w.toResource),
              before: cv(w.before),
              after: cv(w.after),
              change,
            })}`,
          );
        },
        (error: unknown) =>
          render(
            result,
            html`<span class="jh-form__error" role="alert">${errorText(error)}</span>`,
          ),
      );
  });
}
