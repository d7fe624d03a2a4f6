import type { SchoolSpec } from "./campaign-setup.ts";

/**
 * A made-up district: twelve schools across four towns and all three area
 * types, with enrolments in the range real districts report. Names are
 * fictional; any likeness to a real school is chance.
 */
export const demoDistrict = {
  name: "示范区义务教育发展基本均衡公众满意度调查（演示）",
  district: "示范区",
  province: "示范省",
  city: "示范市",
  bureauName: "示范区教育局",
  // A made-up office line: the demo shows where a bureau's real one goes.
  contactLine: "示范区教育局督导室 0000-0000000（工作日 9:00–17:00）",
  residentPopulation: 1_070_000,
  schools: [
    {
      code: "DS001",
      name: "示范区实验小学",
      town: "城关街道",
      areaType: "urban",
      levels: ["primary"],
      enrolment: { primary: 1850 },
    },
    {
      code: "DS002",
      name: "示范区第一中学",
      town: "城关街道",
      areaType: "urban",
      levels: ["junior"],
      enrolment: { junior: 1420 },
    },
    {
      code: "DS003",
      name: "城关第二小学",
      town: "城关街道",
      areaType: "urban",
      levels: ["primary"],
      enrolment: { primary: 1260 },
    },
    {
      code: "DS004",
      name: "东湖路学校",
      town: "东湖街道",
      areaType: "urban",
      levels: ["primary", "junior"],
      enrolment: { primary: 960, junior: 640 },
    },
    {
      code: "DS005",
      name: "东湖小学",
      town: "东湖街道",
      areaType: "urban",
      levels: ["primary"],
      enrolment: { primary: 880 },
    },
    {
      code: "DS006",
      name: "青山镇中心小学",
      town: "青山镇",
      areaType: "town",
      levels: ["primary"],
      enrolment: { primary: 720 },
    },
    {
      code: "DS007",
      name: "青山镇初级中学",
      town: "青山镇",
      areaType: "town",
      levels: ["junior"],
      enrolment: { junior: 610 },
    },
    {
      code: "DS008",
      name: "柳河镇中心学校",
      town: "柳河镇",
      areaType: "town",
      levels: ["primary", "junior"],
      enrolment: { primary: 540, junior: 380 },
    },
    {
      code: "DS009",
      name: "青山镇石桥村小学",
      town: "青山镇",
      areaType: "rural",
      levels: ["primary"],
      enrolment: { primary: 186 },
    },
    {
      code: "DS010",
      name: "柳河镇河西小学",
      town: "柳河镇",
      areaType: "rural",
      levels: ["primary"],
      enrolment: { primary: 143 },
    },
    {
      code: "DS011",
      name: "柳河镇北坡教学点",
      town: "柳河镇",
      areaType: "rural",
      levels: ["primary"],
      enrolment: { primary: 38 },
    },
    {
      code: "DS012",
      name: "青山镇第二初级中学",
      town: "青山镇",
      areaType: "rural",
      levels: ["junior"],
      enrolment: { junior: 295 },
    },
  ] satisfies SchoolSpec[],
  comments: [
    "希望学校增加课后服务的时间。",
    "食堂饭菜比以前好多了。",
    "希望村小也能配齐音乐美术老师。",
    "上学路上交通有点拥堵，希望增加护学岗。",
    "老师很负责，孩子进步明显。",
    "希望作业再少一些。",
    "学校操场翻新后孩子们很喜欢。",
  ],
} as const;
