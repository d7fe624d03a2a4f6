import type { Kysely } from "kysely";
import { basic2012 } from "../../analysis/assessment/index.ts";
import type { Database } from "../db/database.ts";
import {
  type NewSchoolIndicator,
  replaceBudgetYears,
  saveAssessmentSettings,
  saveGovernmentScores,
  saveVetoEntry,
  upsertSchoolIndicators,
} from "../assessment/index.ts";
import type { CampaignSetup } from "./campaign-setup.ts";
import { demoDistrict } from "./demo-district.ts";
import { seededRandom } from "./random.ts";

/**
 * The demo district's assessment inputs, so its readiness page shows every status:
 * school figures for 2025-2026 in the range real districts report (two rural schools trail, one
 * of them far enough to miss its basic standard; the 38-pupil teaching point is left out of the
 * coefficients), a budget series with one year of weak growth, a few veto entries, the
 * government score and the disabled-children rate. Made up; any likeness is chance.
 */
type Level = "primary" | "junior";

/** Per student (per part); the two direct values are per school. */
const perStudent: Record<string, Record<Level, number>> = {
  teaching_auxiliary_floor_area: { primary: 4.6, junior: 6.1 },
  sports_ground_area: { primary: 7.8, junior: 10.6 },
  equipment_value: { primary: 2100, junior: 2700 },
  computers: { primary: 0.13, junior: 0.16 },
  books: { primary: 26, junior: 36 },
  multimedia_classrooms: { primary: 0.025, junior: 0.026 },
  school_site_area: { primary: 23, junior: 29 },
  school_building_area: { primary: 7.4, junior: 9.6 },
};
const teachersPerStudent: Record<string, Record<Level, number>> = {
  teachers: { primary: 0.058, junior: 0.081 },
  teachers_above_degree: { primary: 0.046, junior: 0.058 },
  teachers_intermediate_title: { primary: 0.031, junior: 0.042 },
  backbone_teachers: { primary: 0.0115, junior: 0.0118 },
  pe_art_teachers: { primary: 0.0105, junior: 0.0102 },
};
const direct: Record<string, Record<Level, number>> = {
  average_class_size: { primary: 41, junior: 46 },
  public_funds_per_student: { primary: 740, junior: 940 },
};

/** How well each school is equipped against the district's typical figures. */
const provision: Record<string, number> = { DS009: 0.8, DS010: 0.58, DS011: 0.7 };

const schoolYear = "2025-2026";
const by = "demo";

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function demoSchoolIndicators(setup: CampaignSetup): NewSchoolIndicator[] {
  const random = seededRandom(20261201);
  const rows: NewSchoolIndicator[] = [];
  for (const spec of demoDistrict.schools) {
    const school = setup.schools.find((s) => s.code === spec.code);
    if (!school) continue;
    const factor = (provision[spec.code] ?? 1) * (0.9 + random() * 0.25);
    const levels = spec.levels.filter((l): l is Level => l === "primary" || l === "junior");
    const enrolment = spec.enrolment as Partial<Record<Level, number>>;
    const kind = spec.code === "DS011" ? "teaching_point" : "regular";
    const facilities = (only?: Level) => {
      const figures: Record<string, number> = {};
      for (const [key, base] of Object.entries(perStudent)) {
        const total = levels
          .filter((l) => only === undefined || l === only)
          .reduce((sum, l) => sum + (enrolment[l] ?? 0) * base[l], 0);
        figures[key] = round(total * factor * Math.exp((random() * 2 - 1) * 0.6 + 0.12));
      }
      return figures;
    };
    const part = (level: Level) => {
      const students = enrolment[level] ?? 0;
      const figures: Record<string, number> = {};
      for (const [key, base] of Object.entries(teachersPerStudent)) {
        figures[key] = Math.max(1, round(students * base[level] * (0.85 + random() * 0.6)));
      }
      for (const [key, base] of Object.entries(direct)) {
        figures[key] = round(base[level] * (0.95 + random() * 0.12));
      }
      return figures;
    };
    const source = "教育事业统计 基础基表（演示）";
    if (levels.length === 1) {
      const level = levels[0] as Level;
      rows.push({
        schoolId: school.id,
        schoolYear,
        level,
        kind,
        students: null,
        resources: { ...facilities(level), ...part(level) },
        source,
        updatedBy: by,
      });
      continue;
    }
    rows.push({
      schoolId: school.id,
      schoolYear,
      level: "school",
      kind,
      students: null,
      resources: facilities(),
      source,
      updatedBy: by,
    });
    for (const level of levels) {
      rows.push({
        schoolId: school.id,
        schoolYear,
        level,
        kind,
        students: null,
        resources: part(level),
        source,
        updatedBy: by,
      });
    }
  }
  return rows;
}

/** Yuan: appropriation grows faster than revenue except in 2023; per-student figures grow. */
function budgetSeries() {
  const appropriation = [41.2e8, 44.0e8, 45.1e8, 48.9e8, 52.6e8];
  const revenue = [180e8, 189e8, 199e8, 206e8, 214e8];
  return [2021, 2022, 2023, 2024, 2025].map((year, i) => ({
    year,
    educationAppropriation: appropriation[i] ?? null,
    regularFiscalRevenue: revenue[i] ?? null,
    staffPay: 118_000 + i * 4_200,
    perStudentSpending: { primary: 13_600 + i * 420, junior: 17_900 + i * 510 },
    perStudentPublicFunds: { primary: 720 + i * 20, junior: 910 + i * 25 },
  }));
}

export async function seedDemoAssessment(
  db: Kysely<Database>,
  setup: CampaignSetup,
): Promise<void> {
  const campaignId = setup.campaignId;
  await upsertSchoolIndicators(db, campaignId, demoSchoolIndicators(setup));
  await replaceBudgetYears(db, campaignId, budgetSeries(), by);
  await saveAssessmentSettings(
    db,
    campaignId,
    { disabledEnrolmentRate: 0.962, schemeOverrides: null },
    by,
  );
  // Most items scored, two still open: the total is provisional.
  const indicators = Object.entries(basic2012.governmentScore?.indicators ?? {});
  const scores = Object.fromEntries(
    indicators.slice(0, -2).map(([id, item], i) => [id, item.maxPoints - (i % 3 === 0 ? 1 : 0.5)]),
  );
  await saveGovernmentScores(db, campaignId, scores, by);
  const entries = [
    {
      itemId: "weak_school_renovation",
      status: "not_met" as const,
      note: "柳河镇河西小学教学楼改造在建，预计明年春季完工。",
      departments: null,
      dueDate: "2026-04-30",
    },
    {
      itemId: "safety",
      status: "met" as const,
      note: "秋季学期校舍安全排查已完成，无重大隐患。",
      departments: null,
      dueDate: null,
    },
    {
      itemId: "fund_misuse",
      status: "met" as const,
      note: "区审计局 2025 年专项审计未发现问题。",
      departments: null,
      dueDate: null,
    },
    {
      itemId: "falsification",
      status: "unknown" as const,
      note: "待区政府办公室出具承诺书。",
      departments: ["区政府办公室"],
      dueDate: "2026-01-15",
    },
  ];
  for (const { itemId, ...entry } of entries) {
    await saveVetoEntry(db, campaignId, itemId, { ...entry, updatedBy: by });
  }
}
