import type { ReadinessCriterion, ReadinessView } from "../../../api/assessment/types.ts";
import { type Column, dataTable } from "../data-table.ts";
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

function holders(c: ReadinessCriterion, names: Readonly<Record<string, string>>): string {
  const list = c.holderKind === "schools" ? c.holders.map((h) => schoolName(h, names)) : c.holders;
  return list.length > 0 ? list.join("、") : t("readiness.none");
}

/** Every criterion side by side (docs/assessment.md, Readiness). */
export function criteriaTable(view: ReadinessView): Html {
  const columns: Column<ReadinessCriterion>[] = [
    { label: t("readiness.colCriterion"), rowHeader: true, cell: criterionName },
    { label: t("readiness.colKind"), cell: (c) => label("readiness.kind", c.kind) },
    {
      label: t("readiness.colStatus"),
      cell: (c) =>
        html`<span class="jh-badge ${statusClass(c.status)}">${statusText(c.status)}</span>`,
    },
    { label: t("readiness.colMargin"), cellClass: "jh-num", cell: marginText },
    { label: t("readiness.colHolders"), cell: (c) => holders(c, view.schoolNames) },
    { label: t("readiness.colNote"), cell: notes },
  ];
  return dataTable(columns, view.criteria, {
    region: false,
    id: "readiness-criteria",
    caption: t("readiness.criteriaCaption"),
    captionClass: "jh-visually-hidden",
    rowAttributes: (c) => ({ "data-criterion": c.criterion, "data-status": c.status }),
  });
}
