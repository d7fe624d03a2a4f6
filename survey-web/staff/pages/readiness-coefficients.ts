import type { CoefficientsView, LevelEvaluationView } from "../../../api/assessment/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";
import { cvText, labelText, schoolName, statusClass, statusText } from "./readiness-names.ts";

type Indicator = LevelEvaluationView["indicators"][number];

function cvCell(i: Indicator, margin: number, threshold: number, perIndicator: boolean): Html {
  const c = i.coefficient;
  if (c.status === "undefined")
    return html`<span class="jh-muted">${t("readiness.cv.undefined")}</span>`;
  if (c.status === "not_meaningful") {
    return html`0.000 <span class="jh-muted">${t("readiness.cv.notMeaningful")}</span>`;
  }
  const value = c.cv ?? null;
  const near = value !== null && Math.abs(value - threshold) <= margin + 1e-12;
  const above = value !== null && value > threshold;
  return html`${cvText(value)}
  ${near ? html` <span class="jh-badge jh-badge--warn" data-borderline>${t("readiness.cv.borderline")}</span>` : ""}
  ${above && perIndicator ? html` <span class="jh-badge jh-badge--fail">${t("readiness.cv.above")}</span>` : ""}`;
}

function levelTable(view: CoefficientsView, level: LevelEvaluationView): Html {
  const names = view.schoolNames;
  const labels = new Map(view.indicators.map((i) => [i.id, i.label]));
  const levelName = label("readiness.cv.level", level.level);
  const each = level.aggregation === "each";
  const columns: Column<Indicator>[] = [
    {
      label: t("readiness.cv.colIndicator"),
      rowHeader: true,
      cell: (i) => labelText(labels.get(i.indicatorId), i.indicatorId),
    },
    {
      label: t("readiness.cv.colCv"),
      cellClass: "jh-num",
      cell: (i) => cvCell(i, view.borderlineMargin, level.threshold, each),
    },
    {
      label: t("readiness.cv.colSchools"),
      cellClass: "jh-num",
      cell: (i) => i.coefficient.schools.length,
    },
    {
      label: t("readiness.cv.colExcluded"),
      cell: (i) =>
        i.coefficient.excluded
          .map(
            (e) =>
              `${schoolName(e.schoolId, names)}（${label("readiness.cv.excluded", e.reason)}）`,
          )
          .join("、"),
    },
    {
      label: t("readiness.cv.colTop"),
      cell: (i) =>
        i.topContributors
          .map((s) => `${schoolName(s.schoolId, names)} ${(s.varianceShare * 100).toFixed(0)}%`)
          .join("、"),
    },
  ];
  const composite = html`<tfoot>
    <tr data-composite>
      <th scope="row">${t("readiness.cv.composite")}</th>
      <td class="jh-num">
        ${level.composite === null ? t("readiness.cv.undefined") : cvText(level.composite)}
        ${level.borderline ? html` <span class="jh-badge jh-badge--warn" data-borderline>${t("readiness.cv.borderline")}</span>` : ""}
      </td>
      <td colspan="3">
        <span class="jh-badge ${statusClass(level.status)}">${statusText(level.status)}</span>
      </td>
    </tr>
  </tfoot>`;
  return dataTable(columns, level.indicators, {
    region: false,
    caption: t("readiness.cv.caption", { level: levelName, threshold: level.threshold.toFixed(2) }),
    compact: true,
    attributes: { "data-level": level.level },
    rowAttributes: (i) => ({ "data-indicator": i.indicatorId }),
    foot: level.aggregation === "composite_mean" ? composite : undefined,
  });
}

/** The scheme's rules for leaving schools out, in words ("民办学校；非县（区）属学校 …"). */
function exclusionRules(exclusions: CoefficientsView["exclusions"]): string[] {
  const rules: string[] = [];
  if (exclusions.excludePrivate) rules.push(t("readiness.leftOut.rule.private"));
  if (exclusions.excludeNonCounty) rules.push(t("readiness.leftOut.rule.nonCounty"));
  if (exclusions.excludeAllTeachingPoints) rules.push(t("readiness.leftOut.rule.teachingPoints"));
  else if (exclusions.teachingPointMinStudents !== null) {
    rules.push(
      t("readiness.leftOut.rule.smallTeachingPoints", { min: exclusions.teachingPointMinStudents }),
    );
  }
  if (exclusions.excludeSpecialEducation) rules.push(t("readiness.leftOut.rule.special"));
  if (exclusions.excludeVocational) rules.push(t("readiness.leftOut.rule.vocational"));
  return rules;
}

type LeftOut = CoefficientsView["leftOut"][number];

/** Which schools the coefficients leave out, and why, in words. */
function leftOutPanel(view: CoefficientsView): Html {
  const rules = exclusionRules(view.exclusions);
  const reason = (s: LeftOut) =>
    s.reason === "teaching_point" && !view.exclusions.excludeAllTeachingPoints
      ? t("readiness.leftOut.reason.smallTeachingPoint", {
          min: view.exclusions.teachingPointMinStudents ?? 0,
        })
      : label("readiness.leftOut.reason", s.reason);
  const columns: Column<LeftOut>[] = [
    {
      label: t("readiness.leftOut.colSchool"),
      rowHeader: true,
      cell: (s) => schoolName(s.schoolId, view.schoolNames),
    },
    { label: t("readiness.leftOut.colLevel"), cell: (s) => label("readiness.cv.level", s.level) },
    { label: t("readiness.leftOut.colReason"), cell: reason },
  ];
  return html`<h3 id="left-out-title">${t("readiness.leftOut.title")}</h3>
    <p class="jh-hint" id="left-out-rules">
      ${
        rules.length > 0
          ? t("readiness.leftOut.rules", { rules: rules.join("；") })
          : t("readiness.leftOut.noRules")
      }
    </p>
    ${
      view.leftOut.length === 0
        ? html`<p class="jh-muted" id="left-out-none">${t("readiness.leftOut.none")}</p>`
        : dataTable(columns, view.leftOut, {
            region: false,
            id: "left-out",
            caption: t("readiness.leftOut.caption"),
            captionClass: "jh-visually-hidden",
            compact: true,
            rowAttributes: (s) => ({ "data-school": s.schoolId, "data-reason": s.reason }),
          })
    }`;
}

/**
 * The CV tables per level with borderline marks (docs/assessment.md, Rounding and borderline
 * values), then the schools left out and why.
 */
export function coefficientTables(view: CoefficientsView): Html {
  if (view.levels.length === 0)
    return html`<p class="jh-muted">${t("readiness.cv.noData")}</p>
      ${leftOutPanel(view)}`;
  const missing = view.withoutData.map((code) => view.schoolNames[code] ?? code);
  return html`${view.levels.map((level) => levelTable(view, level))}
  ${missing.length > 0 ? html`<p class="jh-hint">${t("readiness.withoutData", { schools: missing.join("、") })}</p>` : ""}
  ${leftOutPanel(view)}`;
}
