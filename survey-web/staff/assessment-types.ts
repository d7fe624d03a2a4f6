// The assessment API's answers (issue 5) as the staff pages read them; see api/routes/assessment*.ts.

export type CriterionStatus = "pass" | "fail" | "unknown";

export interface Label {
  zh: string;
  en: string;
}

export interface ReadinessCriterion {
  criterion: string;
  kind: "condition" | "veto";
  status: CriterionStatus;
  margin?: number;
  holders: string[];
  holderKind: "schools" | "departments";
  indicators?: string[];
  note?: "at_risk" | "borderline" | "incomplete" | "entered";
  label?: Label;
  evaluation?: string;
  entry?: { note: string; dueDate: string | null };
}

export interface GovernmentScoreSummary {
  total: number;
  maxPossible: number;
  passMark: number;
  missing: string[];
  status: CriterionStatus;
  margin: number | null;
}

export interface ThreeGrowthsView {
  years: {
    year: number;
    conditions: Record<
      "appropriation" | "perStudentSpending" | "payAndPublicFunds",
      CriterionStatus
    >;
    status: CriterionStatus;
  }[];
  missedYears: number[];
  unknownYears: number[];
  status: CriterionStatus;
}

export interface ReadinessView {
  schemeId: string;
  schemeLabel: Label;
  schoolYear: string | null;
  status: CriterionStatus;
  criteria: ReadinessCriterion[];
  details: {
    satisfaction: { estimate: number; lowerBound: number; verdict: string } | null;
    satisfactionThreshold: number;
    disabledEnrolmentRate: number | null;
    disabledEnrolmentThreshold: number;
    governmentScore: GovernmentScoreSummary | null;
    threeGrowths: ThreeGrowthsView | null;
    schoolStandards: {
      status: CriterionStatus;
      failing: string[];
      unknown: string[];
      schools: { schoolId: string; level: string; status: CriterionStatus; missed: string[] }[];
    } | null;
    schoolsWithoutData: string[];
  };
  schoolNames: Record<string, string>;
}

export interface IncludedSchool {
  schoolId: string;
  students: number;
  value: number;
  varianceShare: number;
}

export interface CoefficientView {
  status: "ok" | "undefined" | "not_meaningful";
  cv?: number;
  mean?: number;
  reason?: string;
  borderline?: boolean | null;
  schools: IncludedSchool[];
  excluded: { schoolId: string; reason: string }[];
}

export interface LevelEvaluation {
  level: "primary" | "junior";
  threshold: number;
  aggregation: "composite_mean" | "each";
  composite: number | null;
  status: CriterionStatus;
  margin: number | null;
  borderline: boolean;
  above: string[];
  undefinedIndicators: string[];
  notMeaningful: string[];
  indicators: {
    indicatorId: string;
    coefficient: CoefficientView;
    value: number | null;
    status: CriterionStatus | null;
    margin: number | null;
    topContributors: IncludedSchool[];
  }[];
}

export interface CoefficientsView {
  schemeId: string;
  schoolYear: string | null;
  aggregation: "composite_mean" | "each";
  thresholds: Record<"primary" | "junior", number>;
  borderlineMargin: number;
  indicators: { id: string; label: Label; unit: string; scale: number }[];
  levels: LevelEvaluation[];
  withoutData: string[];
  schoolNames: Record<string, string>;
}

export interface VetoItemView {
  itemId: string;
  label: Label;
  evaluation: string;
  schemeDepartments: string[];
  entry: {
    status: "met" | "not_met" | "unknown";
    note: string;
    departments: string[] | null;
    dueDate: string | null;
    updatedBy: string;
    updatedAt: string;
  } | null;
  files: { id: number; fileName: string; mediaType: string; size: number; uploadedAt: string }[];
}

export interface VetoEntryDraft {
  status: "met" | "not_met" | "unknown";
  note: string;
  departments: string[] | null;
  dueDate: string | null;
}

export interface GovernmentScoreView {
  passMark: number | null;
  indicators: {
    id: string;
    aspect: string;
    label: Label;
    maxPoints: number;
    score: number | null;
  }[];
  summary: GovernmentScoreSummary | null;
}

export interface BudgetYear {
  year: number;
  educationAppropriation: number | null;
  regularFiscalRevenue: number | null;
  staffPay: number | null;
  perStudentSpending: { primary?: number | null; junior?: number | null };
  perStudentPublicFunds: { primary?: number | null; junior?: number | null };
}

export interface BudgetYearsView {
  years: BudgetYear[];
  threeGrowths: ThreeGrowthsView | null;
}

export interface AssessmentSettings {
  disabledEnrolmentRate: number | null;
  schemeOverrides: Record<string, unknown> | null;
}

export interface WhatIfView {
  indicator: string;
  level: "primary" | "junior";
  schoolId: string;
  fromResource: number | null;
  toResource: number;
  before: CoefficientView;
  after: CoefficientView;
  change: number | null;
}
