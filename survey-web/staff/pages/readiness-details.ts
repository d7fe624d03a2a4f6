import type { ReadinessView } from "../../../api/assessment/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { type Html, html } from "../html.ts";
import { t } from "../i18n.ts";
import { percent } from "../format.ts";
import { statusClass, statusText } from "./readiness-names.ts";

const conditions = ["appropriation", "perStudentSpending", "payAndPublicFunds"] as const;

function badge(status: string): Html {
  return html`<span class="jh-badge ${statusClass(status)}">${statusText(status)}</span>`;
}

type GrowthYear = NonNullable<ReadinessView["details"]["threeGrowths"]>["years"][number];

const growthColumns = (): Column<GrowthYear>[] => [
  { label: t("readiness.growths.year"), rowHeader: true, cell: (y) => y.year },
  ...conditions.map((c): Column<GrowthYear> => ({
    label: t(`readiness.growths.${c}`),
    cell: (y) => badge(y.conditions[c]),
  })),
];

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
        : dataTable(growthColumns(), growths.years, {
            region: false,
            id: "readiness-growths",
            caption: t("readiness.growthsCaption"),
            captionClass: "jh-visually-hidden",
            compact: true,
          })
    }`;
}
