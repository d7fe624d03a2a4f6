import { coreIndicators2012, governmentIndicators } from "./placeholders-2012.ts";
import {
  applicationConditions2017,
  guaranteeItems2017,
  qualityItems2017,
} from "./quality-2017-items.ts";
import type {
  CoefficientIndicator,
  Scheme,
  SplitRule,
  StandardIndicator,
  VetoItem,
} from "./scheme.ts";

/**
 * The two national schemes (docs/assessment.md, The two schemes): `basic_2012` (教督〔2012〕3号, the
 * seed plan's) and `quality_2017` (教督〔2017〕6号). Figures marked `placeholder: true` (the 13 core
 * indicators' thresholds) and the 17 government-score items are stand-ins the province must set
 * through `applySchemeOverrides`, as are the 2017 items marked "unconfirmed" (待核); everything
 * else is quoted from docs/assessment.md.
 */

/**
 * Resource keys the built-in schemes read from `SchoolData.resources`: raw numerators per school
 * part (units in brackets) and a few values reported directly.
 */
export const standardResources = {
  teaching_auxiliary_floor_area: "教学及辅助用房面积 (m²)",
  sports_ground_area: "体育运动场馆面积 (m²)",
  equipment_value: "教学仪器设备值 (yuan)",
  computers: "计算机台数",
  books: "图书册数",
  multimedia_classrooms: "网络多媒体教室数",
  school_site_area: "占地面积 (m²)",
  school_building_area: "校舍建筑面积 (m²)",
  teachers: "专任教师数",
  teachers_above_degree: "高于规定学历教师数",
  teachers_intermediate_title: "中级及以上专业技术职务教师数",
  backbone_teachers: "县级及以上骨干教师数",
  pe_art_teachers: "体育、艺术专任教师数",
  average_class_size: "平均班额 (direct)",
  public_funds_per_student: "生均公用经费 (yuan, direct)",
  public_funds_budget: "年度公用经费预算总额 (yuan)",
  teacher_training_spending: "教师培训经费 (yuan)",
} as const;

const facility = (
  zh: string,
  en: string,
  resource: string,
  unit: string,
  scale = 1,
): CoefficientIndicator => ({ label: { zh, en }, resource, scale, kind: "facility", unit });
const teacher = (
  zh: string,
  en: string,
  resource: string,
  unit: string,
  scale = 1,
): CoefficientIndicator => ({ label: { zh, en }, resource, scale, kind: "teacher", unit });

const floorArea = facility(
  "生均教学及辅助用房面积",
  "Teaching and auxiliary floor area per student",
  "teaching_auxiliary_floor_area",
  "m²",
);
const sportsGround = facility(
  "生均体育运动场馆面积",
  "Sports ground area per student",
  "sports_ground_area",
  "m²",
);
const equipment = facility(
  "生均教学仪器设备值",
  "Teaching equipment value per student",
  "equipment_value",
  "yuan",
);

/**
 * The split rule published locally (docs/assessment.md, Multi-level schools; configurable):
 * facility resources only.
 */
const defaultSplit: SplitRule = {
  weights: { primary: 1, junior: 1.1, senior: 1.32 },
  completeMiddleWeights: { junior: 1, senior: 1.2 },
  splitResources: [
    "teaching_auxiliary_floor_area",
    "sports_ground_area",
    "equipment_value",
    "computers",
    "books",
    "multimedia_classrooms",
    "school_site_area",
    "school_building_area",
    // Both sides of the training share, so every part of a school keeps the school's share.
    "public_funds_budget",
    "teacher_training_spending",
  ],
};

const perStudent = (resource: string, scale = 1) =>
  ({ kind: "per_student", resource, scale }) as const;

const veto = (
  zh: string,
  en: string,
  departments: string[],
  evaluation: VetoItem["evaluation"] = "manual",
): VetoItem => ({
  label: { zh, en },
  departments,
  evaluation,
});

export const basic2012: Scheme = {
  id: "basic_2012",
  label: { zh: "义务教育发展基本均衡（2012）", en: "Basic balanced development (2012)" },
  indicators: {
    floor_area: floorArea,
    sports_ground: sportsGround,
    equipment_value: equipment,
    computers_per_100: facility(
      "每百名学生拥有计算机台数",
      "Computers per 100 students",
      "computers",
      "per 100 students",
      100,
    ),
    books: facility("生均图书册数", "Books per student", "books", "books"),
    teachers: teacher("师生比", "Teachers per student", "teachers", "teachers"),
    teachers_above_degree: teacher(
      "生均高于规定学历教师数",
      "Teachers above the required degree per student",
      "teachers_above_degree",
      "teachers",
    ),
    teachers_intermediate_title: teacher(
      "生均中级及以上专业技术职务教师数",
      "Teachers with intermediate or higher titles per student",
      "teachers_intermediate_title",
      "teachers",
    ),
  },
  balance: {
    aggregation: "composite_mean",
    threshold: { primary: 0.65, junior: 0.55 },
    borderlineMargin: 0.005,
  },
  // The national 申报表 notes: private, non-county schools and every teaching point; special and
  // vocational schools are not regular compulsory schools either.
  exclusions: {
    teachingPointMinStudents: null,
    excludeAllTeachingPoints: true,
    excludeSpecialEducation: true,
    excludeVocational: true,
    excludePrivate: true,
    excludeNonCounty: true,
  },
  split: defaultSplit,
  schoolStandard: { rule: { kind: "max_missed", maxMissed: 3 }, indicators: coreIndicators2012 },
  satisfactionThreshold: 0.85,
  disabledEnrolmentThreshold: 0.8,
  governmentScore: { passMark: 85, indicators: governmentIndicators() },
  threeGrowths: { window: 3, maxMissedYears: 1 },
  // The seed plan's list, in its order; departments from its task list.
  vetoes: {
    weak_school_renovation: veto("未完成薄弱学校改造任务", "Weak-school renovation not completed", [
      "区教委",
      "区发改委",
    ]),
    disabled_enrolment: veto(
      "残疾儿童入学率不达标",
      "Disabled-children enrolment rate below standard",
      ["区教委"],
      "disabled_enrolment",
    ),
    three_growths: veto(
      "“三个增长”三年中两年不达标",
      "“Three growths” missed in two of three years",
      ["区财政局"],
      "three_growths",
    ),
    safety: veto("重大安全事故或隐患", "A major safety accident or hazard", ["区教委", "区公安局"]),
    satisfaction: veto(
      "公众满意度低于 85%",
      "Public satisfaction below 85 %",
      ["区教委"],
      "satisfaction",
    ),
    fund_misuse: veto("挤占、挪用、截留教育经费", "Education funds diverted or withheld", [
      "区财政局",
    ]),
    falsification: veto("督导评估工作弄虚作假", "Falsifying the assessment", [
      "区教委",
      "区政府办公室",
    ]),
    core_indicators: veto(
      "一所学校办学基本标准13项核心指标有4项不达标",
      "A school misses 4 of the 13 core standard indicators",
      ["区教委"],
      "school_standards",
    ),
  },
  applicationConditions: {},
  qualityItems: {},
  guaranteeItems: {},
};

/**
 * The 2017 indicators with their per-school minimums (primary / junior; docs/assessment.md, The
 * 2017 indicators and per-school minimums).
 */
const quality2017Indicators: Record<string, [CoefficientIndicator, number, number]> = {
  teachers_above_degree_per_100: [
    teacher(
      "每百名学生拥有高于规定学历教师数",
      "Teachers above the required degree per 100 students",
      "teachers_above_degree",
      "per 100 students",
      100,
    ),
    4.2,
    5.3,
  ],
  backbone_teachers_per_100: [
    teacher(
      "每百名学生拥有县级以上骨干教师数",
      "County-level-or-above backbone teachers per 100 students",
      "backbone_teachers",
      "per 100 students",
      100,
    ),
    1,
    1,
  ],
  pe_art_teachers_per_100: [
    teacher(
      "每百名学生拥有体育、艺术专任教师数",
      "PE and art teachers per 100 students",
      "pe_art_teachers",
      "per 100 students",
      100,
    ),
    0.9,
    0.9,
  ],
  floor_area: [floorArea, 4.5, 5.8],
  sports_ground: [sportsGround, 7.5, 10.2],
  equipment_value: [equipment, 2000, 2500],
  multimedia_classrooms_per_100: [
    facility(
      "每百名学生拥有网络多媒体教室数",
      "Networked multimedia classrooms per 100 students",
      "multimedia_classrooms",
      "per 100 students",
      100,
    ),
    2.3,
    2.4,
  ],
};

const entries2017 = Object.entries(quality2017Indicators);

export const quality2017: Scheme = {
  id: "quality_2017",
  label: { zh: "义务教育优质均衡发展（2017）", en: "High-quality balanced development (2017)" },
  indicators: Object.fromEntries(entries2017.map(([id, [indicator]]) => [id, indicator])),
  balance: {
    aggregation: "each",
    threshold: { primary: 0.5, junior: 0.45 },
    borderlineMargin: 0.005,
  },
  // Hebei's wording: special and vocational schools, and teaching points under 50 pupils.
  exclusions: {
    teachingPointMinStudents: 50,
    excludeAllTeachingPoints: false,
    excludeSpecialEducation: true,
    excludeVocational: true,
    excludePrivate: false,
    excludeNonCounty: false,
  },
  split: defaultSplit,
  schoolStandard: {
    rule: { kind: "min_met_with_floor", minMet: 6, floorShare: 0.85 },
    indicators: Object.fromEntries(
      entries2017.map(([id, [indicator, primary, junior]]) => [
        id,
        {
          label: indicator.label,
          measure: perStudent(indicator.resource, indicator.scale),
          comparison: "at_least",
          threshold: { primary, junior },
          placeholder: false,
        } satisfies StandardIndicator,
      ]),
    ),
  },
  satisfactionThreshold: 0.85,
  disabledEnrolmentThreshold: 0.95,
  governmentScore: null,
  // No source makes "three growths" a 2017 condition; a province adds it back with an override.
  threeGrowths: null,
  // The 2017 vetoes, 教督〔2017〕6号's list (configurable; docs/assessment.md, 2017 veto items).
  vetoes: {
    exam_admission: veto("以考试方式招生", "Admission by examination", ["区教委"]),
    illegal_school_choice: veto("违规择校行为", "Illegal school choice", ["区教委"]),
    key_schools_classes: veto("重点学校或重点班", "Key schools or key classes", ["区教委"]),
    unfilled_posts: veto(
      "“有编不补”或长期聘用编外教师",
      "Posts left unfilled or long-term teachers outside the quota",
      ["区编办", "区人社局", "区教委"],
    ),
    major_incident: veto(
      "教育系统重大安全责任事故或严重违纪违规事件",
      "A major safety accident or serious violation in the education system",
      ["区教委", "区公安局"],
    ),
    falsification: veto("弄虚作假行为", "Falsifying the assessment", ["区教委", "区政府办公室"]),
    satisfaction: veto(
      "社会认可度低于 85%",
      "Public recognition below 85 %",
      ["区教委"],
      "satisfaction",
    ),
  },
  applicationConditions: applicationConditions2017,
  qualityItems: qualityItems2017,
  guaranteeItems: guaranteeItems2017,
};

/** The built-in schemes by id. */
export const schemes: Readonly<Record<"basic_2012" | "quality_2017", Scheme>> = {
  basic_2012: basic2012,
  quality_2017: quality2017,
};
