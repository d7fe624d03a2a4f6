/**
 * Three-valued outcomes shared by every assessment criterion. "unknown" means the data do not
 * decide the outcome yet (missing figures, unentered scores), never "probably fine".
 */
export type CriterionStatus = "pass" | "fail" | "unknown";

/** All must pass: any fail fails, otherwise any unknown leaves it unknown. */
export function allOf(statuses: Iterable<CriterionStatus>): CriterionStatus {
  let unknown = false;
  for (const status of statuses) {
    if (status === "fail") return "fail";
    if (status === "unknown") unknown = true;
  }
  return unknown ? "unknown" : "pass";
}

/**
 * Decides a rule from its best and worst case over the missing data: pass when even the worst
 * case passes, fail when even the best case fails, unknown otherwise.
 */
export function fromBounds(worstPasses: boolean, bestPasses: boolean): CriterionStatus {
  if (worstPasses) return "pass";
  if (!bestPasses) return "fail";
  return "unknown";
}
