import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";

/** The government work score, the budget series and the assessment settings of a campaign. */

export async function governmentScores(
  db: Kysely<Database>,
  campaignId: number,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("government_score")
    .select(["indicator_id", "score"])
    .where("campaign_id", "=", campaignId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.indicator_id, Number(r.score)]));
}

/** Sets the given scores; null deletes an indicator's score. Run inside a transaction. */
export async function saveGovernmentScores(
  db: Kysely<Database>,
  campaignId: number,
  scores: Readonly<Record<string, number | null>>,
  updatedBy: string,
): Promise<void> {
  for (const [indicatorId, score] of Object.entries(scores)) {
    if (score === null) {
      await db
        .deleteFrom("government_score")
        .where("campaign_id", "=", campaignId)
        .where("indicator_id", "=", indicatorId)
        .execute();
      continue;
    }
    const values = { score, updated_by: updatedBy, updated_at: new Date() };
    await db
      .insertInto("government_score")
      .values({ campaign_id: campaignId, indicator_id: indicatorId, ...values })
      .onConflict((oc) => oc.columns(["campaign_id", "indicator_id"]).doUpdateSet(values))
      .execute();
  }
}

type PerLevel = Partial<Record<"primary" | "junior", number | null>>;

export interface BudgetYearRow {
  year: number;
  educationAppropriation: number | null;
  regularFiscalRevenue: number | null;
  staffPay: number | null;
  perStudentSpending: PerLevel;
  perStudentPublicFunds: PerLevel;
}

const num = (v: number | null) => (v === null ? null : Number(v));

export async function budgetYears(
  db: Kysely<Database>,
  campaignId: number,
): Promise<BudgetYearRow[]> {
  const rows = await db
    .selectFrom("budget_year")
    .selectAll()
    .where("campaign_id", "=", campaignId)
    .orderBy("year")
    .execute();
  return rows.map((r) => ({
    year: r.year,
    educationAppropriation: num(r.education_appropriation),
    regularFiscalRevenue: num(r.regular_fiscal_revenue),
    staffPay: num(r.staff_pay),
    perStudentSpending: r.per_student_spending,
    perStudentPublicFunds: r.per_student_public_funds,
  }));
}

/** Replaces the whole series. Run inside a transaction. */
export async function replaceBudgetYears(
  db: Kysely<Database>,
  campaignId: number,
  years: readonly BudgetYearRow[],
  updatedBy: string,
): Promise<void> {
  await db.deleteFrom("budget_year").where("campaign_id", "=", campaignId).execute();
  if (years.length === 0) return;
  await db
    .insertInto("budget_year")
    .values(
      years.map((y) => ({
        campaign_id: campaignId,
        year: y.year,
        education_appropriation: y.educationAppropriation,
        regular_fiscal_revenue: y.regularFiscalRevenue,
        staff_pay: y.staffPay,
        per_student_spending: JSON.stringify(y.perStudentSpending),
        per_student_public_funds: JSON.stringify(y.perStudentPublicFunds),
        updated_by: updatedBy,
      })),
    )
    .execute();
}

export interface AssessmentSettingsRow {
  disabledEnrolmentRate: number | null;
  schemeOverrides: Record<string, unknown> | null;
}

export async function assessmentSettings(
  db: Kysely<Database>,
  campaignId: number,
): Promise<AssessmentSettingsRow> {
  const row = await db
    .selectFrom("assessment_settings")
    .select(["disabled_enrolment_rate", "scheme_overrides"])
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
  return {
    disabledEnrolmentRate: row ? num(row.disabled_enrolment_rate) : null,
    schemeOverrides: row?.scheme_overrides ?? null,
  };
}

export async function saveAssessmentSettings(
  db: Kysely<Database>,
  campaignId: number,
  settings: AssessmentSettingsRow,
  updatedBy: string,
): Promise<void> {
  const values = {
    disabled_enrolment_rate: settings.disabledEnrolmentRate,
    scheme_overrides:
      settings.schemeOverrides === null ? null : JSON.stringify(settings.schemeOverrides),
    updated_by: updatedBy,
    updated_at: new Date(),
  };
  await db
    .insertInto("assessment_settings")
    .values({ campaign_id: campaignId, ...values })
    .onConflict((oc) => oc.column("campaign_id").doUpdateSet(values))
    .execute();
}
