import type { SplitRule } from "./scheme.ts";
import type {
  Level,
  Operator,
  Ownership,
  Resources,
  SchoolData,
  SchoolKind,
} from "./school-data.ts";

/**
 * Splitting multi-level schools into parts (docs/assessment.md, Multi-level schools): a 九年一贯制
 * school becomes a primary and a junior part, a 完全中学 a junior (and a senior) part, a 十二年一贯制 school
 * all three; each compulsory part counts as a separate school of its level.
 *
 * - Resources in `rule.splitResources` (the facility figures) are shared out by weighted
 *   students: part share = w_part · P_part / Σ w · P, with w primary : junior : senior =
 *   1 : 1.1 : 1.32, and 1 : 1.2 for a complete middle school's junior : senior. Example: 166
 *   primary + 210 junior students and 23 226 books → 166 / (166 + 1.1 · 210) → 9 711.6 and 13 514.4.
 * - Every other resource (teacher counts, direct values such as class size) is NOT split: the
 *   decision here is that schools report it per part (`perPart`), as the statistics form
 *   (教育事业统计) records teachers by the level they teach. A figure given only for the whole
 *   school is left missing in the parts (so the CV lists the part under "missing_value") and is
 *   named in `warnings`, rather than guessed.
 * Senior parts are returned too (their share absorbs resources) but are not compulsory: callers
 * keep only `level` primary and junior (`compulsoryParts`).
 */
export type SchoolType = Level | "nine_year" | "complete_middle" | "twelve_year";

export type PartLevel = Level | "senior";

export interface SchoolRecord {
  readonly schoolId: string;
  readonly type: SchoolType;
  readonly kind?: SchoolKind;
  readonly ownership?: Ownership;
  readonly operator?: Operator;
  /** Students per level; a single-level school gives its one level. */
  readonly students: Readonly<Partial<Record<PartLevel, number>>>;
  /** Figures for the whole school (all figures of a single-level school go here). */
  readonly resources: Resources;
  /** Figures already per part, e.g. teacher counts; they win over a whole-school figure. */
  readonly perPart?: Readonly<Partial<Record<PartLevel, Resources>>>;
}

export interface SchoolPart {
  /** The school's id for a single-level school, `<schoolId>:<level>` for a part. */
  readonly schoolId: string;
  readonly parentSchoolId: string;
  readonly level: PartLevel;
  readonly students: number;
  readonly kind?: SchoolKind;
  readonly ownership?: Ownership;
  readonly operator?: Operator;
  readonly resources: Resources;
}

export interface SplitWarning {
  readonly schoolId: string;
  readonly resource: string;
  readonly reason: "not_splittable";
}

const levelsOf: Readonly<Record<SchoolType, readonly PartLevel[]>> = {
  primary: ["primary"],
  junior: ["junior"],
  nine_year: ["primary", "junior"],
  complete_middle: ["junior", "senior"],
  twelve_year: ["primary", "junior", "senior"],
};

export function splitSchool(
  school: SchoolRecord,
  rule: SplitRule,
): { parts: readonly SchoolPart[]; warnings: readonly SplitWarning[] } {
  const levels = levelsOf[school.type];
  // The school's kind, ownership and operator carry over to each part.
  const kindField = {
    ...(school.kind === undefined ? {} : { kind: school.kind }),
    ...(school.ownership === undefined ? {} : { ownership: school.ownership }),
    ...(school.operator === undefined ? {} : { operator: school.operator }),
  };
  if (levels.length === 1) {
    const level = levels[0] as PartLevel;
    const part: SchoolPart = {
      schoolId: school.schoolId,
      parentSchoolId: school.schoolId,
      level,
      students: school.students[level] ?? 0,
      ...kindField,
      resources: { ...school.resources, ...school.perPart?.[level] },
    };
    return { parts: [part], warnings: [] };
  }
  const weights =
    school.type === "complete_middle"
      ? { primary: 0, ...rule.completeMiddleWeights }
      : rule.weights;
  const weighted = levels.map((level) => weights[level] * (school.students[level] ?? 0));
  const totalWeighted = weighted.reduce((a, b) => a + b, 0);
  const splittable = new Set(rule.splitResources);
  const warnings: SplitWarning[] = [];
  for (const [resource, value] of Object.entries(school.resources)) {
    if (!splittable.has(resource) && value != null) {
      warnings.push({ schoolId: school.schoolId, resource, reason: "not_splittable" });
    }
  }
  const parts = levels.map((level, i): SchoolPart => {
    // With no students at all every share is 0; the parts are then excluded as zero enrolment.
    const share = totalWeighted > 0 ? (weighted[i] ?? 0) / totalWeighted : 0;
    const resources: Record<string, number | null> = {};
    for (const [resource, value] of Object.entries(school.resources)) {
      if (splittable.has(resource)) resources[resource] = value == null ? null : value * share;
    }
    return {
      schoolId: `${school.schoolId}:${level}`,
      parentSchoolId: school.schoolId,
      level,
      students: school.students[level] ?? 0,
      ...kindField,
      resources: { ...resources, ...school.perPart?.[level] },
    };
  });
  return { parts, warnings };
}

/** Every school split, keeping the compulsory parts as `SchoolData` rows. */
export function compulsoryParts(
  schools: readonly SchoolRecord[],
  rule: SplitRule,
): {
  schools: readonly (SchoolData & { parentSchoolId: string })[];
  warnings: readonly SplitWarning[];
} {
  const rows: (SchoolData & { parentSchoolId: string })[] = [];
  const warnings: SplitWarning[] = [];
  for (const school of schools) {
    const split = splitSchool(school, rule);
    warnings.push(...split.warnings);
    for (const part of split.parts) {
      if (part.level === "senior") continue;
      rows.push({ ...part, level: part.level });
    }
  }
  return { schools: rows, warnings };
}
