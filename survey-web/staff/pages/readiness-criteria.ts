import type { ReadinessCriterion, ReadinessView } from "../../../api/assessment/types.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";
import { cvText, labelText, schoolName, statusClass, statusText } from "./readiness-names.ts";

/** The margin in the criterion's own unit: CV, points or percentage points; none → "—". */
function marginText(c: ReadinessCriterion): string {
  const m = c.margin;
  if (m === undefined || !Number.isFinite(m)) return t("readiness.none");
  const signed = (text: string) => (m > 0 ? `+${text}` : text);
  if (c.criterion.startsWith("balance:"))
    return t("readiness.marginCv", { value: signed(cvText(m)) });
  if (c.criterion === "government_score") {
    return t("readiness.marginPoints", { value: signed(m.toFixed(1)) });
  }
  return t("readiness.marginPercent", { value: signed((m * 100).toFixed(1)) });
}

function criterionName(c: ReadinessCriterion): string {
  if (c.kind === "veto") return labelText(c.label, c.criterion);
  return label("readiness.criterion", c.criterion);
}

function notes(c: ReadinessCriterion): Html {
  const parts: string[] = [];
  if (c.note) parts.push(label("readiness.note", c.note));
  if (c.entry?.note) parts.push(c.entry.note);
  if (c.entry?.dueDate) parts.push(t("readiness.due", { date: c.entry.dueDate }));
  return html`${parts.join("；")}`;
}

function row(c: ReadinessCriterion, names: Readonly<Record<string, string>>): Html {
  const holders =
    c.holderKind === "schools" ? c.holders.map((h) => schoolName(h, names)) : c.holders;
  return html`<tr data-criterion="${c.criterion}" data-status="${c.status}">
    <th scope="row">${criterionName(c)}</th>
    <td>${label("readiness.kind", c.kind)}</td>
    <td><span class="jh-badge ${statusClass(c.status)}">${statusText(c.status)}</span></td>
    <td class="jh-num">${marginText(c)}</td>
    <td>${holders.length > 0 ? holders.join("、") : t("readiness.none")}</td>
    <td>${notes(c)}</td>
  </tr>`;
}

/** Every criterion side by side (docs/assessment.md, Readiness). */
export function criteriaTable(view: ReadinessView): Html {
  return html`<div class="jh-table-wrap">
    <table class="jh-table" id="readiness-criteria">
      <caption class="jh-visually-hidden">
        ${t("readiness.criteriaCaption")}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t("readiness.colCriterion")}</th>
          <th scope="col">${t("readiness.colKind")}</th>
          <th scope="col">${t("readiness.colStatus")}</th>
          <th scope="col">${t("readiness.colMargin")}</th>
          <th scope="col">${t("readiness.colHolders")}</th>
          <th scope="col">${t("readiness.colNote")}</th>
        </tr>
      </thead>
      <tbody>
        ${view.criteria.map((c) => row(c, view.schoolNames))}
      </tbody>
    </table>
  </div>`;
}
