import { evaluateItem } from "./checked-items.ts";
import type { ReadinessCriterion, ReadinessInput, VetoEntry } from "./readiness.ts";
import type { CheckedItemList } from "./scheme.ts";
import type { CriterionStatus } from "./status.ts";

/**
 * The checked items of one list (application conditions, guarantee or quality items) as
 * readiness criteria (docs/assessment.md, The 2017 method in full): figures, per-school shares or
 * the disabled-children rate decide where there are data; the staff's entry stands in without.
 */
const itemKinds: Readonly<Record<CheckedItemList, "application" | "guarantee" | "quality">> = {
  applicationConditions: "application",
  guaranteeItems: "guarantee",
  qualityItems: "quality",
};

export function enteredStatus(entry: VetoEntry | undefined): CriterionStatus {
  return entry?.status === "met" ? "pass" : entry?.status === "not_met" ? "fail" : "unknown";
}

/** One list of checked items: figures and school data decide; the entry stands in without them. */
export function checkedItems(
  input: ReadinessInput,
  list: CheckedItemList,
  entries: ReadonlyMap<string, VetoEntry>,
): ReadinessCriterion[] {
  const { scheme } = input;
  const kind = itemKinds[list];
  return Object.entries(scheme[list]).map(([itemId, item]): ReadinessCriterion => {
    const entry = entries.get(itemId);
    const departments = entry?.departments ?? item.departments;
    const evaluation = evaluateItem(item, {
      figures: entry?.figures,
      schools: input.schools,
      disabledEnrolmentRate: input.disabledEnrolmentRate,
      disabledEnrolmentThreshold: scheme.disabledEnrolmentThreshold,
    });
    const base = {
      criterion: `${kind}:${itemId}` as const,
      kind: kind === "application" ? ("application" as const) : ("condition" as const),
      basis: item.basis,
    };
    if (evaluation === null) {
      const status = enteredStatus(entry);
      return {
        ...base,
        status,
        holders: status === "pass" ? [] : departments,
        holderKind: "departments",
        ...(item.check.kind !== "manual" && entry !== undefined && entry.status !== "unknown"
          ? { note: "entered" as const }
          : {}),
      };
    }
    const bySchool = evaluation.schools !== undefined;
    const holders = evaluation.status === "pass" ? [] : (evaluation.schools ?? departments);
    return {
      ...base,
      status: evaluation.status,
      ...(evaluation.margin === undefined ? {} : { margin: evaluation.margin }),
      holders,
      holderKind: bySchool ? "schools" : "departments",
      ...(evaluation.incomplete && evaluation.status === "unknown"
        ? { note: "incomplete" as const }
        : {}),
      ...(evaluation.figures ? { figures: evaluation.figures } : {}),
      ...(evaluation.schoolShares ? { schoolShares: evaluation.schoolShares } : {}),
    };
  });
}
