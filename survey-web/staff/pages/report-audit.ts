import type { ReportView, SuppressedCount } from "../../../api/analysis/types.ts";
import type { SamplePlanView } from "../../../api/campaigns/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { count, countValue, decimal, percent } from "../format.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";
import { definitionText } from "./report-parts.ts";

// The report's evidence about itself: the sample against the plan, what the
// weights do, and the settings the figures were computed with.

interface PlanRow {
  name: string;
  responses: SuppressedCount | undefined;
  target: number | undefined;
}

const planColumns = (): Column<PlanRow>[] => [
  { label: "", rowHeader: true, cell: (r) => r.name },
  { label: t("dashboard.responses"), numeric: true, cell: (r) => count(r.responses ?? 0) },
  {
    label: t("report.planTarget"),
    numeric: true,
    cell: (r) => (r.target === undefined ? "—" : count(r.target)),
  },
  {
    label: t("dashboard.pctOfTarget"),
    numeric: true,
    cell: (r) => {
      const got = countValue(r.responses ?? 0);
      return got !== null && r.target ? percent(got / r.target, 0) : "—";
    },
  },
];

/** A quota's responses over its groups; unknown when any is hidden as "<5". */
function summed(values: (SuppressedCount | undefined)[]): SuppressedCount | undefined {
  let total = 0;
  for (const v of values) {
    const n = countValue(v ?? 0);
    if (n === null) return undefined;
    total += n;
  }
  return total;
}

/** The sample as it stands against the plan's floors (docs/weighting.md, Sample plan). */
export function sampleTable(sample: ReportView["sample"], plan: SamplePlanView | null): Html {
  const groups = [
    ...new Set([...Object.keys(plan?.byGroup ?? {}), ...Object.keys(sample.byGroup)]),
  ];
  const areas = (["urban", "town", "rural", "none"] as const).filter(
    (a) => a in sample.byAreaType || (a !== "none" && plan?.byArea?.[a] !== undefined),
  );
  const rows: PlanRow[] = [
    { name: t("report.sampleTotal"), responses: sample.rows, target: plan?.total },
    ...groups.map((g) => ({
      name: label("group", g),
      responses: sample.byGroup[g],
      target: plan?.byGroup[g],
    })),
    // Groups that share one official quota (人大代表、政协委员; 校长、教师): the quota's row.
    ...(plan?.quotas ?? [])
      .filter((q) => q.groups.length > 1)
      .map((q) => ({
        name: q.groups.map((g) => label("group", g)).join(t("dashboard.quotaJoin")),
        responses: summed(q.groups.map((g) => sample.byGroup[g])),
        target: q.target,
      })),
    ...areas.map((a) => ({
      name: a === "none" ? t("report.noSchool") : label("area", a),
      responses: sample.byAreaType[a],
      target: a === "none" ? undefined : (plan?.byArea?.[a] ?? undefined),
    })),
  ];
  return dataTable(planColumns(), rows, {
    id: "sample-table",
    captionId: "sample-caption",
    caption: t("report.sampleCaption"),
    compact: true,
  });
}

/** Answers per school against the school's parent target (the plan splits parents by enrolment). */
export function schoolSampleTable(
  sample: ReportView["sample"],
  plan: SamplePlanView | null,
  names: Map<string, string>,
): Html {
  const columns: Column<[string, SuppressedCount]>[] = [
    {
      label: t("school.name"),
      rowHeader: true,
      cell: ([code]) => html`${names.get(code) ?? code} <span class="jh-muted">${code}</span>`,
    },
    { label: t("report.allGroups"), numeric: true, cell: ([, n]) => count(n) },
    {
      label: t("report.parentTarget"),
      numeric: true,
      cell: ([code]) => count(plan?.parentsBySchool[code]),
    },
  ];
  return dataTable(columns, Object.entries(sample.bySchool), {
    id: "sample-schools",
    caption: t("report.sampleSchoolsCaption"),
    compact: true,
  });
}

type GroupWeight = [string, ReportView["weights"]["byGroup"][string]];

const weightColumns = (): Column<GroupWeight>[] => [
  { label: t("dashboard.group"), rowHeader: true, cell: ([group]) => label("group", group) },
  { label: t("weights.respondents"), numeric: true, cell: ([, w]) => count(w.respondents) },
  {
    label: t("weights.groupWeight"),
    numeric: true,
    cell: ([, w]) => (w.groupWeight === null ? "—" : decimal(w.groupWeight, 3)),
  },
  {
    label: t("weights.poststratified"),
    cell: ([, w]) =>
      w.poststratified
        ? label("weights.shares", w.shares ?? "enrolment")
        : t("weights.notPoststratified"),
  },
  {
    label: t("weights.emptySchools"),
    cell: ([, w]) => (w.emptySchools.length === 0 ? "—" : w.emptySchools.join("、")),
  },
];

/**
 * What the weights do (docs/weighting.md, Weight audit): spread, Kish n_eff, and how each group is
 * weighted.
 */
export function weightsSection(
  weights: ReportView["weights"],
  warnings: ReportView["warnings"],
): Html {
  return html`<dl class="jh-facts" id="weight-audit">
      <dt>${t("weights.n")}</dt>
      <dd>${count(weights.n)}</dd>
      <dt>${t("weights.range")}</dt>
      <dd>${decimal(weights.min, 3)} – ${decimal(weights.max, 3)}</dd>
      <dt>${t("weights.ratio")}</dt>
      <dd>${decimal(weights.ratio, 2)}</dd>
      <dt>${t("weights.kish")}</dt>
      <dd>${decimal(weights.kishNEff, 1)}</dd>
      <dt>${t("weights.deff")}</dt>
      <dd>${decimal(weights.designEffect, 2)}</dd>
    </dl>
    ${dataTable(weightColumns(), Object.entries(weights.byGroup), {
      id: "weight-groups",
      captionId: "weights-groups-caption",
      caption: t("weights.byGroupCaption"),
      compact: true,
    })}
    ${
      warnings.length > 0
        ? html`<ul class="jh-warnings">
            ${warnings.map((w) => html`<li>${label("warning", w.code, { group: label("group", w.group) })}</li>`)}
          </ul>`
        : ""
    }`;
}

/** The settings the figures were computed with, so a printed report names its method. */
export function configSection(config: Record<string, unknown>, items: readonly string[]): Html {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join("、") : "—");
  const groupWeights = config.groupWeights as Record<string, number> | null | undefined;
  return html`<dl class="jh-facts" id="config-used">
    <dt>${t("config.definition")}</dt>
    <dd>${definitionText(String(config.definition ?? ""))}</dd>
    <dt>${t("config.items")}</dt>
    <dd>${items.map((i) => label("item", i)).join("、") || "—"}</dd>
    <dt>${t("config.favourable")}</dt>
    <dd>${list(config.favourable)}</dd>
    <dt>${t("config.excluded")}</dt>
    <dd>${list(config.excluded)}</dd>
    <dt>${t("config.threshold")}</dt>
    <dd>${typeof config.threshold === "number" ? percent(config.threshold, 0) : "—"}</dd>
    <dt>${t("config.poststratify")}</dt>
    <dd>${config.poststratify ? t("config.yes") : t("config.no")}</dd>
    <dt>${t("config.groupWeights")}</dt>
    <dd>
      ${
        groupWeights
          ? Object.entries(groupWeights)
              .map(([g, w]) => `${label("group", g)} ${w}`)
              .join("、")
          : t("config.none")
      }
    </dd>
    <dt>${t("config.aware")}</dt>
    <dd>${list(config.aware)}</dd>
  </dl>`;
}
