import type { ReadinessCriterion, ReadinessView } from "../../../api/assessment/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";
import { figureText, figureUnitMargin } from "./readiness-figure-text.ts";
import {
  criterionStatusText,
  cvText,
  isOverdue,
  labelText,
  schoolName,
  statusClass,
} from "./readiness-names.ts";

type Names = Readonly<Record<string, string>>;

/** The margin in the criterion's own unit: CV, points, percentage points, a level; none → "—". */
function marginText(c: ReadinessCriterion): string {
  const m = c.margin;
  if (m === undefined || !Number.isFinite(m)) return t("readiness.none");
  const signed = (text: string) => (m > 0 ? `+${text}` : text);
  if (c.criterion.startsWith("balance:") || c.criterion.startsWith("resource:"))
    return t("readiness.marginCv", { value: signed(cvText(m)) });
  if (c.criterion === "government_score") {
    return t("readiness.marginPoints", { value: signed(m.toFixed(1)) });
  }
  const only = c.figures?.length === 1 ? c.figures[0] : undefined;
  if (only && only.unit !== "share") return figureUnitMargin(only.unit, m);
  return t("readiness.marginPercent", { value: signed((m * 100).toFixed(1)) });
}

/** The school standard's rule in words (2017: "at least 6 met, the rest ≥ 85 %"). */
function standardsName(view: ReadinessView): string {
  const rule = view.details.schoolStandardRule;
  if (rule.kind === "min_met_with_floor") {
    return t("readiness.criterion.school_standards_floor", {
      met: rule.minMet,
      share: Math.round(rule.floorShare * 100),
    });
  }
  return t("readiness.criterion.school_standards");
}

function criterionName(c: ReadinessCriterion, view: ReadinessView): Html {
  const name =
    c.criterion === "school_standards"
      ? standardsName(view)
      : c.label
        ? labelText(c.label, t("readiness.none"))
        : label("readiness.criterion", c.criterion);
  const basis =
    c.basis === "unconfirmed" || c.basis === "province"
      ? html` <span class="jh-badge jh-badge--warn">${t(`readiness.basis.${c.basis}`)}</span>`
      : "";
  return html`${name}${basis}`;
}

/** The column "类别": the 2017 areas, else condition / veto. */
function areaText(c: ReadinessCriterion, view: ReadinessView): string {
  const [prefix = ""] = c.criterion.split(":");
  if (c.kind === "veto") return t("readiness.kind.veto");
  if (c.kind === "application") return t("readiness.kind.application");
  if (prefix === "guarantee" || prefix === "quality") return t(`readiness.area.${prefix}`);
  const quality = view.criteria.some((x) => x.criterion.startsWith("resource:"));
  if (quality && (prefix === "resource" || prefix === "school_standards"))
    return t("readiness.area.resources");
  return t("readiness.kind.condition");
}

function floorText(value: number | null, unit: string | undefined): string {
  if (value === null) return t("readiness.none");
  const unitWord = unit ? label("readiness.unit", unit) : "";
  return `${value.toLocaleString()}${unitWord ? ` ${unitWord}` : ""}`;
}

/** Resource indicators: the CV at each level, the per-school minimums, the schools below them. */
function resourceNotes(c: ReadinessCriterion, names: Names): string[] {
  const parts: string[] = [];
  const levels = c.levels ?? [];
  if (levels.length > 0) {
    parts.push(
      levels
        .map((l) =>
          t("readiness.resource.cv", {
            level: label("readiness.cv.level", l.level),
            value: cvText(l.value),
            line: l.threshold.toFixed(2),
          }),
        )
        .join("，"),
    );
    parts.push(
      t("readiness.resource.floors", {
        floors: levels
          .map((l) => `${label("readiness.cv.level", l.level)} ${floorText(l.floor, c.unit)}`)
          .join("、"),
      }),
    );
  }
  const below = c.belowFloor ?? [];
  if (below.length > 0) {
    parts.push(
      t("readiness.resource.below", {
        schools: below
          .map(
            (b) =>
              `${schoolName(b.schoolId, names)} ${b.attainment === null ? "" : `${Math.floor(b.attainment * 1000) / 10}%`}`,
          )
          .join("、"),
      }),
    );
  }
  return parts;
}

function notes(c: ReadinessCriterion, names: Names): Html {
  const parts: string[] = [];
  if (c.note) parts.push(label("readiness.note", c.note));
  parts.push(...resourceNotes(c, names));
  for (const f of c.figures ?? []) {
    if (f.value !== null) parts.push(figureText(f, c.figureLabels?.[f.figureId]));
  }
  if (c.entry?.note) parts.push(c.entry.note);
  const due = c.entry?.dueDate;
  const overdue = isOverdue(due, c.status === "pass");
  // One separator between parts, not "。；" after a note that ends its sentence.
  const text = parts.map((p) => p.replace(/[。；;.\s]+$/u, "")).join("；");
  return html`${text}${
    due
      ? html`${parts.length > 0 ? "；" : ""}${t("readiness.due", { date: due })}${
          overdue
            ? html` <span class="jh-badge jh-badge--fail" data-overdue
                >${t("readiness.overdue")}</span
              >`
            : ""
        }`
      : ""
  }`;
}

function holders(c: ReadinessCriterion, names: Names): string {
  const list = c.holderKind === "schools" ? c.holders.map((h) => schoolName(h, names)) : c.holders;
  return list.length > 0 ? list.join("、") : t("readiness.none");
}

/** Every criterion side by side (docs/assessment.md, Readiness). */
export function criteriaTable(view: ReadinessView): Html {
  const columns: Column<ReadinessCriterion>[] = [
    { label: t("readiness.colCriterion"), rowHeader: true, cell: (c) => criterionName(c, view) },
    { label: t("readiness.colKind"), cell: (c) => areaText(c, view) },
    {
      label: t("readiness.colStatus"),
      cell: (c) =>
        html`<span class="jh-badge ${statusClass(c.status)}"
          >${criterionStatusText(c.kind, c.status)}</span
        >`,
    },
    { label: t("readiness.colMargin"), cellClass: "jh-num", cell: marginText },
    { label: t("readiness.colHolders"), cell: (c) => holders(c, view.schoolNames) },
    { label: t("readiness.colNote"), cell: (c) => notes(c, view.schoolNames) },
  ];
  return dataTable(columns, view.criteria, {
    region: false,
    id: "readiness-criteria",
    caption: t("readiness.criteriaCaption"),
    captionClass: "jh-visually-hidden",
    labelCells: true,
    rowAttributes: (c) => ({ "data-criterion": c.criterion, "data-status": c.status }),
  });
}
