import type { GovernmentIndicator, StandardIndicator } from "./scheme.ts";

/**
 * Stand-ins for the two lists of basic_2012 that the national method leaves to the province
 * (*configurable*; docs/assessment.md, Placeholders and configurable figures): the 13 core
 * indicators of the school basic standard with their thresholds, and the 17 items of the government
 * work score. Every core indicator carries `placeholder: true`; a province replaces them with
 * `applySchemeOverrides`. The items and figures are plausible national-style values, not quoted
 * from any province's table.
 */
const perStudent = (resource: string, scale = 1) =>
  ({ kind: "per_student", resource, scale }) as const;

/** The seed plan's 13 core indicators: the list and every threshold are placeholders. */
function core(
  zh: string,
  en: string,
  measure: StandardIndicator["measure"],
  primary: number,
  junior: number,
  comparison: StandardIndicator["comparison"] = "at_least",
): StandardIndicator {
  return {
    label: { zh, en },
    measure,
    comparison,
    threshold: { primary, junior },
    placeholder: true,
  };
}

export const coreIndicators2012: Record<string, StandardIndicator> = {
  site_area: core("生均占地面积", "Site area per student", perStudent("school_site_area"), 18, 23),
  building_area: core(
    "生均校舍建筑面积",
    "School building area per student",
    perStudent("school_building_area"),
    6,
    8,
  ),
  floor_area: core(
    "生均教学及辅助用房面积",
    "Teaching and auxiliary floor area per student",
    perStudent("teaching_auxiliary_floor_area"),
    3,
    4,
  ),
  sports_ground: core(
    "生均体育运动场馆面积",
    "Sports ground area per student",
    perStudent("sports_ground_area"),
    5,
    7,
  ),
  equipment_value: core(
    "生均教学仪器设备值",
    "Teaching equipment value per student",
    perStudent("equipment_value"),
    1000,
    1500,
  ),
  computers_per_100: core(
    "每百名学生拥有计算机台数",
    "Computers per 100 students",
    perStudent("computers", 100),
    10,
    12,
  ),
  multimedia_per_100: core(
    "每百名学生拥有网络多媒体教室数",
    "Networked multimedia classrooms per 100 students",
    perStudent("multimedia_classrooms", 100),
    1.5,
    1.5,
  ),
  books: core("生均图书册数", "Books per student", perStudent("books"), 15, 25),
  teachers: core("师生比", "Teachers per student", perStudent("teachers"), 1 / 19, 1 / 13.5),
  teachers_above_degree: core(
    "生均高于规定学历教师数",
    "Teachers above the required degree per student",
    perStudent("teachers_above_degree"),
    0.03,
    0.04,
  ),
  pe_art_per_100: core(
    "每百名学生拥有体育、艺术专任教师数",
    "PE and art teachers per 100 students",
    perStudent("pe_art_teachers", 100),
    0.6,
    0.6,
  ),
  class_size: core(
    "平均班额",
    "Average class size",
    { kind: "direct", resource: "average_class_size" },
    45,
    50,
    "at_most",
  ),
  public_funds: core(
    "生均公用经费",
    "Public funds per student",
    { kind: "direct", resource: "public_funds_per_student" },
    650,
    850,
  ),
};

/** Placeholder items of the government work score: 4 aspects, 17 items, 100 points. */
export function governmentIndicators(): Record<string, GovernmentIndicator> {
  const aspects: readonly [string, string, string, readonly number[]][] = [
    ["access", "入学机会", "Access", [5, 5, 5]],
    ["funding", "保障机制", "Funding and guarantees", [5, 5, 5, 5, 5, 5]],
    ["teachers", "教师队伍", "Teaching staff", [7, 6, 6, 6]],
    ["quality", "质量与管理", "Quality and management", [8, 8, 7, 7]],
  ];
  const items: Record<string, GovernmentIndicator> = {};
  for (const [aspect, zh, en, points] of aspects) {
    points.forEach((maxPoints, i) => {
      items[`${aspect}_${i + 1}`] = {
        aspect,
        label: { zh: `${zh} 第${i + 1}项`, en: `${en}, item ${i + 1}` },
        maxPoints,
      };
    });
  }
  return items;
}
