import type { ReadinessView } from "../../../api/assessment/types.ts";
import { type Html, html } from "../html.ts";
import { t } from "../i18n.ts";
import { percent } from "../format.ts";
import { statusClass, statusText } from "./readiness-names.ts";

const conditions = ["appropriation", "perStudentSpending", "payAndPublicFunds"] as const;

function badge(status: string): Html {
  return html`<span class="jh-badge ${statusClass(status)}">${statusText(status)}</span>`;
}

/** The figures behind the computed criteria: satisfaction, disabled rate, score, three growths. */
export function readinessDetails(view: ReadinessView): Html {
  const d = view.details;
  const facts: Html[] = [];
  if (d.satisfaction) {
    facts.push(
      html`<li>
        ${t("readiness.satisfaction", {
          estimate: percent(d.satisfaction.estimate),
          lower: percent(d.satisfaction.lowerBound),
          line: percent(d.satisfactionThreshold, 0),
        })}
      </li>`,
    );
  }
  if (d.disabledEnrolmentRate !== null) {
    facts.push(
      html`<li>
        ${t("readiness.disabled", {
          rate: percent(d.disabledEnrolmentRate),
          line: percent(d.disabledEnrolmentThreshold, 0),
        })}
      </li>`,
    );
  }
  if (d.governmentScore) {
    const g = d.governmentScore;
    facts.push(
      html`<li>
        ${t("readiness.government", {
          total: g.total.toFixed(1),
          pass: g.passMark,
          max: g.maxPossible.toFixed(1),
        })}
      </li>`,
    );
  }
  const growths = d.threeGrowths;
  return html`${
      facts.length > 0
        ? html`<ul class="jh-facts">
            ${facts}
          </ul>`
        : ""
    }
    <h3>${t("readiness.growths")}</h3>
    ${
      growths === null
        ? html`<p class="jh-muted">${t("readiness.growths.none")}</p>`
        : html`<div class="jh-table-wrap">
            <table class="jh-table jh-table--compact" id="readiness-growths">
              <caption class="jh-visually-hidden">
                ${t("readiness.growthsCaption")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t("readiness.growths.year")}</th>
                  ${conditions.map((c) => html`<th scope="col">${t(`readiness.growths.${c}`)}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${growths.years.map(
                  (y) =>
                    html`<tr>
                      <th scope="row">${y.year}</th>
                      ${conditions.map((c) => html`<td>${badge(y.conditions[c])}</td>`)}
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }`;
}
