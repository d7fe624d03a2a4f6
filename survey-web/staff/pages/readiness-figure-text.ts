import type { Label } from "../../../api/assessment/types.ts";
import { t } from "../i18n.ts";
import { labelText } from "./readiness-names.ts";

/**
 * Figures entered for assessment items, as people read them: shares as percentages, monitoring
 * levels as Ⅰ–Ⅳ, other numbers as they are; each beside its line ("≥ 95%", "< 0.15").
 */
type Unit = "share" | "level" | "number";
type Comparison = "at_least" | "at_most" | "below";

const roman = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"];
const signs: Record<Comparison, string> = { at_least: "≥", at_most: "≤", below: "<" };

export function figureValueText(unit: Unit, value: number): string {
  if (unit === "share") return `${Math.round(value * 1000) / 10}%`;
  if (unit === "level") return t("readiness.figure.level", { level: roman[value - 1] ?? value });
  return value.toLocaleString(undefined, { maximumFractionDigits: 4 });
}

/** "≥ 95%", "< 0.15", "≥ Ⅲ级". */
export function lineText(unit: Unit, comparison: Comparison, threshold: number): string {
  return `${signs[comparison]} ${figureValueText(unit, threshold)}`;
}

/** "初中三年巩固率 94.2%（标准 ≥ 95%）". */
export function figureText(
  f: {
    value: number | null;
    unit: Unit;
    comparison: Comparison;
    threshold: number;
    figureId: string;
  },
  name: Label | undefined,
): string {
  return t("readiness.figure.text", {
    name: labelText(name, t("readiness.none")),
    value: f.value === null ? t("readiness.none") : figureValueText(f.unit, f.value),
    line: lineText(f.unit, f.comparison, f.threshold),
  });
}

/** A margin of a level or a plain number, signed. */
export function figureUnitMargin(unit: Unit, margin: number): string {
  const signed = `${margin > 0 ? "+" : ""}${margin.toLocaleString(undefined, { maximumFractionDigits: 4 })}`;
  return unit === "level" ? t("readiness.figure.levelMargin", { value: signed }) : signed;
}
