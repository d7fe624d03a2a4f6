import type { Label } from "./scheme.ts";
import type { SchoolData } from "./school-data.ts";
import { type CriterionStatus, allOf } from "./status.ts";

/**
 * Items decided by staff entries and, where the item says so, by entered figures: the 2017
 * application conditions, education-quality and government-guarantee items (docs/assessment.md,
 * The 2017 method in full). Each is a yes/no with evidence, like a veto item; a figure check, a
 * per-school share or the disabled-children rate decides it from data once there are data.
 */

/**
 * Where an item's wording and line come from: a national text (sourced), circulating but
 * unconfirmed (待核: shipped as editable data, never as fact), or added by the province.
 */
export type ItemBasis = "sourced" | "unconfirmed" | "province";

export interface FigureCheck {
  readonly label: Label;
  /** share: a proportion shown as a percentage (0.95 = 95 %); level: a level 1 … 4; number: plain. */
  readonly unit: "share" | "level" | "number";
  /** at_least: value ≥ line; at_most: value ≤ line; below: value < line ("低于"). */
  readonly comparison: "at_least" | "at_most" | "below";
  readonly threshold: number;
  /** Set when this figure's line is less certain than the rest of its item. */
  readonly basis?: ItemBasis;
}

export type ItemCheck =
  | { readonly kind: "manual" }
  /** Figures entered for the district; every one must hold. */
  | { readonly kind: "figures"; readonly figures: Readonly<Record<string, FigureCheck>> }
  /** Per school part: resources[numerator] / resources[denominator] ≥ atLeast. */
  | {
      readonly kind: "school_share";
      readonly numerator: string;
      readonly denominator: string;
      readonly atLeast: number;
    }
  /** The disabled-children enrolment rate against the scheme's line. */
  | { readonly kind: "disabled_enrolment" };

export interface CheckedItem {
  readonly label: Label;
  /** Responsible departments (区教委 …), replaceable per entry. */
  readonly departments: readonly string[];
  readonly basis: ItemBasis;
  readonly check: ItemCheck;
}

/** Figures entered for an item, keyed by the figure ids of its check; null = not entered. */
export type EnteredFigures = Readonly<Record<string, number | null | undefined>>;

export interface FigureResult {
  readonly figureId: string;
  readonly value: number | null;
  readonly threshold: number;
  readonly comparison: FigureCheck["comparison"];
  readonly unit: FigureCheck["unit"];
  readonly status: CriterionStatus;
  /** Room to spare in the figure's unit (value − line, or line − value for at_most / below). */
  readonly margin: number | null;
}

/** One school part's share for a school_share check. */
export interface SchoolShare {
  readonly schoolId: string;
  readonly share: number | null;
  readonly status: CriterionStatus;
}

export interface ItemEvaluation {
  readonly status: CriterionStatus;
  readonly margin?: number;
  readonly figures?: readonly FigureResult[];
  readonly schoolShares?: readonly SchoolShare[];
  /** Schools that miss the share or lack its figures. */
  readonly schools?: readonly string[];
  /** Some figures are still missing (the status is then unknown unless one already fails). */
  readonly incomplete?: boolean;
}

export interface ItemData {
  readonly figures?: EnteredFigures | undefined;
  readonly schools?: readonly SchoolData[] | null | undefined;
  readonly disabledEnrolmentRate?: number | null | undefined;
  readonly disabledEnrolmentThreshold: number;
}

/** a ≥ b up to binary rounding, as for the school standards. */
const slack = 1e-12;

/** One figure against its line; a missing one is unknown. */
export function figureResult(id: string, check: FigureCheck, value: number | null): FigureResult {
  const { threshold, comparison, unit } = check;
  const base = { figureId: id, value, threshold, comparison, unit };
  if (value === null) return { ...base, status: "unknown", margin: null };
  const holds =
    comparison === "at_least"
      ? value >= threshold - slack * Math.abs(threshold)
      : comparison === "at_most"
        ? value <= threshold + slack * Math.abs(threshold)
        : value < threshold;
  const margin = comparison === "at_least" ? value - threshold : threshold - value;
  return { ...base, status: holds ? "pass" : "fail", margin };
}

/**
 * What the data say about an item; null when there are no data at all (no figure entered, no
 * school with the share's figures, no disabled-children rate), so the staff's entry decides.
 * Manual items always give null.
 */
export function evaluateItem(item: CheckedItem, data: ItemData): ItemEvaluation | null {
  const check = item.check;
  switch (check.kind) {
    case "manual":
      return null;
    case "disabled_enrolment": {
      const rate = data.disabledEnrolmentRate;
      if (rate == null) return null;
      const line = data.disabledEnrolmentThreshold;
      return { status: rate >= line ? "pass" : "fail", margin: rate - line };
    }
    case "figures": {
      const results = Object.entries(check.figures).map(([id, figure]) => {
        const value = data.figures?.[id];
        return figureResult(id, figure, value == null || !Number.isFinite(value) ? null : value);
      });
      if (results.every((r) => r.value === null)) return null;
      const only = results.length === 1 ? results[0] : undefined;
      return {
        status: allOf(results.map((r) => r.status)),
        ...(only?.margin != null ? { margin: only.margin } : {}),
        figures: results,
        ...(results.some((r) => r.value === null) ? { incomplete: true } : {}),
      };
    }
    case "school_share":
      return schoolShareEvaluation(check, data.schools ?? []);
  }
}

function schoolShareEvaluation(
  check: Extract<ItemCheck, { kind: "school_share" }>,
  schools: readonly SchoolData[],
): ItemEvaluation | null {
  const shares: SchoolShare[] = schools.map((school) => {
    const numerator = school.resources[check.numerator];
    const denominator = school.resources[check.denominator];
    if (numerator == null || denominator == null || !(denominator > 0)) {
      return { schoolId: school.schoolId, share: null, status: "unknown" };
    }
    const share = numerator / denominator;
    const holds = share >= check.atLeast * (1 - slack);
    return { schoolId: school.schoolId, share, status: holds ? "pass" : "fail" };
  });
  if (shares.every((s) => s.share === null)) return null;
  const known = shares.filter((s) => s.share !== null).map((s) => (s.share ?? 0) - check.atLeast);
  return {
    status: allOf(shares.map((s) => s.status)),
    margin: Math.min(...known),
    schoolShares: shares,
    schools: [
      ...shares.filter((s) => s.status === "fail").map((s) => s.schoolId),
      ...shares.filter((s) => s.status === "unknown").map((s) => s.schoolId),
    ],
    ...(shares.some((s) => s.share === null) ? { incomplete: true } : {}),
  };
}

/** Problems with figures about to be stored for an item: unknown ids, values out of range. */
export function figureErrors(
  item: CheckedItem,
  figures: EnteredFigures,
): { figureId: string; code: "unknown_figure" | "out_of_range" }[] {
  const known = item.check.kind === "figures" ? item.check.figures : {};
  const errors: { figureId: string; code: "unknown_figure" | "out_of_range" }[] = [];
  for (const [figureId, value] of Object.entries(figures)) {
    const figure = known[figureId];
    if (figure === undefined) errors.push({ figureId, code: "unknown_figure" });
    else if (value != null && !inRange(figure.unit, value))
      errors.push({ figureId, code: "out_of_range" });
  }
  return errors;
}

/** Shares 0 … 2 (a retention rate may pass 100 %), levels 1 … 4 whole, numbers finite ≥ 0. */
function inRange(unit: FigureCheck["unit"], value: number): boolean {
  if (!Number.isFinite(value) || value < 0) return false;
  if (unit === "share") return value <= 2;
  if (unit === "level") return Number.isInteger(value) && value >= 1 && value <= 4;
  return true;
}
