import { type GradeBand, type SamplePlan, gradeBands } from "../../analysis/index.ts";
import type { AreaType, Scheme } from "../db/database.ts";

/**
 * A quota of the sample plan as the dashboard shows it ("还需 N 份"): an official respondent
 * category (`groups` are the respondent groups it covers) or, under quality_2017, an area type
 * (`groups` empty: every group counts) or a grade band of the students (`groups` ["student"];
 * counted from their answers to the grade question). `responses` are summed over what the quota
 * covers.
 */
export interface DashboardQuota<C> {
  kind: "category" | "area" | "grade_band";
  key: string;
  groups: string[];
  target: number | null;
  responses: C;
}

/**
 * The quotas of the dashboard's scope. Campaign: every category of the plan, then, when the
 * campaign follows quality_2017, the area types with a target (the rules ask for urban / town /
 * rural in proportion to residents) and the students' grade bands (roughly equal; see
 * docs/weighting.md, Sample plan and Grade bands). `grades` are the students' responses per
 * band, null when not counted. One school: its parents only, the one quota the plan sets per
 * school.
 */
export function dashboardQuotas(
  plan: SamplePlan,
  scheme: Scheme,
  scope: { schoolCode: string | null },
  responsesOf: (group: string) => number,
  areas: readonly { areaType: AreaType; target: number | null; responses: number }[],
  grades: Readonly<Record<GradeBand, number>> | null,
): DashboardQuota<number>[] {
  if (scope.schoolCode !== null) {
    return [
      {
        kind: "category",
        key: "parent",
        groups: ["parent"],
        target: plan.parentsBySchool[scope.schoolCode] ?? 0,
        responses: responsesOf("parent"),
      },
    ];
  }
  const categories = plan.quotas.map((q): DashboardQuota<number> => ({
    kind: "category",
    key: q.key,
    groups: q.groups,
    target: q.target,
    responses: q.groups.reduce((sum, g) => sum + responsesOf(g), 0),
  }));
  if (scheme !== "quality_2017") return categories;
  const byBand = plan.byGradeBand;
  return [
    ...categories,
    ...areas
      .filter((a) => a.target !== null)
      .map((a): DashboardQuota<number> => ({
        kind: "area",
        key: a.areaType,
        groups: [],
        target: a.target,
        responses: a.responses,
      })),
    ...(byBand === null || grades === null
      ? []
      : gradeBands.map(({ band }): DashboardQuota<number> => ({
          kind: "grade_band",
          key: band,
          groups: ["student"],
          target: byBand[band],
          responses: grades[band],
        }))),
  ];
}
