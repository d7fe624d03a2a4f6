// The JSON the staff pages read, as seen over HTTP. survey-web reaches api/ only
// over HTTP (STYLE.md), so these mirror the server's shapes rather than import them.

export type StaffRole = "admin" | "school" | "publicity" | "viewer";
export type AreaType = "urban" | "town" | "rural";
/** Breakdown counts shown to non-admins: under 5 people come as the string "<5". */
export type Count = number | "<5";

export interface StaffUser {
  id: number;
  username: string;
  role: StaffRole;
  schoolId: number | null;
  displayName: string | null;
}

export interface Me {
  user: StaffUser;
  csrfToken: string;
}

export interface CampaignSummary {
  id: number;
  name: string;
  district?: string;
  scheme?: string;
  status: string;
  opensAt: string;
  closesAt: string;
}

export interface AreaPopulations {
  urban: number | null;
  town: number | null;
  rural: number | null;
}

export interface CampaignDetail extends CampaignSummary {
  isDemo?: boolean;
  residentPopulation: number | null;
  areaPopulations: AreaPopulations;
  /** The bureau's total target, when it plans more than the computed one. */
  targetOverride: number | null;
  /** DOMAIN.md §4's n from the resident population. */
  computedTarget: number;
  /** The target in force: the larger of the two. */
  target: number;
}

export interface CampaignPatch {
  name?: string;
  closesAt?: string;
  residentPopulation?: number | null;
  areaPopulations?: Partial<AreaPopulations> | null;
  targetOverride?: number | null;
}

export interface SamplePlan {
  campaignId: number;
  scheme: string;
  total: number;
  byGroup: Record<string, number>;
  parentsBySchool: Record<string, number>;
  byArea: Partial<Record<AreaType, number>> | null;
}

export interface SchoolRow {
  id: number;
  code: string;
  name: string;
  town?: string;
  areaType: AreaType;
  levels?: string[];
  enrolment?: Partial<Record<"primary" | "junior" | "senior", number>>;
  teachers?: number | null;
  students?: number;
}

export interface SchoolPatch {
  name?: string;
  town?: string;
  areaType?: AreaType;
  levels?: string[];
  enrolment?: Partial<Record<"primary" | "junior" | "senior", number>>;
  teachers?: number | null;
}

export interface ImportSummary {
  inserted: number;
  updated: number;
  total: number;
}

export interface RowError {
  line: number;
  column: string | null;
  message: string;
}

export interface StaffChannel {
  id: number;
  token: string;
  label: string;
  kind?: string;
  schoolId: number | null;
  schoolName: string | null;
  presetGroup: string | null;
  url: string;
}

export type ChannelKind = "school" | "class" | "wechat_group" | "event" | "respondent_group";

export interface ChannelDraft {
  label: string;
  kind: ChannelKind;
  schoolId?: number;
  respondentGroup?: string;
}

/** GET /api/campaigns/:id/dashboard (api/dashboard/dashboard.ts). */
export interface Dashboard {
  campaign: { id: number; name: string; opensAt: string; closesAt: string; status: string };
  generatedAt: string;
  scope: "campaign" | "school";
  /** The scope's school; null for the whole campaign. */
  school: { id: number; code: string; name: string } | null;
  /** Share of the campaign window elapsed, 0–1: the yardstick of `lagging`. */
  elapsedShare: number;
  targets: {
    total: { target: number; responses: Count };
    byGroup: { group: string; target: number | null; responses: Count }[];
    byArea: { areaType: AreaType; target: number | null; responses: Count }[];
  };
  schools: DashboardSchool[];
  /** UTC hours (ISO). */
  hourly: { hour: string; responses: Count }[];
  funnel: {
    opened: Count;
    started: Count;
    completed: Count;
    /** 1-based pages. */
    byPage: { page: number; reached: Count }[];
  };
  channels: DashboardChannel[];
}

export interface DashboardSchool {
  id: number;
  code: string;
  name: string;
  town: string;
  areaType: AreaType;
  /** Every response attributed to the school. */
  responses: Count;
  /** Parents among them: what the school's target counts. */
  parentResponses: Count;
  /** The plan's parent target for the school. */
  target: number;
  /** parentResponses ÷ target. */
  pctOfTarget: number | null;
  opened: Count;
  completed: Count;
  /** completed ÷ opened. */
  validReturnRate: number | null;
  lastResponseAt: string | null;
  lagging: boolean;
}

export interface DashboardChannel {
  id: number;
  label: string;
  schoolCode: string | null;
  respondentGroup: string | null;
  opened: Count;
  started: Count;
  completed: Count;
}

/** A 95 % interval as [lower, upper]. */
export type Pair = [number, number];

/** A figure of the report (analysis/analysis-report.ts), counts suppressed for non-admins. */
export interface ReportFigure {
  /** overall_item, respondent_share, respondent_satisfied, score, item_favourable, item_score, awareness, source_share */
  definition: string;
  scale: "proportion" | "score";
  estimate: number | null;
  se: number | null;
  df: Count | null;
  ci: { logit?: Pair; beta?: Pair; t?: Pair; method?: Record<string, string> } | null;
  lowerBound: number | null;
  nEff: Count | null;
  n: Count;
  rows: Count;
  smallSample: boolean;
}

export type ReportEntry = ReportFigure & { unweighted: ReportFigure };

export type BreakdownRow = ReportEntry & { key: string; label: string | null };

export interface Verdict {
  verdict: "pass" | "at_risk" | "fail";
  /** On the figure's scale: 0.85 for proportions, 85 for scores. */
  threshold: number;
  estimate: number;
  lowerBound: number;
  lowerBoundMethod: string;
  moreResponses: number | null;
}

export interface GroupWeights {
  respondents: Count;
  groupWeight: number | null;
  poststratified: boolean;
  shares: "enrolment" | "teachers" | null;
  emptySchools: string[];
}

export interface Report {
  satisfaction: ReportEntry & { verdict: Verdict | null; byGroup: Record<string, ReportEntry> };
  awareness: ReportEntry & { byGroup: Record<string, ReportEntry> };
  breakdowns: {
    satisfaction: Partial<Record<string, BreakdownRow[]>>;
    awareness: Partial<Record<string, BreakdownRow[]>>;
  };
  weights: {
    n: Count;
    min: number;
    max: number;
    ratio: number;
    kishNEff: number;
    designEffect: number;
    byGroup: Record<string, GroupWeights>;
  };
  sample: {
    rows: Count;
    byGroup: Record<string, Count>;
    byAreaType: Record<string, Count>;
    bySchool: Record<string, Count>;
  };
  warnings: { code: string; group: string }[];
  /** Figures without the excluded responses (the report) and with them, side by side. */
  exclusions: {
    responses: number;
    withExcluded: {
      rows: number;
      satisfaction: Report["satisfaction"];
      awareness: Report["awareness"];
    } | null;
  };
  config: Record<string, unknown>;
  items: string[];
}

/** GET/PUT /api/campaigns/:id/analysis-settings (api/analysis/analysis-settings-store.ts). */
export interface AnalysisSettingsView {
  /** The stored settings (only the keys chosen), or null for the defaults. */
  settings: Record<string, unknown> | null;
  updatedAt: string | null;
  /** The config a report runs with; null when a problem stops the report. */
  config: Record<string, unknown> | null;
  problems: string[];
  defaults: Record<string, unknown>;
}
