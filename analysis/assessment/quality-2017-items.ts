import type { CheckedItem, FigureCheck, ItemBasis, ItemCheck } from "./checked-items.ts";

/**
 * The 2017 method's items beside its coefficients (docs/assessment.md, The 2017 method in full):
 * the two application conditions, the nine education-quality items and the fifteen
 * government-guarantee items. Items marked "unconfirmed" are in circulation but no source we hold
 * confirms them (待核): they ship as editable data for the province to check, never as fact.
 * Departments are defaults that every entry can replace.
 */
const item = (
  zh: string,
  en: string,
  departments: string[],
  basis: ItemBasis,
  check: ItemCheck = { kind: "manual" },
): CheckedItem => ({ label: { zh, en }, departments, basis, check });

const figure = (
  zh: string,
  en: string,
  unit: FigureCheck["unit"],
  comparison: FigureCheck["comparison"],
  threshold: number,
  basis?: ItemBasis,
): FigureCheck => ({
  label: { zh, en },
  unit,
  comparison,
  threshold,
  ...(basis ? { basis } : {}),
});

const figures = (list: Record<string, FigureCheck>): ItemCheck => ({
  kind: "figures",
  figures: list,
});

const bureau = ["区教委"];

export const applicationConditions2017: Record<string, CheckedItem> = {
  basic_recognised: item(
    "通过义务教育发展基本均衡县（区）国家认定三年以上",
    "Recognised for basic balanced development at least three years ago",
    ["区教委", "区政府办公室"],
    "sourced",
  ),
  monitoring_high: item(
    "基本均衡认定后年度监测持续保持较高水平",
    "Yearly monitoring since that recognition stayed at a high level",
    bureau,
    "sourced",
  ),
};

export const qualityItems2017: Record<string, CheckedItem> = {
  junior_retention: item(
    "初中三年巩固率达到 95% 以上",
    "Junior three-year retention at least 95 %",
    bureau,
    "sourced",
    figures({
      junior_retention: figure(
        "初中三年巩固率",
        "Junior three-year retention",
        "share",
        "at_least",
        0.95,
      ),
    }),
  ),
  disabled_enrolment: item(
    "残疾儿童少年入学率达到 95% 以上",
    "Enrolment of children with disabilities at least 95 %",
    ["区教委", "区残联"],
    "sourced",
    { kind: "disabled_enrolment" },
  ),
  charter_ict: item(
    "所有学校制定章程，实现学校管理与教学信息化",
    "Every school has a charter and information-based management and teaching",
    bureau,
    "sourced",
  ),
  training_share: item(
    "所有学校按不低于年度公用经费预算总额的 5% 安排教师培训经费",
    "Every school spends at least 5 % of its yearly public-funds budget on teacher training",
    ["区教委", "区财政局"],
    "sourced",
    {
      kind: "school_share",
      numerator: "teacher_training_spending",
      denominator: "public_funds_budget",
      atLeast: 0.05,
    },
  ),
  ict_use: item(
    "教师能熟练运用信息化手段组织教学，设施设备利用率较高",
    "Teachers use ICT fluently in teaching; equipment is well used",
    bureau,
    "sourced",
  ),
  moral_culture: item(
    "所有学校德育工作、校园文化建设水平达到良好以上",
    "Moral education and school culture rated good or better in every school",
    bureau,
    "sourced",
  ),
  curriculum: item(
    "课程开齐开足，教学秩序规范，综合实践活动有效开展",
    "The full curriculum taught, orderly teaching, practical activities carried out",
    bureau,
    "sourced",
  ),
  homework: item("无过重课业负担", "No excessive homework burden", bureau, "sourced"),
  quality_monitoring: item(
    "国家义务教育质量监测相关科目学生学业水平达到Ⅲ级以上，且校际差异率低于 0.15",
    "National quality monitoring: relevant subjects at level III or above, inter-school difference rate below 0.15",
    bureau,
    "sourced",
    figures({
      lowest_level: figure(
        "相关科目中最低的学业水平等级（1–4 对应Ⅰ–Ⅳ级）",
        "Lowest level among the relevant subjects (1–4 for I–IV)",
        "level",
        "at_least",
        3,
      ),
      difference_rate: figure(
        "相关科目中最高的校际差异率",
        "Highest inter-school difference rate among the relevant subjects",
        "number",
        "below",
        0.15,
      ),
    }),
  ),
};

export const guaranteeItems2017: Record<string, CheckedItem> = {
  layout: item(
    "县域内义务教育学校规划布局合理，符合国家规定要求",
    "School layout planned and lawful",
    ["区教委", "区规划自然资源局"],
    "sourced",
  ),
  unified_standards: item(
    "城乡学校统一建设标准、教职工编制标准、生均公用经费基准定额和基本装备配置标准",
    "Urban and rural schools under one standard for building, staffing quota, per-student public funds and basic equipment",
    ["区教委", "区编办", "区财政局"],
    "sourced",
  ),
  music_art_rooms: item(
    "每 12 个班级配备音乐、美术专用教室各 1 间以上",
    "Music and art rooms, one each per 12 classes",
    bureau,
    "unconfirmed",
  ),
  school_size: item(
    "小学、初中规模不超过 2000 人，九年一贯制、十二年一贯制学校义务教育阶段不超过 2500 人",
    "Schools of at most 2,000 pupils (2,500 for nine- and twelve-year schools)",
    bureau,
    "unconfirmed",
  ),
  class_size: item(
    "小学、初中班额分别不超过 45 人、50 人",
    "Classes of at most 45 (primary) and 50 (junior) pupils",
    bureau,
    "unconfirmed",
  ),
  small_school_funds: item(
    "不足 100 名学生的村小学和教学点按 100 名学生核定公用经费；特殊教育学校公用经费达到规定标准",
    "Village schools and teaching points under 100 pupils funded as 100; special-school funds as required",
    ["区财政局", "区教委"],
    "unconfirmed",
  ),
  teacher_pay: item(
    "教师平均工资收入水平不低于当地公务员平均工资收入水平",
    "Teachers' average pay not below local civil servants'",
    ["区人社局", "区财政局", "区教委"],
    "sourced",
  ),
  training_hours: item(
    "教师 5 年 360 学时培训完成率达到 100%",
    "Every teacher completes 360 training hours in 5 years",
    bureau,
    "unconfirmed",
    figures({
      training_completion: figure(
        "5 年 360 学时培训完成率",
        "Share of teachers who completed 360 hours in 5 years",
        "share",
        "at_least",
        1,
      ),
    }),
  ),
  staffing_pool: item(
    "县级教育行政部门在核定的编制总额和岗位总量内统筹分配各校教职工编制和岗位",
    "The county bureau allocates staffing quotas and posts among schools from one pool",
    ["区编办", "区人社局", "区教委"],
    "unconfirmed",
  ),
  teacher_rotation: item(
    "每年交流轮岗教师不低于符合交流条件教师总数的 10%",
    "At least 10 % of eligible teachers rotate between schools each year",
    ["区教委", "区人社局"],
    "sourced",
    figures({
      rotation_share: figure(
        "交流轮岗教师占符合交流条件教师的比例",
        "Rotating teachers as a share of eligible teachers",
        "share",
        "at_least",
        0.1,
      ),
      backbone_share: figure(
        "骨干教师占交流轮岗教师的比例",
        "Backbone teachers as a share of rotating teachers",
        "share",
        "at_least",
        0.2,
        "unconfirmed",
      ),
    }),
  ),
  certified_teachers: item(
    "专任教师持有教师资格证上岗率达到 100%",
    "Every full-time teacher holds a teaching certificate",
    bureau,
    "unconfirmed",
    figures({
      certified_share: figure(
        "专任教师持证上岗率",
        "Share of full-time teachers certified",
        "share",
        "at_least",
        1,
      ),
    }),
  ),
  nearby_admission: item(
    "城区和镇区公办小学、初中就近划片入学比例分别达到 100%、95%",
    "Nearby-zone admission in public schools: 100 % in urban areas, 95 % in towns",
    bureau,
    "sourced",
    figures({
      urban_share: figure(
        "城区公办学校就近划片入学比例",
        "Urban public schools: nearby-zone admission",
        "share",
        "at_least",
        1,
      ),
      town_share: figure(
        "镇区公办学校就近划片入学比例",
        "Town public schools: nearby-zone admission",
        "share",
        "at_least",
        0.95,
      ),
    }),
  ),
  senior_high_allocation: item(
    "优质普通高中招生名额分配到初中的比例不低于 50%，并向农村初中倾斜",
    "At least 50 % of quality senior-high places allocated to junior schools, leaning rural",
    ["区教委"],
    "sourced",
    figures({
      allocated_share: figure(
        "优质高中招生名额分配比例",
        "Share of quality senior-high places allocated",
        "share",
        "at_least",
        0.5,
      ),
    }),
  ),
  migrant_children: item(
    "符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于 85%",
    "At least 85 % of eligible migrant children in public or state-funded private schools",
    ["区教委", "区公安局"],
    "sourced",
    figures({
      migrant_share: figure(
        "随迁子女在公办学校或政府购买服务的民办学校就读比例",
        "Eligible migrant children in public or state-funded private schools",
        "share",
        "at_least",
        0.85,
      ),
    }),
  ),
  left_behind_children: item(
    "农村留守儿童关爱体系健全",
    "A working system of care for left-behind children",
    ["区民政局", "区教委"],
    "unconfirmed",
  ),
};
