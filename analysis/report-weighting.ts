import type { AnalysisConfig } from "./analysis-config.ts";
import { type WeightedCellDesign, cellDesign } from "./cell-estimates.ts";
import type { Cell } from "./cells.ts";
import type { ReportSchool } from "./report-school.ts";

/**
 * Who the report post-stratifies to what (docs/weighting.md, Post-stratification to school shares),
 * with `config.poststratify`:
 * - parents to the schools' enrolment shares;
 * - teachers and principals to the schools' teacher-count shares, when every listed school
 *   has a teacher count (a partial count would misstate the shares): principals follow their
 *   staff's size, the closest known measure of a school's weight in their answers;
 * - every other group (students, deputies, CPPCC members, residents …) b = 1: no known
 *   population share per school exists for them.
 * A group with respondents at a school without a positive share (no school, or a code outside
 * the list) cannot be post-stratified: it keeps b = 1 and a `not_poststratified` warning.
 * Group weights that miss a group present are not applied (`group_weights_incomplete`)
 * rather than guessing that group's weight.
 */
export type ShareBasis = "enrolment" | "teachers";

/** The report's weights section for one group (`AnalysisReport.weights.byGroup`). */
export interface GroupWeights<C = number> {
  readonly respondents: C;
  /** W'_g, or null without group weights. */
  readonly groupWeight: number | null;
  readonly poststratified: boolean;
  /** What the group is post-stratified to, or null for b = 1. */
  readonly shares: ShareBasis | null;
  /** Codes of schools with a share and no respondent of the group (shares renormalised). */
  readonly emptySchools: readonly string[];
}

export interface ReportWarning {
  /**
   * `not_poststratified`: the group has respondents at schools without a share;
   * `group_weights_incomplete`: the group has no group weight, so none are applied.
   */
  readonly code: "not_poststratified" | "group_weights_incomplete";
  readonly group: string;
}

export interface ReportWeighting {
  /** Weights of the (group, school) pairs handed in, and the per-group summary. */
  readonly design: WeightedCellDesign;
  readonly byGroup: Readonly<Record<string, GroupWeights>>;
  readonly warnings: readonly ReportWarning[];
}

const teacherShareGroups: readonly string[] = ["teacher", "principal"];

export function reportWeighting(
  pairs: readonly Pick<Cell, "group" | "school" | "rows">[],
  groups: readonly string[],
  schools: readonly ReportSchool[],
  config: AnalysisConfig,
): ReportWeighting {
  const warnings: ReportWarning[] = [];
  const basis = new Map<string, ShareBasis>();
  const schoolShares = new Map<string, Record<string, number>>();
  const enrolment = positiveShares(schools.map((s) => [s.code, s.enrolment]));
  const everyTeacherCount = schools.length > 0 && schools.every((s) => s.teachers !== null);
  const teachers = everyTeacherCount
    ? positiveShares(schools.map((s) => [s.code, s.teachers ?? 0]))
    : null;
  for (const group of config.poststratify ? groups : []) {
    const kind: ShareBasis | null =
      group === "parent" ? "enrolment" : teacherShareGroups.includes(group) ? "teachers" : null;
    const shares = kind === "enrolment" ? enrolment : kind === "teachers" ? teachers : null;
    if (kind === null || shares === null) continue;
    const uncovered = pairs.some(
      (pair) =>
        pair.group === group &&
        pair.rows > 0 &&
        !(pair.school !== null && Object.hasOwn(shares, pair.school)),
    );
    if (uncovered) {
      warnings.push({ code: "not_poststratified", group });
      continue;
    }
    schoolShares.set(group, shares);
    basis.set(group, kind);
  }
  let groupWeights = config.groupWeights;
  if (groupWeights !== null) {
    const weights = groupWeights;
    const missing = groups.filter((group) => !Object.hasOwn(weights, group));
    for (const group of missing) warnings.push({ code: "group_weights_incomplete", group });
    if (missing.length > 0) groupWeights = null;
  }
  const design = cellDesign(pairs, {
    schoolShares: Object.fromEntries(schoolShares),
    poststratify: config.poststratify,
    groupWeights,
  });
  const byGroup = Object.fromEntries(
    groups.map((key) => {
      const group = design.weighting.find((g) => g.key === key)!;
      const weights: GroupWeights = {
        respondents: group.respondents,
        groupWeight: group.groupWeight,
        poststratified: group.poststratified,
        shares: group.poststratified ? (basis.get(key) ?? null) : null,
        emptySchools: group.emptySchools,
      };
      return [key, weights];
    }),
  );
  return { design, byGroup, warnings };
}

/** Codes with a positive count; null when nothing is positive. */
function positiveShares(counts: [string, number][]): Record<string, number> | null {
  const positive = counts.filter(([, count]) => count > 0 && Number.isFinite(count));
  return positive.length === 0 ? null : Object.fromEntries(positive);
}
