import type { ReportVersionCount } from "../../analysis/analysis-report.ts";
import type { VersionName, VersionRows } from "./questionnaire-versions-repository.ts";

/**
 * The report's respondents per questionnaire version (key and version number), from the version
 * counts that come with the cells (cell-count-repository.ts): excluded responses left out, as
 * in the cells, and nothing extra to count when the cell cache holds the settled part.
 */
export function reportVersionCounts(
  versions: VersionRows,
  names: readonly VersionName[],
): ReportVersionCount[] {
  return names.map((v) => ({
    key: v.key,
    version: v.version,
    responses: versions.included.get(v.id) ?? 0,
  }));
}

/** The sum of two version counts (the settled part and what arrived since). */
export function mergeVersionRows(a: VersionRows, b: VersionRows): VersionRows {
  const add = (x: ReadonlyMap<number, number>, y: ReadonlyMap<number, number>) => {
    const sum = new Map(x);
    for (const [id, n] of y) sum.set(id, (sum.get(id) ?? 0) + n);
    return sum;
  };
  return { included: add(a.included, b.included), excluded: add(a.excluded, b.excluded) };
}
