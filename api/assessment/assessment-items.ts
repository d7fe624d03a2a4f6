import {
  type CheckedItem,
  type ItemBasis,
  type Label,
  type Scheme,
  type VetoEvaluation,
  checkedItemLists,
} from "../../analysis/assessment/index.ts";

/**
 * Every item of a scheme that staff record an entry for (status, note, departments, due date,
 * figures, evidence files): the application conditions, the guarantee and quality items and the
 * veto items, in the order the readiness page shows them. One id names one item across the lists
 * (the scheme's schema checks it), so entries are stored per item id.
 */
export type ItemArea = "application" | "guarantee" | "quality" | "veto";

export interface FigureView {
  id: string;
  label: Label;
  unit: "share" | "level" | "number";
  comparison: "at_least" | "at_most" | "below";
  threshold: number;
  basis: ItemBasis | null;
}

export interface SchemeItem {
  itemId: string;
  area: ItemArea;
  label: Label;
  departments: readonly string[];
  /**
   * How it is decided: "manual" by the entry; "figures" by the figures entered with it;
   * "school_share", "disabled_enrolment", "satisfaction", "three_growths", "school_standards"
   * from data the product holds (the entry stands in while they are absent).
   */
  evaluation: VetoEvaluation | CheckedItem["check"]["kind"];
  /** null for veto items, which carry no basis. */
  basis: ItemBasis | null;
  figures: FigureView[];
}

const areaOf = {
  applicationConditions: "application",
  guaranteeItems: "guarantee",
  qualityItems: "quality",
} as const;

export function schemeItems(scheme: Scheme): SchemeItem[] {
  const items: SchemeItem[] = [];
  for (const list of checkedItemLists) {
    for (const [itemId, item] of Object.entries(scheme[list])) {
      const check = item.check;
      items.push({
        itemId,
        area: areaOf[list],
        label: item.label,
        departments: item.departments,
        evaluation: check.kind,
        basis: item.basis,
        figures:
          check.kind === "figures"
            ? Object.entries(check.figures).map(([id, f]) => ({
                id,
                label: f.label,
                unit: f.unit,
                comparison: f.comparison,
                threshold: f.threshold,
                basis: f.basis ?? null,
              }))
            : [],
      });
    }
  }
  for (const [itemId, item] of Object.entries(scheme.vetoes)) {
    items.push({
      itemId,
      area: "veto",
      label: item.label,
      departments: item.departments,
      evaluation: item.evaluation,
      basis: null,
      figures: [],
    });
  }
  return items;
}

/** The checked item (not a veto) of that id, if the scheme has one. */
export function checkedItem(scheme: Scheme, itemId: string): CheckedItem | undefined {
  for (const list of checkedItemLists) {
    if (Object.hasOwn(scheme[list], itemId)) return scheme[list][itemId];
  }
  return undefined;
}
