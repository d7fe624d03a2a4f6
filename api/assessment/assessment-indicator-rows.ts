import type { IndicatorKind, IndicatorLevel } from "./indicators-repository.ts";
import { assessmentMessage as text } from "./messages.ts";

/**
 * School figures as a person gives them (an import line or a row of the edit form), checked
 * against the campaign's schools: the school exists, the part is one of its levels (a whole-school
 * row only for a multi-level school), one kind per school and year, no row twice. Every
 * problem names its line and column, so a bureau fixes them all in one pass.
 */
export interface IndicatorInput {
  line: number;
  schoolCode: string;
  schoolYear: string;
  level: IndicatorLevel;
  kind: IndicatorKind;
  students: number | null;
  resources: Record<string, number | null>;
  source: string;
}

export interface CheckedIndicator extends IndicatorInput {
  schoolId: number;
}

export interface IndicatorRowError {
  line: number;
  column: string | null;
  message: string;
}

export interface CampaignSchoolRef {
  id: number;
  code: string;
  levels: readonly string[];
}

export const levelWords: Record<string, IndicatorLevel> = {
  小学: "primary",
  初中: "junior",
  高中: "senior",
  全校: "school",
  primary: "primary",
  junior: "junior",
  senior: "senior",
  school: "school",
};
export const levelNames: Record<IndicatorLevel, string> = {
  primary: "小学",
  junior: "初中",
  senior: "高中",
  school: "全校",
};
export const kindWords: Record<string, IndicatorKind> = {
  普通: "regular",
  教学点: "teaching_point",
  特殊教育: "special_education",
  regular: "regular",
  teaching_point: "teaching_point",
  special_education: "special_education",
};

/** "2025-2026": the second year follows the first. */
export function isSchoolYear(value: string): boolean {
  const m = /^(\d{4})-(\d{4})$/.exec(value);
  return m !== null && Number(m[2]) === Number(m[1]) + 1;
}

export function checkIndicatorRows(
  rows: readonly IndicatorInput[],
  schools: readonly CampaignSchoolRef[],
  columnOf: (field: "schoolCode" | "level" | "kind" | "students") => string,
): { ok: true; rows: CheckedIndicator[] } | { ok: false; errors: IndicatorRowError[] } {
  const byCode = new Map(schools.map((s) => [s.code, s]));
  const errors: IndicatorRowError[] = [];
  const seen = new Map<string, number>();
  const kinds = new Map<string, IndicatorKind>();
  const checked: CheckedIndicator[] = [];
  for (const row of rows) {
    const fail = (column: string | null, message: string) =>
      errors.push({ line: row.line, column, message });
    const school = byCode.get(row.schoolCode);
    if (!school) {
      fail(columnOf("schoolCode"), text("unknownSchool", { code: row.schoolCode }));
      continue;
    }
    const multiLevel = school.levels.length > 1;
    if (row.level === "school" && !multiLevel) fail(columnOf("level"), text("wholeSchoolRow"));
    if (row.level !== "school" && !school.levels.includes(row.level)) {
      fail(columnOf("level"), text("levelNotInSchool", { level: levelNames[row.level] }));
    }
    if (row.level === "school" && row.students !== null) {
      fail(columnOf("students"), text("wholeSchoolRow"));
    }
    const key = `${row.schoolCode}\u0000${row.schoolYear}\u0000${row.level}`;
    const other = seen.get(key);
    if (other !== undefined) {
      fail(
        columnOf("schoolCode"),
        text("duplicate", {
          code: row.schoolCode,
          year: row.schoolYear,
          level: levelNames[row.level],
          other,
        }),
      );
    }
    seen.set(key, row.line);
    const schoolKey = `${row.schoolCode}\u0000${row.schoolYear}`;
    const kind = kinds.get(schoolKey);
    if (kind !== undefined && kind !== row.kind) fail(columnOf("kind"), text("kindDiffers"));
    kinds.set(schoolKey, row.kind);
    checked.push({ ...row, schoolId: school.id });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: checked };
}
