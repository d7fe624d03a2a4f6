import type { ReportView, SuppressedCount } from "../../../api/analysis/types.ts";
import type { SamplePlanView } from "../../../api/campaigns/types.ts";
import { count, countValue, decimal, percent } from "../format.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";
import { definitionText } from "./report-parts.ts";

// The report's evidence about itself: the sample against the plan, what the
// weights do, and the settings the figures were computed with.

function planRow(
  name: string,
  responses: SuppressedCount | undefined,
  target: number | undefined,
): Html {
  const got = countValue(responses ?? 0);
  return html`<tr>
    <th scope="row">${name}</th>
    <td class="jh-num">${count(responses ?? 0)}</td>
    <td class="jh-num">${target === undefined ? "—" : count(target)}</td>
    <td class="jh-num">${got !== null && target ? percent(got / target, 0) : "—"}</td>
  </tr>`;
}

/** The sample as it stands against the plan's floors (docs/weighting.md, Sample plan). */
export function sampleTable(sample: ReportView["sample"], plan: SamplePlanView | null): Html {
  const groups = [
    ...new Set([...Object.keys(plan?.byGroup ?? {}), ...Object.keys(sample.byGroup)]),
  ];
  const areas = (["urban", "town", "rural", "none"] as const).filter(
    (a) => a in sample.byAreaType || (a !== "none" && plan?.byArea?.[a] !== undefined),
  );
  return html`<div
    class="jh-table-wrap"
    tabindex="0"
    role="region"
    aria-labelledby="sample-caption"
  >
    <table class="jh-table jh-table--compact" id="sample-table">
      <caption id="sample-caption">
        ${t("report.sampleCaption")}
      </caption>
      <thead>
        <tr>
          <th scope="col"></th>
          <th scope="col" class="jh-num">${t("dashboard.responses")}</th>
          <th scope="col" class="jh-num">${t("report.planTarget")}</th>
          <th scope="col" class="jh-num">${t("dashboard.pctOfTarget")}</th>
        </tr>
      </thead>
      <tbody>
        ${planRow(t("report.sampleTotal"), sample.rows, plan?.total)}
        ${groups.map((g) => planRow(label("group", g), sample.byGroup[g], plan?.byGroup[g]))}
        ${areas.map((a) =>
          planRow(
            a === "none" ? t("report.noSchool") : label("area", a),
            sample.byAreaType[a],
            a === "none" ? undefined : (plan?.byArea?.[a] ?? undefined),
          ),
        )}
      </tbody>
    </table>
  </div>`;
}

/** Answers per school against the school's parent target (the plan splits parents by enrolment). */
export function schoolSampleTable(
  sample: ReportView["sample"],
  plan: SamplePlanView | null,
  names: Map<string, string>,
): Html {
  return html`<div
    class="jh-table-wrap"
    tabindex="0"
    role="region"
    aria-labelledby="sample-schools-caption"
  >
    <table class="jh-table jh-table--compact" id="sample-schools">
      <caption id="sample-schools-caption">
        ${t("report.sampleSchoolsCaption")}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t("school.name")}</th>
          <th scope="col" class="jh-num">${t("report.allGroups")}</th>
          <th scope="col" class="jh-num">${t("report.parentTarget")}</th>
        </tr>
      </thead>
      <tbody>
        ${Object.entries(sample.bySchool).map(
          ([code, n]) =>
            html`<tr>
              <th scope="row">${names.get(code) ?? code} <span class="jh-muted">${code}</span></th>
              <td class="jh-num">${count(n)}</td>
              <td class="jh-num">
                ${plan?.parentsBySchool[code] === undefined ? "—" : count(plan.parentsBySchool[code])}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

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
    <div class="jh-table-wrap" tabindex="0" role="region" aria-labelledby="weights-groups-caption">
      <table class="jh-table jh-table--compact" id="weight-groups">
        <caption id="weights-groups-caption">
          ${t("weights.byGroupCaption")}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t("dashboard.group")}</th>
            <th scope="col" class="jh-num">${t("weights.respondents")}</th>
            <th scope="col" class="jh-num">${t("weights.groupWeight")}</th>
            <th scope="col">${t("weights.poststratified")}</th>
            <th scope="col">${t("weights.emptySchools")}</th>
          </tr>
        </thead>
        <tbody>
          ${Object.entries(weights.byGroup).map(
            ([group, w]) =>
              html`<tr>
                <th scope="row">${label("group", group)}</th>
                <td class="jh-num">${count(w.respondents)}</td>
                <td class="jh-num">${w.groupWeight === null ? "—" : decimal(w.groupWeight, 3)}</td>
                <td>
                  ${w.poststratified ? label("weights.shares", w.shares ?? "enrolment") : t("weights.notPoststratified")}
                </td>
                <td>${w.emptySchools.length === 0 ? "—" : w.emptySchools.join("、")}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
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
